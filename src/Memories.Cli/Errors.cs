using Contracts.Runtime;
using Contracts.Runtime.Polling;
using Microsoft.Extensions.Options;

namespace Memories.Cli;

/// <summary>Turns every failure into one clear line on stderr and an exit code: never a stack trace, never the key.</summary>
internal static partial class Errors
{
    public static async Task<int> Guard(CliConsole console, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception error)
        {
            await console.Error.WriteLineAsync("mavi: error: " + Describe(error)).ConfigureAwait(false);
            return ExitCode(error);
        }
    }

    /// <summary>Runs <paramref name="action"/>, removing <paramref name="apiKey"/> from any error it raises.</summary>
    public static async Task<int> Scrubbed(CliConsole console, string apiKey, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            string line = Describe(error);
            if (apiKey.Length > 0)
            {
                line = line.Replace(apiKey, "***", StringComparison.Ordinal);
            }

            line = MaskKeys(line);

            await console.Error.WriteLineAsync("mavi: error: " + line).ConfigureAwait(false);
            return ExitCode(error);
        }
    }

    /// <summary>
    /// Masks anything that looks like a memories.ai key (<c>sk-…</c>), so that a key pasted as a
    /// stray argument is not echoed back by a usage error.
    /// </summary>
    public static string MaskKeys(string text) => KeyLike().Replace(text, "sk-***");

    /// <summary>Whether an argument looks like a memories.ai key, which must never be sent as anything else (a task id ends up in URLs and server logs).</summary>
    public static bool LooksLikeKey(string text) => KeyLike().IsMatch(text);

    [System.Text.RegularExpressions.GeneratedRegex(@"sk-[A-Za-z0-9_\-]{3,}")]
    private static partial System.Text.RegularExpressions.Regex KeyLike();

    public static int ExitCode(Exception error) => error switch
    {
        ApiRedirectedException => ExitCodes.Usage,
        ApiResponseException => ExitCodes.Refused,
        ApiHttpException { StatusCode: System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.PaymentRequired or System.Net.HttpStatusCode.Forbidden } => ExitCodes.Refused,
        OptionsValidationException or ArgumentException => ExitCodes.Usage,
        _ => ExitCodes.Failed,
    };

    private static string Describe(Exception error) => (error switch
    {
        OptionsValidationException validation => string.Join(" ", validation.Failures),
        PollingGaveUpException gaveUp => gaveUp.Message,
        OperationCanceledException => "cancelled.",
        HttpRequestException http => "could not reach the API: " + http.Message,
        _ => error.Message,
    }).ReplaceLineEndings(" ");
}
