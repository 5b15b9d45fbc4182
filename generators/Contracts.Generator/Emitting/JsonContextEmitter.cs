using System.Collections.Generic;
using System.Linq;
using Contracts.Generator.Model;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Emitting;

/// <summary>
/// Emits the contract's JSON entry point: a <c>JsonSerializerContext</c> written out in full
/// (System.Text.Json's own generator cannot fill one that another generator declares), whose
/// type infos wrap the generated converters, so that Refit runs without reflection-based JSON.
/// </summary>
internal static class JsonContextEmitter
{
    public static string Emit(ContractModel contract)
    {
        string ns = contract.Namespace;
        string name = GeneratedNames.JsonContext(contract.Name);
        var entries = Entries(contract).ToList();
        var fields = GeneratedNames.JsonContextFields(entries.Select(e => e.Property).ToList());
        var writer = SourceWriter.ForFile(ns);
        DocComment.Write(
            writer,
            $"The JSON metadata of every type of the {DocComment.Escape(contract.Name)} contract, for System.Text.Json and Refit without reflection.",
            "Pass <see cref=\"Default\"/> to <c>RefitSettings.ForJsonContext</c> or <c>AddRefitGeneratedClient</c>, or to <c>JsonSerializer</c> overloads taking a context.");
        writer.Line(CSharp.GeneratedCodeAttribute);
        using (writer.Block($"public sealed partial class {name} : {KnownTypes.JsonSerializerContext}"))
        {
            foreach (var entry in entries)
            {
                writer.Line($"private {KnownTypes.JsonTypeInfo}<{entry.Type}>? {fields[entry.Property]};");
            }

            writer.Lines($$"""

                /// <summary>A context with default options, ready to use.</summary>
                public static {{name}} Default { get; } = new(new {{KnownTypes.JsonSerializerOptions}}());

                /// <summary>Creates a context bound to <paramref name="options"/>, which it makes read-only once used.</summary>
                /// <param name="options">The options; their naming policy does not apply, the contract's wire names do.</param>
                public {{name}}({{KnownTypes.JsonSerializerOptions}} options)
                    : base(options)
                {
                }

                /// <inheritdoc/>
                protected override {{KnownTypes.JsonSerializerOptions}}? GeneratedSerializerOptions => null;
                """);
            foreach (var entry in entries)
            {
                writer.Lines($$"""

                    /// <summary>Metadata for {{(entry.Cref is null ? DocComment.Code(entry.Type.Replace("global::", string.Empty)) : "<see cref=\"" + entry.Cref + "\"/>")}}.</summary>
                    public {{KnownTypes.JsonTypeInfo}}<{{entry.Type}}> {{entry.Property}} =>
                        {{fields[entry.Property]}} ??= Create({{entry.Converter}});
                    """);
            }

            writer.Line();
            writer.Line("/// <inheritdoc/>");
            using (writer.Block($"public override {KnownTypes.JsonTypeInfo}? GetTypeInfo({KnownTypes.Type} type)"))
            {
                foreach (var entry in entries)
                {
                    using (writer.Block($"if (type == typeof({entry.Type}))"))
                    {
                        writer.Line($"return {entry.Property};");
                    }

                    writer.Line();
                }

                writer.Line("return null;");
            }

            writer.Lines($$"""

                private {{KnownTypes.JsonTypeInfo}}<T> Create<T>({{KnownTypes.JsonConverter}}<T> converter) =>
                    {{KnownTypes.JsonMetadataServices}}.CreateValueInfo<T>(Options, converter);
                """);
        }

        return writer.ToString();
    }

    private static IEnumerable<Entry> Entries(ContractModel contract)
    {
        string ns = contract.Namespace;
        if (contract.Envelope is { } envelope)
        {
            var answers = contract.Endpoints.Where(e => e.Answer == AnswerKind.Json).Select(e => (e.ResponseType, e.ResponseIsList)).Distinct()
                .OrderBy(r => r.ResponseType, System.StringComparer.Ordinal).ThenBy(r => r.ResponseIsList);
            foreach (var (response, list) in answers)
            {
                string model = CSharp.TypeName(ns, response);
                string dataConverter = CSharp.TypeName(ns, GeneratedNames.Converter(response));
                string data = list ? $"{KnownTypes.ReadOnlyList}<{model}>" : model;
                string access = list
                    ? $"{KnownTypes.WireArrays}.Reader<{model}>({dataConverter}.ReadValue), {KnownTypes.WireArrays}.Writer<{model}>({dataConverter}.WriteValue)"
                    : $"{dataConverter}.ReadValue, {dataConverter}.WriteValue";
                yield return new Entry(
                    GeneratedNames.EnvelopeTypeInfo(envelope.TypeName, response, list),
                    $"{CSharp.TypeName(ns, envelope.TypeName)}<{data}>",
                    $"{envelope.TypeName}{{TData}}",
                    $"new {CSharp.TypeName(ns, GeneratedNames.Converter(envelope.TypeName))}<{data}>({access})");
            }
        }

        foreach (var model in contract.Models.Where(m => !m.HasFiles))
        {
            yield return new Entry(model.Name, CSharp.TypeName(ns, model.Name), model.Name, CSharp.TypeName(ns, GeneratedNames.Converter(model.Name)) + ".Instance");
        }

        // A bare JSON array body, as an array and as a read-only list: Refit asks for the type the method declares.
        var arrays = contract.Endpoints.Where(e => e.BodyArray is not null).Select(e => e.BodyArray!).GroupBy(GeneratedNames.ElementName).Select(g => g.First());
        foreach (var array in arrays.OrderBy(GeneratedNames.ElementName, System.StringComparer.Ordinal))
        {
            string element = CSharp.ElementType(array, ns);
            var (read, write) = ItemAccess(array, ns);
            string list = $"{KnownTypes.ReadOnlyList}<{element}>";
            yield return new Entry(
                GeneratedNames.ArrayTypeInfo(GeneratedNames.ElementName(array)),
                element + "[]",
                null,
                $"new {KnownTypes.WireArrayConverter}<{element}, {element}[]>({read}, {write}, static items => items.ToArray())");
            yield return new Entry(
                GeneratedNames.ListTypeInfo(GeneratedNames.ElementName(array)),
                list,
                null,
                $"new {KnownTypes.WireArrayConverter}<{element}, {list}>({read}, {write}, static items => items)");
        }

        // Without an envelope, an answer that is a bare array is read as the list the Refit method returns.
        if (contract.Envelope is null)
        {
            var bodyLists = new HashSet<string>(contract.Endpoints.Where(e => e.BodyArray is not null).Select(e => GeneratedNames.ElementName(e.BodyArray!)), System.StringComparer.Ordinal);
            var answerLists = contract.Endpoints.Where(e => e.Answer == AnswerKind.Json && e.ResponseIsList && !bodyLists.Contains(e.ResponseType)).Select(e => e.ResponseType).Distinct();
            foreach (string response in answerLists.OrderBy(r => r, System.StringComparer.Ordinal))
            {
                string model = CSharp.TypeName(ns, response);
                string converter = CSharp.TypeName(ns, GeneratedNames.Converter(response));
                string list = $"{KnownTypes.ReadOnlyList}<{model}>";
                yield return new Entry(
                    GeneratedNames.ListTypeInfo(response),
                    list,
                    null,
                    $"new {KnownTypes.WireArrayConverter}<{model}, {list}>({converter}.ReadValue, {converter}.WriteValue, static items => items)");
            }
        }

        foreach (var @enum in contract.Enums)
        {
            yield return new Entry(@enum.Name, CSharp.TypeName(ns, @enum.Name), @enum.Name, CSharp.TypeName(ns, GeneratedNames.Converter(@enum.Name)) + ".Instance");
        }
    }

    /// <summary>How one item of an array body is read and written: a model's or enum's converter, or the wire reader of a primitive.</summary>
    private static (string Read, string Write) ItemAccess(TypeRef type, string ns)
    {
        if (type.Kind is TypeKind.Model or TypeKind.Enum)
        {
            string converter = CSharp.TypeName(ns, GeneratedNames.Converter(type.Name!));
            return (converter + ".ReadValue", converter + ".WriteValue");
        }

        var primitive = PrimitiveTypes.Of(type);
        string unit = primitive.HasUnit ? ", " + CSharp.Unit(type) : string.Empty;
        return (
            $"static (ref {KnownTypes.Utf8JsonReader} reader) => {KnownTypes.WireJson}.{primitive.ReadMethod}(ref reader{unit})",
            "static (writer, value) => " + primitive.WriteValue("writer", "value", type));
    }

    private sealed record Entry(string Property, string Type, string? Cref, string Converter);
}
