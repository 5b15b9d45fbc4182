using System.ComponentModel;

namespace Contracts.Runtime.Polling;

/// <summary>Builds <see cref="BatchPoll{TItem, TId}.Key"/>: one text per endpoint and arguments, so that waits on the same batch share their polls.</summary>
/// <remarks>For generated code; hidden from IntelliSense.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BatchKey
{
    /// <summary>The key of a batch: its endpoint and its arguments, each escaped so that no two argument lists give one key.</summary>
    /// <param name="subject">The endpoint, such as <c>GET /path</c>.</param>
    /// <param name="arguments">The arguments that select the batch, in a fixed order.</param>
    /// <returns>The key.</returns>
    public static string Of(string subject, params object?[] arguments)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(arguments);
        return subject + "?" + string.Join("&", arguments.Select(a => a is null ? "~" : Uri.EscapeDataString(Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty)));
    }
}
