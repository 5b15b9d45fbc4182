using Contracts.Generator.Naming;
namespace Contracts.Generator.Emitting;

/// <summary>
/// The part every stateless generated converter shares: the shared instance and the two
/// overrides that forward to its static <c>ReadValue</c>/<c>WriteValue</c>, which other generated
/// converters call directly.
/// </summary>
internal static class ConverterOverrides
{
    public static void Write(SourceWriter writer, string converterName, string type, string readReturnType, string readExpression)
    {
        writer.Lines($$"""
            /// <summary>The shared instance; the converter holds no state.</summary>
            public static {{converterName}} Instance { get; } = new();

            /// <inheritdoc/>
            public override {{readReturnType}} Read(ref {{KnownTypes.Utf8JsonReader}} reader, {{KnownTypes.Type}} typeToConvert, {{KnownTypes.JsonSerializerOptions}} options) =>
                {{readExpression}};

            /// <inheritdoc/>
            public override void Write({{KnownTypes.Utf8JsonWriter}} writer, {{type}} value, {{KnownTypes.JsonSerializerOptions}} options) =>
                WriteValue(writer, value);
            """);
    }
}
