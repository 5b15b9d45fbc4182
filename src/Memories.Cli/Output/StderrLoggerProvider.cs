using Microsoft.Extensions.Logging;

namespace Memories.Cli.Output;

/// <summary>
/// The client's log lines on stderr as <c>mavi: warning: …</c>, from <paramref name="minimum"/> up,
/// with the API key (and anything shaped like one) masked, whatever the message says.
/// </summary>
internal sealed class StderrLoggerProvider(TextWriter error, string apiKey, LogLevel minimum) : ILoggerProvider
{
    private readonly object _gate = new();

    private LogLevel Minimum { get; } = minimum;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

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

    private static string Label(LogLevel level) => level switch
    {
        LogLevel.Critical or LogLevel.Error => "error",
        LogLevel.Warning => "warning",
        _ => "info",
    };

    private sealed class Logger(StderrLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider.Minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, formatter(state, exception));
            }
        }
    }
}
