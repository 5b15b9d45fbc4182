using Contracts.Generator.Model;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Emitting;

/// <summary>
/// Emits an endpoint's event type: one record struct with the kind as sent, one property per kind
/// the contract declares, the JSON of any other kind kept, and the decoder the event stream reader
/// calls. A struct, so that an event costs its model's allocation and no wrapper's: a stream of
/// small events is read about as fast as a hand-written loop reads it.
/// </summary>
internal static class EventTypeEmitter
{
    public static string Emit(EventsModel events, string route, string ns)
    {
        string type = CSharp.TypeName(ns, events.TypeName);
        var writer = SourceWriter.ForFile(ns);
        DocComment.Write(
            writer,
            $"One event of {DocComment.Code(route)}: <see cref=\"Kind\"/> says which property holds it.",
            "A kind the contract does not list is kept as its JSON in <see cref=\"UnknownJson\"/>, never an error.");
        writer.Line(CSharp.GeneratedCodeAttribute);
        using (writer.Block($"public readonly partial record struct {events.TypeName}"))
        {
            writer.Lines($$"""
                /// <summary>The event's kind as sent (its {{DocComment.Code(events.Discriminator)}}); empty when it had none.</summary>
                public required string Kind { get; init; }
                """);
            foreach (var kind in events.Kinds)
            {
                writer.Line();
                writer.Line($"/// <summary>The event, when its kind is {DocComment.Code(kind.Wire)}.</summary>");
                writer.Line($"public {CSharp.TypeName(ns, kind.Model)}? {kind.PropertyName} {{ get; init; }}");
            }

            writer.Lines($$"""

                /// <summary>The event's JSON as received, when its kind is none the contract lists.</summary>
                public string? UnknownJson { get; init; }

                /// <summary>Decodes one event: the model of its kind, or its JSON kept. The event stream reader calls it.</summary>
                /// <param name="kind">The event's kind.</param>
                /// <param name="reader">A reader on the event object's start.</param>
                /// <returns>The event.</returns>
                """);
            using (writer.Block($"public static {type} Decode(string kind, ref {KnownTypes.Utf8JsonReader} reader) => kind switch", closing: "};"))
            {
                foreach (var kind in events.Kinds)
                {
                    writer.Line($"{CSharp.StringLiteral(kind.Wire)} => new {type} {{ Kind = kind, {kind.PropertyName} = {CSharp.TypeName(ns, GeneratedNames.Converter(kind.Model))}.ReadValue(ref reader) }},");
                }

                writer.Line($"_ => new {type} {{ Kind = kind, UnknownJson = {KnownTypes.WireJson}.ReadAnyAsText(ref reader) }},");
            }
        }

        return writer.ToString();
    }
}
