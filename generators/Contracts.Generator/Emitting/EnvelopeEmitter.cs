using Contracts.Generator.Model;

namespace Contracts.Generator.Emitting;

/// <summary>Emits the response envelope, its converter, and the table of business codes.</summary>
internal static class EnvelopeEmitter
{
    public static string EmitEnvelope(EnvelopeModel envelope, string ns)
    {
        string codes = $"global::{ns}.{envelope.CodesTypeName}";
        var writer = CSharp.NewFile(ns);
        CSharp.Doc(
            writer,
            CSharp.Described(envelope.Description, "The envelope every answer of this API comes in."),
            $"The business code, not the HTTP status, carries the outcome: success is code {CSharp.Code(envelope.SuccessCode)}.");
        writer.Line("/// <typeparam name=\"TData\">The model carried in the data field.</typeparam>");
        writer.Line(CSharp.GeneratedCodeAttribute);
        writer.Line($"public sealed partial record {envelope.TypeName}<TData>");
        using (writer.Block("    where TData : class"))
        {
            writer.Lines($$"""
                /// <summary>The business code; {{CSharp.Code(envelope.SuccessCode)}} means success. See <see cref="{{codes}}"/>.</summary>
                /// <remarks>Wire name {{CSharp.Code(envelope.CodeWire)}}.</remarks>
                public required string Code { get; init; }

                /// <summary>The API's human-readable message.</summary>
                /// <remarks>Wire name {{CSharp.Code(envelope.MessageWire)}}.</remarks>
                public string? Message { get; init; }

                /// <summary>The payload; may be <see langword="null"/> even on success.</summary>
                /// <remarks>Wire name {{CSharp.Code(envelope.DataWire)}}.</remarks>
                public TData? Data { get; init; }
                """);
            if (envelope.SuccessWire is not null)
            {
                writer.Lines($$"""

                    /// <summary>The API's own success flag; informative only, <see cref="IsSuccess"/> decides.</summary>
                    /// <remarks>Wire name {{CSharp.Code(envelope.SuccessWire)}}.</remarks>
                    public bool? Success { get; init; }
                    """);
            }

            if (envelope.FailedWire is not null)
            {
                writer.Lines($$"""

                    /// <summary>The API's own failure flag; informative only, <see cref="IsSuccess"/> decides.</summary>
                    /// <remarks>Wire name {{CSharp.Code(envelope.FailedWire)}}.</remarks>
                    public bool? Failed { get; init; }
                    """);
            }

            writer.Lines($$"""

                /// <summary>True when <see cref="Code"/> is the success code {{CSharp.Code(envelope.SuccessCode)}}.</summary>
                public bool IsSuccess => string.Equals(Code, {{CSharp.StringLiteral(envelope.SuccessCode)}}, global::System.StringComparison.Ordinal);

                /// <summary>The code with its meaning, category and retryability.</summary>
                public {{CSharp.Runtime}}.BusinessCode BusinessCode => {{codes}}.Find(Code);

                /// <summary>Returns this envelope when it carries success; throws otherwise.</summary>
                /// <returns>This envelope.</returns>
                /// <exception cref="{{CSharp.Runtime}}.ApiResponseException">The code is not the success code; the exception carries the code and message.</exception>
                public {{envelope.TypeName}}<TData> EnsureSuccess() =>
                    IsSuccess ? this : throw new {{CSharp.Runtime}}.ApiResponseException(BusinessCode, Message);
                """);
        }

        return writer.ToString();
    }

    public static string EmitConverter(EnvelopeModel envelope, string ns)
    {
        string type = $"global::{ns}.{envelope.TypeName}<TData>";
        string name = envelope.TypeName + "JsonConverter";
        var writer = CSharp.NewFile(ns);
        CSharp.Doc(writer, $"Reads and writes <see cref=\"{envelope.TypeName}{{TData}}\"/>, delegating the data field to the data model's own reader and writer.");
        writer.Line("/// <typeparam name=\"TData\">The model carried in the data field.</typeparam>");
        writer.Line(CSharp.GeneratedCodeAttribute);
        writer.Line($"public sealed class {name}<TData> : global::System.Text.Json.Serialization.JsonConverter<{type}>");
        using (writer.Block("    where TData : class"))
        {
            writer.Lines($$"""
                private readonly {{CSharp.Runtime}}.Json.WireValueReader<TData?> _readData;
                private readonly {{CSharp.Runtime}}.Json.WireValueWriter<TData> _writeData;

                /// <summary>Creates the converter from the data model's reader and writer.</summary>
                /// <param name="readData">Reads the data field.</param>
                /// <param name="writeData">Writes the data field.</param>
                public {{name}}({{CSharp.Runtime}}.Json.WireValueReader<TData?> readData, {{CSharp.Runtime}}.Json.WireValueWriter<TData> writeData)
                {
                    _readData = readData;
                    _writeData = writeData;
                }

                /// <inheritdoc/>
                public override {{type}}? Read(ref global::System.Text.Json.Utf8JsonReader reader, global::System.Type typeToConvert, global::System.Text.Json.JsonSerializerOptions options)
                {
                    if (reader.TokenType == global::System.Text.Json.JsonTokenType.Null)
                    {
                        return null;
                    }

                    {{CSharp.WireJson}}.ExpectStartObject(ref reader, {{CSharp.StringLiteral(envelope.TypeName)}});
                    string? code = null;
                    string? message = null;
                    TData? data = null;
                """);
            if (envelope.SuccessWire is not null)
            {
                writer.Line("    bool? success = null;");
            }

            if (envelope.FailedWire is not null)
            {
                writer.Line("    bool? failed = null;");
            }

            writer.Lines($$"""
                    while ({{CSharp.WireJson}}.NextProperty(ref reader))
                    {
                        if (reader.ValueTextEquals({{CSharp.Utf8Literal(envelope.CodeWire)}}))
                        {
                            {{CSharp.WireJson}}.MoveToValue(ref reader);
                            code = {{CSharp.WireJson}}.ReadString(ref reader);
                        }
                        else if (reader.ValueTextEquals({{CSharp.Utf8Literal(envelope.MessageWire)}}))
                        {
                            {{CSharp.WireJson}}.MoveToValue(ref reader);
                            message = {{CSharp.WireJson}}.ReadString(ref reader);
                        }
                        else if (reader.ValueTextEquals({{CSharp.Utf8Literal(envelope.DataWire)}}))
                        {
                            {{CSharp.WireJson}}.MoveToValue(ref reader);
                            data = _readData(ref reader);
                        }
                """);
            WriteFlagBranch(writer, envelope.SuccessWire, "success");
            WriteFlagBranch(writer, envelope.FailedWire, "failed");
            writer.Lines($$"""
                        else
                        {
                            {{CSharp.WireJson}}.SkipValue(ref reader);
                        }
                    }

                    return new {{type}}
                    {
                        Code = code ?? throw {{CSharp.WireJson}}.MissingProperty({{CSharp.StringLiteral(envelope.TypeName)}}, {{CSharp.StringLiteral(envelope.CodeWire)}}),
                        Message = message,
                        Data = data,
                """);
            if (envelope.SuccessWire is not null)
            {
                writer.Line("        Success = success,");
            }

            if (envelope.FailedWire is not null)
            {
                writer.Line("        Failed = failed,");
            }

            writer.Lines($$"""
                    };
                }

                /// <inheritdoc/>
                public override void Write(global::System.Text.Json.Utf8JsonWriter writer, {{type}} value, global::System.Text.Json.JsonSerializerOptions options)
                {
                    writer.WriteStartObject();
                    writer.WriteString({{CSharp.Utf8Literal(envelope.CodeWire)}}, value.Code);
                    {{CSharp.WireJson}}.WriteString(writer, {{CSharp.Utf8Literal(envelope.MessageWire)}}, value.Message);
                    if (value.Data is null)
                    {
                        writer.WriteNull({{CSharp.Utf8Literal(envelope.DataWire)}});
                    }
                    else
                    {
                        writer.WritePropertyName({{CSharp.Utf8Literal(envelope.DataWire)}});
                        _writeData(writer, value.Data);
                    }
                """);
            if (envelope.SuccessWire is not null)
            {
                writer.Line($"    {CSharp.WireJson}.WriteBoolean(writer, {CSharp.Utf8Literal(envelope.SuccessWire)}, value.Success);");
            }

            if (envelope.FailedWire is not null)
            {
                writer.Line($"    {CSharp.WireJson}.WriteBoolean(writer, {CSharp.Utf8Literal(envelope.FailedWire)}, value.Failed);");
            }

            writer.Lines("""
                    writer.WriteEndObject();
                }
                """);
        }

        return writer.ToString();
    }

    private static void WriteFlagBranch(SourceWriter writer, string? wireName, string local)
    {
        if (wireName is null)
        {
            return;
        }

        writer.Lines($$"""
                    else if (reader.ValueTextEquals({{CSharp.Utf8Literal(wireName)}}))
                    {
                        {{CSharp.WireJson}}.MoveToValue(ref reader);
                        {{local}} = {{CSharp.WireJson}}.ReadBoolean(ref reader);
                    }
            """);
    }

    public static string EmitCodes(EnvelopeModel envelope, string ns)
    {
        var writer = CSharp.NewFile(ns);
        CSharp.Doc(writer, $"The business codes of <see cref=\"{envelope.TypeName}{{TData}}\"/>, with their meaning and whether a retry can help.");
        writer.Line(CSharp.GeneratedCodeAttribute);
        using (writer.Block($"public static partial class {envelope.CodesTypeName}"))
        {
            foreach (var code in envelope.Codes)
            {
                CSharp.Doc(writer, CSharp.Code(code.Code) + ": " + CSharp.Escape(code.Meaning), code.Retryable ? "Retryable." : "Not retryable.");
                writer.Line($"public const string {code.Name} = {CSharp.StringLiteral(code.Code)};");
                writer.Line();
            }

            writer.Line("/// <summary>Every code the contract lists.</summary>");
            writer.Line($"public static global::System.Collections.Generic.IReadOnlyList<{CSharp.Runtime}.BusinessCode> All {{ get; }} =");
            writer.Line("[");
            foreach (var code in envelope.Codes)
            {
                writer.Line($"    new({CSharp.StringLiteral(code.Code)}, {CSharp.StringLiteral(code.Name)}, {CSharp.StringLiteral(code.Meaning)}, {CSharp.Category(code.Category)}, IsRetryable: {(code.Retryable ? "true" : "false")}),");
            }

            writer.Line("];");
            writer.Line();
            writer.Line("/// <summary>The description of a code; an unlisted code is described as such, never an error.</summary>");
            writer.Line("/// <param name=\"code\">The code as received.</param>");
            using (writer.Block($"public static {CSharp.Runtime}.BusinessCode Find(string code) => code switch", closing: "};"))
            {
                for (int i = 0; i < envelope.Codes.Count; i++)
                {
                    writer.Line($"{CSharp.StringLiteral(envelope.Codes[i].Code)} => All[{i}],");
                }

                writer.Line($"_ => {CSharp.Runtime}.BusinessCode.Unlisted(code),");
            }
        }

        return writer.ToString();
    }
}
