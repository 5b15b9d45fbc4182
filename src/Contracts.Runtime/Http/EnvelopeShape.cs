using System.Text.Json;
using Contracts.Runtime.Json;

namespace Contracts.Runtime.Http;

/// <summary>
/// Where a contract's envelope keeps its code, message and data, and what its codes mean: enough to
/// read the envelope an API sends where it would otherwise send a file or an event stream (its way
/// of saying the request failed), without knowing the data's model.
/// </summary>
public sealed class EnvelopeShape
{
    /// <summary>Describes the envelope.</summary>
    /// <param name="codeWire">The wire name of the business code (<c>code</c>).</param>
    /// <param name="messageWire">The wire name of the message (<c>msg</c>).</param>
    /// <param name="dataWire">The wire name of the data (<c>data</c>).</param>
    /// <param name="successCode">The code that means success (<c>0000</c>).</param>
    /// <param name="find">The contract's table of codes: any code, described.</param>
    public EnvelopeShape(string codeWire, string messageWire, string dataWire, string successCode, Func<string, BusinessCode> find)
    {
        CodeWire = codeWire;
        MessageWire = messageWire;
        DataWire = dataWire;
        SuccessCode = successCode;
        Find = find;
    }

    /// <summary>The wire name of the business code.</summary>
    public string CodeWire { get; }

    /// <summary>The wire name of the message.</summary>
    public string MessageWire { get; }

    /// <summary>The wire name of the data.</summary>
    public string DataWire { get; }

    /// <summary>The code that means success.</summary>
    public string SuccessCode { get; }

    /// <summary>The contract's table of codes.</summary>
    public Func<string, BusinessCode> Find { get; }

    /// <summary>Reads the envelope's code, message and data (as text: a string as is, anything else as its JSON) from one JSON object.</summary>
    /// <param name="json">The object's UTF-8 bytes.</param>
    /// <returns>What it holds; nulls for fields it lacks, or when it is no JSON object.</returns>
    public (string? Code, string? Message, string? Data) Read(ReadOnlySpan<byte> json)
    {
        string? code = null, message = null, data = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, null, null);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isCode = reader.ValueTextEquals(CodeWire);
                bool isMessage = !isCode && reader.ValueTextEquals(MessageWire);
                bool isData = !isCode && !isMessage && reader.ValueTextEquals(DataWire);
                reader.Read();
                if (isCode)
                {
                    code = WireJson.ReadCode(ref reader);
                }
                else if (isMessage)
                {
                    message = WireJson.ReadAnyAsText(ref reader);
                }
                else if (isData)
                {
                    data = WireJson.ReadAnyAsText(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // What was read so far is all the envelope says.
        }

        return (code, message, data);
    }

    /// <summary>The error an envelope in place of a file or stream means: its business code, or, with the success code, that no file came.</summary>
    /// <param name="shape">The envelope's shape, or null for an API without one.</param>
    /// <param name="json">The envelope's UTF-8 bytes.</param>
    /// <param name="expected">What was expected instead, for the message (<c>a file</c>).</param>
    /// <returns>The exception to throw.</returns>
    public static Exception Failure(EnvelopeShape? shape, ReadOnlySpan<byte> json, string expected) =>
        shape is null
            ? new JsonException($"The API answered JSON where {expected} was expected.")
            : shape.Failure(json, expected);

    private Exception Failure(ReadOnlySpan<byte> json, string expected)
    {
        var (code, message, _) = Read(json);
        if (code is null)
        {
            return new JsonException($"The API answered JSON without a {CodeWire} field where {expected} was expected.");
        }

        return code == SuccessCode
            ? new JsonException($"The API answered code {code} ({message ?? "no message"}) in JSON where {expected} was expected.")
            : new ApiResponseException(Find(code), message);
    }
}
