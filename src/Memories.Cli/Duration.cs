using System.Globalization;

namespace Memories.Cli;

/// <summary>Durations as people type them: <c>500ms</c>, <c>90s</c>, <c>10m</c>, <c>1h</c>, or combined, <c>1m30s</c>.</summary>
public static class Duration
{
    /// <summary>Parses a duration; false with a message saying what to write when it is not one.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The duration.</param>
    /// <param name="error">What is wrong, when parsing fails.</param>
    /// <returns>True when <paramref name="text"/> is a duration.</returns>
    public static bool TryParse(string? text, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        error = $"'{text}' is not a duration; write a number with a unit, such as 500ms, 90s, 10m, 1h or 1m30s";
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        int position = 0;
        string input = text.Trim();
        while (position < input.Length)
        {
            int start = position;
            while (position < input.Length && (char.IsAsciiDigit(input[position]) || input[position] == '.'))
            {
                position++;
            }

            if (position == start || !double.TryParse(input.AsSpan(start, position - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double amount))
            {
                return false;
            }

            int unitStart = position;
            while (position < input.Length && char.IsAsciiLetter(input[position]))
            {
                position++;
            }

            TimeSpan part;
            switch (input[unitStart..position])
            {
                case "ms": part = TimeSpan.FromMilliseconds(amount); break;
                case "s": part = TimeSpan.FromSeconds(amount); break;
                case "m": part = TimeSpan.FromMinutes(amount); break;
                case "h": part = TimeSpan.FromHours(amount); break;
                default: return false;
            }

            value += part;
        }

        error = null;
        return true;
    }

    /// <summary>Formats a duration briefly for people: <c>2.4 s</c>, <c>1 m 30 s</c>.</summary>
    /// <param name="value">The duration.</param>
    /// <returns>The text.</returns>
    public static string Format(TimeSpan value) => value.TotalSeconds < 60
        ? value.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
        : $"{(int)value.TotalMinutes} m {value.Seconds} s";
}
