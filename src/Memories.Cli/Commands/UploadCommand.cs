using System.CommandLine;
using Contracts.Runtime.Polling;
using Memories.Cli.Output;
using Memories.Contracts;

namespace Memories.Cli.Commands;

/// <summary>
/// <c>mavi upload</c>: video files (streamed, with progress on stderr) or one link; one line per
/// video with its number, and with <c>--wait</c> until each is parsed.
/// </summary>
internal static class UploadCommand
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var files = new Argument<string[]>("FILE") { Description = "Video files: .mp4, .avi, .mkv or .mov, at most 3 GB each.", Arity = ArgumentArity.ZeroOrMore };
        var url = new Option<string?>("--url") { Description = "Upload the video at this link instead (mp4, or m3u8 with absolute inner paths; at most 1 GB)." };
        var tags = new Option<string[]>("--tag") { Description = "A tag (repeat for more, at most 20)." };
        var wait = new Option<bool>("--wait") { Description = "Then wait until each video is parsed (exit codes as for 'tasks wait')." };
        var timeout = TasksCommands.DurationOption("--timeout", "With --wait: how long to wait in all (default 10m).");
        var uniqueId = TasksCommands.UniqueId();
        var json = new Option<bool>("--json") { Description = "One JSON object per video per line." };
        var command = new Command("upload", "Upload video files, or one video by link, and print each video's number.") { files, url, tags, wait, timeout, uniqueId, json };
        command.SetAction((parse, ct) => Errors.Guard(console, async () =>
        {
            var paths = parse.GetValue(files) ?? [];
            string? link = parse.GetValue(url);
            if ((paths.Length == 0) == (link is null))
            {
                throw new ArgumentException("give video FILEs or --url, one of the two.");
            }

            var options = new UploadOptions { UniqueId = parse.GetValue(uniqueId)!, Tags = parse.GetValue(tags) is { Length: > 0 } t ? t : null };
            Uri? linkUri = null;
            if (link is not null && (!Uri.TryCreate(link, UriKind.Absolute, out linkUri) || (linkUri.Scheme != Uri.UriSchemeHttp && linkUri.Scheme != Uri.UriSchemeHttps)))
            {
                throw new ArgumentException($"--url '{link}' is not an absolute http(s) URL.");
            }

            // Every file is checked before the first byte is sent: a bad third file must not cost two uploads.
            foreach (string path in paths)
            {
                Check(path);
            }

            if (options.Tags is { Count: > MemoriesUploads.MaxTags })
            {
                throw new ArgumentException($"--tag is given {options.Tags.Count} times; a video takes at most {MemoriesUploads.MaxTags}.");
            }

            await using var connection = await Connection.OpenAsync(global.Read(parse), console, ct).ConfigureAwait(false);
            return await Errors.Scrubbed(console, connection.ApiKey, async () =>
            {
                var uploaded = new List<UploadedVideo>();
                if (linkUri is not null)
                {
                    uploaded.Add(await connection.Api.UploadUrlAsync(linkUri, options, ct).ConfigureAwait(false));
                    await PrintAsync(console, uploaded[^1], link!, parse.GetValue(json)).ConfigureAwait(false);
                }

                foreach (string path in paths)
                {
                    var video = await TransferProgress.RunAsync(console, "uploading", Path.GetFileName(path), new FileInfo(path).Length, progress => connection.Api.UploadAsync(path, options, progress, ct)).ConfigureAwait(false);
                    uploaded.Add(video);
                    await PrintAsync(console, video, path, parse.GetValue(json)).ConfigureAwait(false);
                }

                return parse.GetValue(wait)
                    ? await WaitParsedAsync(connection, uploaded, options.UniqueId, parse.GetValue(timeout) ?? TimeSpan.FromMinutes(10), parse.GetValue(json), console, ct).ConfigureAwait(false)
                    : ExitCodes.Succeeded;
            }).ConfigureAwait(false);
        }));
        return command;
    }

    /// <summary>What the API would refuse about a file, as a usage error naming it.</summary>
    private static void Check(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new ArgumentException($"FILE '{path}' does not exist.");
        }

        if (MemoriesUploads.VideoContentType(path) is null)
        {
            throw new ArgumentException($"FILE '{path}' is not a video type the API takes: .mp4, .avi, .mkv or .mov.");
        }

        if (file.Length > MemoriesUploads.MaxFileBytes)
        {
            throw new ArgumentException($"FILE '{path}' is {file.Length:N0} bytes; the API takes files of at most 3 GB.");
        }

        try
        {
            using var probe = file.OpenRead();
        }
        catch (Exception error) when (error is UnauthorizedAccessException or IOException)
        {
            throw new ArgumentException($"FILE '{path}' cannot be read: {error.Message}");
        }
    }

    private static Task PrintAsync(CliConsole console, UploadedVideo video, string source, bool asJson) =>
        console.Out.WriteLineAsync(asJson
            ? VideoReport.Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("video_no", video.VideoNo);
                writer.WriteString("source", source);
                writer.WriteString("status", video.VideoStatusWireValue ?? "UNPARSE");
                writer.WriteEndObject();
            })
            : $"{video.VideoNo}  {source}");

    /// <summary>
    /// Polls the videos' status through list_videos (one request for all of them, on the account's
    /// list budget) until each is parsed or failed, or the deadline.
    /// </summary>
    private static async Task<int> WaitParsedAsync(Connection connection, IReadOnlyList<UploadedVideo> videos, string uniqueId, TimeSpan timeout, bool asJson, CliConsole console, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var pending = videos.Select(v => new TaskVideo { VideoNo = v.VideoNo, VideoName = v.VideoName, Status = VideoStatus.Unparsed }).ToList();
        var finished = new List<TaskVideo>();
        var delay = TimeSpan.FromSeconds(1);
        while (pending.Count > 0)
        {
            foreach (var video in await connection.Api.CheckTaskVideosAsync(pending, uniqueId, ct).ConfigureAwait(false))
            {
                if (video.Status.IsTerminal())
                {
                    finished.Add(video);
                    pending.RemoveAll(p => p.VideoNo == video.VideoNo);
                    await console.Error.WriteLineAsync($"mavi: {video.VideoNo} {VideoReport.Status(video)}").ConfigureAwait(false);
                }
            }

            if (pending.Count == 0 || DateTimeOffset.UtcNow + delay > deadline)
            {
                break;
            }

            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
        }

        var all = finished.Concat(pending).ToList();
        var outcome = pending.Count > 0 ? WaitOutcome.TimedOut
            : finished.All(v => v.Status.IsSuccess()) ? WaitOutcome.Succeeded
            : finished.All(v => v.Status.IsFailure()) ? WaitOutcome.AllFailed
            : WaitOutcome.CompletedWithFailures;
        if (asJson)
        {
            await console.Out.WriteLineAsync(VideoReport.Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("outcome", VideoReport.OutcomeName(outcome));
                writer.WriteEndObject();
            })).ConfigureAwait(false);
        }
        else
        {
            await console.Out.WriteAsync(VideoReport.Table(all)).ConfigureAwait(false);
        }

        return TasksCommands.ExitCode(outcome);
    }
}
