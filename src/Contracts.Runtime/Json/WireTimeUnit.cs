namespace Contracts.Runtime.Json;

/// <summary>The unit of a duration, or of a timestamp counted from the Unix epoch.</summary>
public enum WireTimeUnit
{
    /// <summary>Seconds.</summary>
    Seconds = 0,

    /// <summary>Milliseconds.</summary>
    Milliseconds = 1,
}
