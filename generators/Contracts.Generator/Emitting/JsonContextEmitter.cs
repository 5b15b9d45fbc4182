using System.Collections.Generic;
using System.Linq;
using Contracts.Generator.Model;

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
        var writer = CSharp.NewFile(ns);
        CSharp.Doc(
            writer,
            $"The JSON metadata of every type of the {CSharp.Escape(contract.Name)} contract, for System.Text.Json and Refit without reflection.",
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

                    /// <summary>Metadata for <see cref="{{entry.Cref}}"/>.</summary>
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
            foreach (var response in contract.Endpoints.Select(e => e.ResponseType).Distinct().OrderBy(r => r, System.StringComparer.Ordinal))
            {
                string data = CSharp.TypeName(ns, response);
                string dataConverter = CSharp.TypeName(ns, GeneratedNames.Converter(response));
                yield return new Entry(
                    GeneratedNames.EnvelopeTypeInfo(envelope.TypeName, response),
                    $"{CSharp.TypeName(ns, envelope.TypeName)}<{data}>",
                    $"{envelope.TypeName}{{TData}}",
                    $"new {CSharp.TypeName(ns, GeneratedNames.Converter(envelope.TypeName))}<{data}>({dataConverter}.ReadValue, {dataConverter}.WriteValue)");
            }
        }

        foreach (var model in contract.Models)
        {
            yield return new Entry(model.Name, CSharp.TypeName(ns, model.Name), model.Name, CSharp.TypeName(ns, GeneratedNames.Converter(model.Name)) + ".Instance");
        }

        foreach (var @enum in contract.Enums)
        {
            yield return new Entry(@enum.Name, CSharp.TypeName(ns, @enum.Name), @enum.Name, CSharp.TypeName(ns, GeneratedNames.Converter(@enum.Name)) + ".Instance");
        }
    }

    private sealed record Entry(string Property, string Type, string Cref, string Converter);
}
