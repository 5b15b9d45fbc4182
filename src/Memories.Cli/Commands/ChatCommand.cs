using System.CommandLine;
using Memories.Cli.Output;
using Memories.Contracts;

namespace Memories.Cli.Commands;

/// <summary>
/// <c>mavi chat</c>: asks about videos and prints the answer as it arrives: its text on stdout,
/// the model's thinking and the moments it refers to on stderr. Ctrl+C ends it at once (exit 130).
/// </summary>
internal static class ChatCommand
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var prompt = new Argument<string>("PROMPT") { Description = "The question." };
        var videos = new Option<string[]>("--video") { Description = "A video to ask about (repeat for more); at least one.", Required = true };
        var session = new Option<long?>("--session") { Description = "Continue a conversation: the session id an earlier answer printed." };
        var uniqueId = TasksCommands.UniqueId();
        var json = new Option<bool>("--json") { Description = "One JSON object per event per line on stdout: thinking, ref, content." };
        var command = new Command("chat", "Ask about videos; the answer streams to stdout as it is written.") { prompt, videos, session, uniqueId, json };
        command.SetAction((parse, ct) => Errors.Guard(console, async () =>
        {
            string question = parse.GetRequiredValue(prompt);
            var numbers = parse.GetRequiredValue(videos);
            long? sessionId = parse.GetValue(session);
            string scope = parse.GetValue(uniqueId)!;
            try
            {
                MemoriesChat.Request(question, numbers, sessionId, scope);
            }
            catch (ArgumentException error)
            {
                throw new ArgumentException(error.ParamName switch
                {
                    "prompt" => "PROMPT is empty; ask something.",
                    "videoNos" => "--video: give 1 to 100 video numbers, none empty.",
                    "sessionId" => "--session must be the number an earlier answer printed.",
                    _ => error.Message,
                }, error);
            }

            await using var connection = await Connection.OpenAsync(global.Read(parse), console, ct).ConfigureAwait(false);
            return await Errors.Scrubbed(console, connection.ApiKey, async () =>
            {
                bool asJson = parse.GetValue(json);
                long? answeredSession = null;
                try
                {
                    await foreach (var e in connection.Api.ChatStreamAsync(question, numbers, sessionId, scope, ct).ConfigureAwait(false))
                    {
                        answeredSession ??= e.Thinking?.SessionId ?? e.Ref?.SessionId ?? e.Content?.SessionId;
                        if (asJson)
                        {
                            await console.Out.WriteLineAsync(Json(e)).ConfigureAwait(false);
                        }
                        else if (e.Content is { } content)
                        {
                            await console.Out.WriteAsync(content.Content).ConfigureAwait(false);
                        }
                        else if (e.Thinking is { } thinking)
                        {
                            await console.Error.WriteLineAsync($"thinking: {thinking.Title}: {thinking.Content}").ConfigureAwait(false);
                        }
                        else if (e.Ref is { } references)
                        {
                            foreach (var reference in references.References)
                            {
                                var moments = reference.RefItems.Select(i => i.StartTime is { } start ? Duration.Format(start) : "?");
                                await console.Error.WriteLineAsync($"refers to: {reference.Video?.VideoNo} {reference.Video?.VideoName} at {string.Join(", ", moments)}").ConfigureAwait(false);
                            }
                        }

                        // Each piece is seen the moment it arrives, also when stdout is a pipe.
                        await console.Out.FlushAsync(ct).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    await console.Out.WriteLineAsync().ConfigureAwait(false);
                    await console.Error.WriteLineAsync("mavi: chat stopped.").ConfigureAwait(false);
                    return ExitCodes.Interrupted;
                }

                if (!asJson)
                {
                    await console.Out.WriteLineAsync().ConfigureAwait(false);
                    if (answeredSession is { } id)
                    {
                        await console.Error.WriteLineAsync($"mavi: session {id} (continue it with --session {id}).").ConfigureAwait(false);
                    }
                }

                return ExitCodes.Succeeded;
            }).ConfigureAwait(false);
        }));
        return command;
    }

    private static string Json(ChatEvent e) => VideoReport.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("kind", e.Kind);
        if (e.Content is { } content)
        {
            writer.WriteString("content", content.Content);
        }
        else if (e.Thinking is { } thinking)
        {
            writer.WriteString("title", thinking.Title);
            writer.WriteString("content", thinking.Content);
        }
        else if (e.Ref is { } references)
        {
            writer.WriteStartArray("videos");
            foreach (var reference in references.References)
            {
                writer.WriteStringValue(reference.Video?.VideoNo);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    });
}
