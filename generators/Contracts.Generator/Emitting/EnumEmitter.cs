using System.Linq;
using Contracts.Generator.Model;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Emitting;

/// <summary>Emits a status enum with its outcome helpers, and its <c>JsonConverter</c>.</summary>
internal static class EnumEmitter
{
    public static string EmitEnum(EnumModel model, string ns)
    {
        string type = CSharp.TypeName(ns, model.Name);
        var writer = SourceWriter.ForFile(ns);
        DocComment.Write(writer, DocComment.Described(model.Description, $"The {model.Name} values."), "Values the contract does not list read as <see cref=\"" + model.UnknownMemberName + "\"/>, never as an error.");
        writer.Line(CSharp.GeneratedCodeAttribute);
        writer.Line($"[{KnownTypes.JsonConverter}(typeof({CSharp.TypeName(ns, GeneratedNames.Converter(model.Name))}))]");
        using (writer.Block($"public enum {model.Name}"))
        {
            DocComment.Write(writer, DocComment.Described(model.UnknownDescription, "A value this contract does not list."), "The raw wire value is kept beside it. Outcome: " + model.UnknownOutcome.ToString().ToLowerInvariant() + ".");
            writer.Line(model.UnknownMemberName + " = 0,");
            foreach (var member in model.Members)
            {
                writer.Line();
                string aliases = member.Aliases.Count == 0 ? string.Empty : "; also read from " + DocComment.JoinCodes(member.Aliases);
                DocComment.Write(writer, DocComment.Described(member.Description, $"The {DocComment.Escape(member.Wire)} value."), $"Wire value {DocComment.Code(member.Wire)}{aliases}. Outcome: {member.Outcome.ToString().ToLowerInvariant()}.");
                writer.Line(member.Name + ",");
            }
        }

        writer.Line();
        DocComment.Write(writer, $"Wire values and outcomes of <see cref=\"{type}\"/>.");
        writer.Line(CSharp.GeneratedCodeAttribute);
        using (writer.Block($"public static partial class {GeneratedNames.EnumExtensions(model.Name)}"))
        {
            WriteFromWireValue(writer, model, type);
            writer.Line();
            WriteReadWireValue(writer, model);
            writer.Line();
            WriteToWireValue(writer, model, type);
            writer.Line();
            WriteOutcome(writer, model, type);
        }

        return writer.ToString();
    }

    /// <summary>
    /// The member of a wire value, through the table of wire values: a switch over thousands of
    /// string constants takes the compiler quadratic time (50 s for 10,000), a lookup does not.
    /// </summary>
    private static void WriteFromWireValue(SourceWriter writer, EnumModel model, string type)
    {
        var members = model.Members.SelectMany(member => Enumerable.Repeat(member.Name, 1 + member.Aliases.Count)).ToList();
        var values = model.Members.SelectMany(member => new[] { member.Wire }.Concat(member.Aliases)).ToList();
        writer.Line($"private static readonly {KnownTypes.KnownWireValues} {GeneratedNames.KnownWireValuesField} = new({(values.Count == 0 ? ");" : string.Empty)}");
        if (values.Count > 0)
        {
            using (writer.Indent())
            {
                for (int i = 0; i < values.Count; i++)
                {
                    writer.Line($"{CSharp.StringLiteral(values[i])}{(i == values.Count - 1 ? string.Empty : ",")}");
                }
            }

            writer.Line(");");
        }

        writer.Line();
        writer.Line("// The member each wire value designates, in the order of the table above.");
        writer.Line($"private static readonly {type}[] {GeneratedNames.WireValueMembersField} = {(members.Count == 0 ? "{ };" : "{")}");
        if (members.Count > 0)
        {
            using (writer.Indent())
            {
                foreach (string member in members)
                {
                    writer.Line($"{type}.{member},");
                }
            }

            writer.Line("};");
        }

        writer.Line();
        DocComment.Write(writer, $"The member for a wire value or one of its aliases; <see cref=\"{type}.{model.UnknownMemberName}\"/> for anything else, never an exception.");
        writer.Line($"/// <param name=\"wireValue\">The value as received; compared exactly (ordinal).</param>");
        writer.Line($"public static {type} FromWireValue(string? wireValue) =>");
        using (writer.Indent())
        {
            writer.Line($"{GeneratedNames.KnownWireValuesField}.IndexOf(wireValue) is >= 0 and var index ? {GeneratedNames.WireValueMembersField}[index] : {type}.{model.UnknownMemberName};");
        }
    }

    /// <summary>
    /// Reads the text of a wire value; each value the contract lists comes back as its one literal
    /// string, so that decoding a known status allocates nothing and only unknown values get a
    /// string. The values are one lookup table, however many the contract lists.
    /// </summary>
    private static void WriteReadWireValue(SourceWriter writer, EnumModel model)
    {
        DocComment.Write(writer, "Reads a wire value as text: a value the contract lists comes back as its one shared string (nothing allocated); anything else as read.");
        writer.Line("/// <param name=\"reader\">A reader on the value's token.</param>");
        writer.Line($"public static string? ReadWireValue(ref {KnownTypes.Utf8JsonReader} reader) => {GeneratedNames.KnownWireValuesField}.Read(ref reader);");
    }

    private static void WriteToWireValue(SourceWriter writer, EnumModel model, string type)
    {
        DocComment.Write(writer, $"The canonical wire value of a member; <see langword=\"null\"/> for <see cref=\"{type}.{model.UnknownMemberName}\"/>, which has none.");
        writer.Line("/// <param name=\"value\">The member.</param>");
        using (writer.Block($"public static string? ToWireValue(this {type} value) => value switch", closing: "};"))
        {
            foreach (var member in model.Members)
            {
                writer.Line($"{type}.{member.Name} => {CSharp.StringLiteral(member.Wire)},");
            }

            writer.Line("_ => null,");
        }

        writer.Line();
        writer.Lines($$"""
            /// <summary>
            /// The wire value to write for a member: the value as received when it still designates the
            /// member (so aliases and unknown values survive a round trip), else the canonical one.
            /// </summary>
            /// <param name="value">The member, if any.</param>
            /// <param name="receivedWireValue">The value as received, if the member was read from the wire.</param>
            public static string? ToWireValue({{type}}? value, string? receivedWireValue)
            {
                if (value is not { } member)
                {
                    return null;
                }

                return receivedWireValue is not null && FromWireValue(receivedWireValue) == member
                    ? receivedWireValue
                    : member.ToWireValue();
            }
            """);
    }

    private static void WriteOutcome(SourceWriter writer, EnumModel model, string type)
    {
        DocComment.Write(writer, "What the member means to a waiter, as the contract declares it.");
        writer.Line("/// <param name=\"value\">The member.</param>");
        using (writer.Block($"public static {KnownTypes.StatusOutcome} GetOutcome(this {type} value) => value switch", closing: "};"))
        {
            foreach (var member in model.Members.Where(m => m.Outcome != model.UnknownOutcome))
            {
                writer.Line($"{type}.{member.Name} => {CSharp.Outcome(member.Outcome)},");
            }

            writer.Line($"_ => {CSharp.Outcome(model.UnknownOutcome)},");
        }

        writer.Lines($$"""

            /// <summary>True when the member is final: success or failure.</summary>
            /// <param name="value">The member.</param>
            public static bool IsTerminal(this {{type}} value) => value.GetOutcome() != {{CSharp.Outcome(StatusOutcome.Pending)}};

            /// <summary>True when the member means success.</summary>
            /// <param name="value">The member.</param>
            public static bool IsSuccess(this {{type}} value) => value.GetOutcome() == {{CSharp.Outcome(StatusOutcome.Success)}};

            /// <summary>True when the member means failure.</summary>
            /// <param name="value">The member.</param>
            public static bool IsFailure(this {{type}} value) => value.GetOutcome() == {{CSharp.Outcome(StatusOutcome.Failure)}};
            """);
    }

    public static string EmitConverter(EnumModel model, string ns)
    {
        string type = CSharp.TypeName(ns, model.Name);
        string converter = GeneratedNames.Converter(model.Name);
        var writer = SourceWriter.ForFile(ns);
        DocComment.Write(writer, $"Reads and writes <see cref=\"{type}\"/> as its wire value: aliases accepted, unknown values read as <see cref=\"{type}.{model.UnknownMemberName}\"/>.");
        writer.Line(CSharp.GeneratedCodeAttribute);
        writer.Line(CSharp.HiddenFromIntelliSense);
        using (writer.Block($"public sealed class {converter} : {KnownTypes.JsonConverter}<{type}>"))
        {
            ConverterOverrides.Write(writer, converter, type, type, $"ReadValue(ref reader) ?? {type}.{model.UnknownMemberName}");
            writer.Lines($$"""

                /// <summary>Reads one value; <see langword="null"/> for a JSON null.</summary>
                /// <param name="reader">A reader on the value's token.</param>
                public static {{type}}? ReadValue(ref {{KnownTypes.Utf8JsonReader}} reader) =>
                    {{GeneratedNames.EnumExtensions(model.Name)}}.ReadWireValue(ref reader) is { } wireValue ? {{GeneratedNames.EnumExtensions(model.Name)}}.FromWireValue(wireValue) : null;

                /// <summary>Writes a member's canonical wire value.</summary>
                /// <param name="writer">The writer.</param>
                /// <param name="value">The member.</param>
                /// <exception cref="{{KnownTypes.JsonException}}">The member is <see cref="{{type}}.{{model.UnknownMemberName}}"/>, which has no wire value of its own.</exception>
                public static void WriteValue({{KnownTypes.Utf8JsonWriter}} writer, {{type}} value) =>
                    writer.WriteStringValue(value.ToWireValue() ?? throw new {{KnownTypes.JsonException}}(
                        "{{model.Name}}.{{model.UnknownMemberName}} has no wire value; write the value as received (the WireValue property beside it) instead."));
                """);
        }

        return writer.ToString();
    }
}
