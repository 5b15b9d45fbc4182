using Microsoft.Extensions.Logging;

namespace Memories.Cli.Output;

/// <summary>
/// The client's log lines on stderr as <c>mavi: warning: …</c> (levels are filtered by the logging
/// builder), with the API key (and anything shaped like one) masked, whatever the message says.
/// </summary>
internal sealed class StderrLoggerProvider(TextWriter error, string apiKey) : ILoggerProvider
{
    private readonly object _gate = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal));

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string message)
    {
        if (apiKey.Length > 0)
        {
            message = message.Replace(apiKey, "***", StringComparison.Ordinal);
        }

        string line = $"mavi: {Label(level)}: {Errors.MaskKeys(message).ReplaceLineEndings(" ")}";
        lock (_gate)
        {
            error.WriteLine(line);
        }
    }

    /// <summary>The event ids of Microsoft.Extensions.Http's request and response header lines.</summary>
    private const int RequestHeaders = 102;
    private const int ResponseHeaders = 103;

    private static string Label(LogLevel level) => level switch
    {
        LogLevel.Critical or LogLevel.Error => "error",
        LogLevel.Warning => "warning",
        _ => "info",
    };

    /// <param name="provider">Where the lines go.</param>
    /// <param name="httpClient">Whether this is the HTTP client's logger, whose header lines (redacted to <c>*</c> anyway) say nothing here.</param>
    private sealed class Logger(StderrLoggerProvider provider, bool httpClient) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel) && !(httpClient && eventId.Id is RequestHeaders or ResponseHeaders))
            {
                provider.Write(logLevel, formatter(state, exception));
            }
        }
    }
}
