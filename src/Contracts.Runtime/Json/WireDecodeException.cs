using System.Text.Json;

namespace Contracts.Runtime.Json;

/// <summary>
/// A value that could not be decoded, with where it is: the JSON path (<c>$.data.videos[3].duration</c>,
/// as System.Text.Json writes paths) and the contract model and wire field it was read for.
/// </summary>
public sealed class WireDecodeException : JsonException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">What was wrong with the value.</param>
    /// <param name="typeName">The contract model being read, when known.</param>
    /// <param name="fieldName">The wire name of the field being read, when known.</param>
    /// <param name="path">The JSON path of the value.</param>
    /// <param name="inner">The original error.</param>
    public WireDecodeException(string reason, string? typeName, string? fieldName, string path, Exception? inner = null)
        : base(Describe(reason, typeName, fieldName, path), path, null, null, inner)
    {
        Reason = reason;
        TypeName = typeName;
        FieldName = fieldName;
    }

    /// <summary>What was wrong with the value, without its place.</summary>
    public string Reason { get; }

    /// <summary>The contract model being read when the value failed, if known.</summary>
    public string? TypeName { get; }

    /// <summary>The wire name of the field being read when the value failed, if known.</summary>
    public string? FieldName { get; }

    private static string Describe(string reason, string? typeName, string? fieldName, string path) =>
        (typeName is null ? "Cannot decode" : fieldName is null ? $"Cannot decode {typeName}" : $"Cannot decode {typeName}.{fieldName}") + $" at {path}: {reason}";
}
