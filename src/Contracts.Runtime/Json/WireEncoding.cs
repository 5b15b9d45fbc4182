namespace Contracts.Runtime.Json;

/// <summary>How a number, duration or timestamp is written back. Reading always accepts both forms.</summary>
public enum WireEncoding
{
    /// <summary>As a JSON number: <c>17</c>.</summary>
    Number = 0,

    /// <summary>As a JSON string: <c>"17"</c>.</summary>
    String = 1,
}
