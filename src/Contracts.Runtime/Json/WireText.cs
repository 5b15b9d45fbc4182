using System.ComponentModel;
using System.Globalization;

namespace Contracts.Runtime.Json;

/// <summary>
/// Values as the text a form field or a multipart part carries: invariant, round-trippable, times
/// in the contract's unit. Generated form and multipart writers call these.
/// </summary>
/// <remarks>For generated code; hidden from IntelliSense.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WireText
{
    /// <summary>A boolean as <c>true</c> or <c>false</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Of(bool value) => value ? "true" : "false";

    /// <summary>An integer, invariant.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Of(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A double, invariant and round-trippable; NaN and infinities have no wire form.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite.</exception>
    public static string Of(double value) => double.IsFinite(value)
        ? value.ToString("R", CultureInfo.InvariantCulture)
        : throw new ArgumentOutOfRangeException(nameof(value), value, "A number sent to the API must be finite.");

    /// <summary>A decimal, invariant.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Of(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A URI as it was given.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Of(Uri value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.OriginalString;
    }

    /// <summary>A point in time as seconds or milliseconds since the Unix epoch.</summary>
    /// <param name="value">The value.</param>
    /// <param name="unit">The unit on the wire.</param>
    /// <returns>The text.</returns>
    public static string Of(DateTimeOffset value, WireTimeUnit unit) =>
        (unit == WireTimeUnit.Seconds ? value.ToUnixTimeSeconds() : value.ToUnixTimeMilliseconds()).ToString(CultureInfo.InvariantCulture);

    /// <summary>A duration in seconds or milliseconds, fractions kept.</summary>
    /// <param name="value">The value.</param>
    /// <param name="unit">The unit on the wire.</param>
    /// <returns>The text.</returns>
    public static string Of(TimeSpan value, WireTimeUnit unit)
    {
        decimal amount = (decimal)value.Ticks / (unit == WireTimeUnit.Seconds ? TimeSpan.TicksPerSecond : TimeSpan.TicksPerMillisecond);
        return amount.ToString(CultureInfo.InvariantCulture);
    }
}
