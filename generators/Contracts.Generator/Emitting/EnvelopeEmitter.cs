using System.Collections.Generic;
using System.Linq;
using Contracts.Generator.Model;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Emitting;

/// <summary>Emits the response envelope, its converter, and the table of business codes.</summary>
internal static class EnvelopeEmitter
{
    public static string EmitEnvelope(EnvelopeModel envelope, string ns)
    {
        string codes = CSharp.TypeName(ns, GeneratedNames.BusinessCodes(envelope.TypeName));
        var writer = SourceWriter.ForFile(ns);
        DocComment.Write(
            writer,
            DocComment.Described(envelope.Description, "The envelope every answer of this API comes in."),
            $"The business code, not the HTTP status, carries the outcome: success is code {DocComment.Code(envelope.SuccessCode)}.");
        writer.Line("/// <typeparam name=\"TData\">The model carried in the data field.</typeparam>");
        writer.Line(CSharp.GeneratedCodeAttribute);
        writer.Line($"public sealed partial record {envelope.TypeName}<TData>");
        using (writer.Block("    where TData : class"))
        {
            bool first = true;
            foreach (var field in Fields(envelope, codes))
            {
                if (!first)
                {
                    writer.Line();
                }

                first = false;
                writer.Line($"/// <summary>{field.Summary}</summary>");
                writer.Line($"/// <remarks>Wire name {DocComment.Code(field.Wire)}.</remarks>");
                writer.Line($"public {field.PropertyDeclaration} {{ get; init; }}");
            }

            writer.Lines($$"""

                /// <summary>True when <see cref="Code"/> is the success code {{DocComment.Code(envelope.SuccessCode)}}.</summary>
                public bool IsSuccess => string.Equals(Code, {{CSharp.StringLiteral(envelope.SuccessCode)}}, {{KnownTypes.StringComparison}}.Ordinal);

                /// <summary>The code with its meaning, category and retryability.</summary>
                public {{KnownTypes.BusinessCode}} BusinessCode => {{codes}}.Find(Code);

                /// <summary>Returns this envelope when it carries success; throws otherwise.</summary>
                /// <returns>This envelope.</returns>
                /// <exception cref="{{KnownTypes.ApiResponseException}}">The code is not the success code; the exception carries the code and message.</exception>
                public {{envelope.TypeName}}<TData> EnsureSuccess() =>
                    IsSuccess ? this : throw new {{KnownTypes.ApiResponseException}}(BusinessCode, Message);
                """);
        }

        return writer.ToString();
    }

    public static string EmitConverter(EnvelopeModel envelope, string ns)
    {
        string type = CSharp.TypeName(ns, envelope.TypeName) + "<TData>";
        string name = GeneratedNames.Converter(envelope.TypeName);
        var fields = Fields(envelope, CSharp.TypeName(ns, GeneratedNames.BusinessCodes(envelope.TypeName)));
        var writer = SourceWriter.ForFile(ns);
        DocComment.Write(writer, $"Reads and writes <see cref=\"{envelope.TypeName}{{TData}}\"/>, delegating the data field to the data model's own reader and writer.");
        writer.Line("/// <typeparam name=\"TData\">The model carried in the data field.</typeparam>");
        writer.Line(CSharp.GeneratedCodeAttribute);
        writer.Line(CSharp.HiddenFromIntelliSense);
        writer.Line($"public sealed class {name}<TData> : {KnownTypes.JsonConverter}<{type}>");
        using (writer.Block("    where TData : class"))
        {
            writer.Lines($$"""
                private readonly {{KnownTypes.RepeatedText}} _messages = new();
                private readonly {{KnownTypes.WireValueReader}}<TData?> _readData;
                private readonly {{KnownTypes.WireValueWriter}}<TData> _writeData;

                /// <summary>Creates the converter from the data model's reader and writer.</summary>
                /// <param name="readData">Reads the data field.</param>
                /// <param name="writeData">Writes the data field.</param>
                public {{name}}({{KnownTypes.WireValueReader}}<TData?> readData, {{KnownTypes.WireValueWriter}}<TData> writeData)
                {
                    _readData = readData;
                    _writeData = writeData;
                }

                """);
            PropertySwitch.WriteNames(writer, Cases(fields));
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            using (writer.Block($"public override {type}? Read(ref {KnownTypes.Utf8JsonReader} reader, {KnownTypes.Type} typeToConvert, {KnownTypes.JsonSerializerOptions} options)"))
            {
                WriteRead(writer, envelope, type, fields);
            }

            writer.Line();
            writer.Line("/// <inheritdoc/>");
            using (writer.Block($"public override void Write({KnownTypes.Utf8JsonWriter} writer, {type} value, {KnownTypes.JsonSerializerOptions} options)"))
            {
                writer.Line("writer.WriteStartObject();");
                foreach (var field in fields)
                {
                    writer.Lines(field.WriteStatement);
                }

                writer.Line("writer.WriteEndObject();");
            }
        }

        return writer.ToString();
    }

    private static void WriteRead(SourceWriter writer, EnvelopeModel envelope, string type, IReadOnlyList<EnvelopeField> fields)
    {
        writer.Lines($$"""
            if (reader.TokenType == {{KnownTypes.JsonTokenType}}.Null)
            {
                return null;
            }

            {{KnownTypes.WireJson}}.ExpectStartObject(ref reader, {{CSharp.StringLiteral(envelope.TypeName)}});
            """);
        foreach (var field in fields)
        {
            writer.Line($"{field.LocalType} {field.Local} = null;");
        }

        // The code must always be readable; the other fields take any JSON kind (see Fields).
        PropertySwitch.WriteLoop(writer, envelope.TypeName, Cases(fields));
        writer.Line();
        using (writer.Block($"return new {type}", closing: "};"))
        {
            foreach (var field in fields)
            {
                string value = field.Property == "Code"
                    ? $"{field.Local} ?? throw {KnownTypes.WireJson}.MissingProperty({CSharp.StringLiteral(envelope.TypeName)}, {CSharp.StringLiteral(field.Wire)})"
                    : field.Local;
                writer.Line($"{field.Property} = {value},");
            }
        }
    }

    private static List<PropertyCase> Cases(IReadOnlyList<EnvelopeField> fields) =>
        fields.Select(f => new PropertyCase(f.Wire, f.Local, f.ReadExpression)).ToList();

    /// <summary>The envelope's fields in wire order of the contract: code, message, data, then the optional flags.</summary>
    private static List<EnvelopeField> Fields(EnvelopeModel envelope, string codesType)
    {
        // The success code, the usual answer, is kept as the contract's literal rather than a new string.
        string readCode = $"{KnownTypes.WireJson}.ReadCode(ref reader, {CSharp.Utf8Literal(envelope.SuccessCode)}, {CSharp.StringLiteral(envelope.SuccessCode)})";

        // The message usually repeats from answer to answer ("success"): the converter keeps the last one.
        string readText = "_messages.Read(ref reader)";
        string readBoolean = $"{KnownTypes.WireJson}.ReadFlag(ref reader)";
        var fields = new List<EnvelopeField>
        {
            new(
                "Code",
                $"The business code; {DocComment.Code(envelope.SuccessCode)} means success. See <see cref=\"{codesType}\"/>.",
                "required string Code",
                envelope.CodeWire,
                "string?",
                "code",
                readCode,
                $"writer.WriteString({CSharp.Utf8Literal(envelope.CodeWire)}, value.Code);"),
            new(
                "Message",
                "The API's human-readable message.",
                "string? Message",
                envelope.MessageWire,
                "string?",
                "message",
                readText,
                $"{KnownTypes.WireJson}.WriteString(writer, {CSharp.Utf8Literal(envelope.MessageWire)}, value.Message);"),
            new(
                "Data",
                "The payload; may be <see langword=\"null\"/> even on success.",
                "TData? Data",
                envelope.DataWire,
                "TData?",
                "data",
                "_readData(ref reader)",
                $$"""
                if (value.Data is null)
                {
                    writer.WriteNull({{CSharp.Utf8Literal(envelope.DataWire)}});
                }
                else
                {
                    writer.WritePropertyName({{CSharp.Utf8Literal(envelope.DataWire)}});
                    _writeData(writer, value.Data);
                }
                """),
        };

        if (envelope.SuccessWire is { } success)
        {
            fields.Add(Flag("Success", "success", "The API's own success flag; informative only, <see cref=\"IsSuccess\"/> decides.", success, readBoolean));
        }

        if (envelope.FailedWire is { } failed)
        {
            fields.Add(Flag("Failed", "failed", "The API's own failure flag; informative only, <see cref=\"IsSuccess\"/> decides.", failed, readBoolean));
        }

        return fields;
    }

    private static EnvelopeField Flag(string property, string local, string summary, string wire, string readBoolean) => new(
        property,
        summary,
        "bool? " + property,
        wire,
        "bool?",
        local,
        readBoolean,
        $"{KnownTypes.WireJson}.WriteBoolean(writer, {CSharp.Utf8Literal(wire)}, value.{property});");

    /// <summary>One envelope field: its property, the local it is read into, and how it is read and written.</summary>
    private sealed record EnvelopeField(
        string Property,
        string Summary,
        string PropertyDeclaration,
        string Wire,
        string LocalType,
        string Local,
        string ReadExpression,
        string WriteStatement);

    public static string EmitCodes(EnvelopeModel envelope, string ns)
    {
        string codesClass = GeneratedNames.BusinessCodes(envelope.TypeName);
        var writer = SourceWriter.ForFile(ns);
        DocComment.Write(writer, $"The business codes of <see cref=\"{envelope.TypeName}{{TData}}\"/>, with their meaning and whether a retry can help.");
        writer.Line(CSharp.GeneratedCodeAttribute);
        using (writer.Block($"public static partial class {codesClass}"))
        {
            foreach (var code in envelope.Codes)
            {
                DocComment.Write(writer, DocComment.Code(code.Code) + ": " + DocComment.Escape(code.Meaning), code.Retryable ? "Retryable." : "Not retryable.");
                writer.Line($"public const string {code.Name} = {CSharp.StringLiteral(code.Code)};");
                writer.Line();
            }

            writer.Line("/// <summary>Every code the contract lists.</summary>");
            using (writer.Block($"public static {KnownTypes.ReadOnlyList}<{KnownTypes.BusinessCode}> All {{ get; }} =", opening: "[", closing: "];"))
            {
                foreach (var code in envelope.Codes)
                {
                    writer.Line($"new({CSharp.StringLiteral(code.Code)}, {CSharp.StringLiteral(code.Name)}, {CSharp.StringLiteral(code.Meaning)}, {CSharp.Category(code.Category)}, IsRetryable: {CSharp.Bool(code.Retryable)}),");
                }
            }

            writer.Line();
            writer.Line("/// <summary>The description of a code; an unlisted code is described as such, never an error.</summary>");
            writer.Line("/// <param name=\"code\">The code as received.</param>");
            using (writer.Block($"public static {KnownTypes.BusinessCode} Find(string code) => code switch", closing: "};"))
            {
                for (int i = 0; i < envelope.Codes.Count; i++)
                {
                    writer.Line($"{CSharp.StringLiteral(envelope.Codes[i].Code)} => All[{i}],");
                }

                writer.Line($"_ => {KnownTypes.BusinessCode}.Unlisted(code),");
            }
        }

        return writer.ToString();
    }
}
