using System.CommandLine;
using Memories.Cli.Output;
using Memories.Contracts;

namespace Memories.Cli.Commands;

/// <summary><c>mavi videos show</c>, <c>list</c>, <c>download</c> and <c>delete</c>: the account's videos.</summary>
internal static class VideosCommands
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var videos = new Command("videos", "The account's videos: one video's metadata, a list, a download, a delete.");
        videos.Add(Show(global, console));
        videos.Add(List(global, console));
        videos.Add(Download(global, console));
        videos.Add(Delete(global, console));
        return videos;
    }

    private static Command Show(GlobalOptions global, CliConsole console)
    {
        var videoNo = new Argument<string>("VIDEO_NO") { Description = "The video's number (VI…)." };
        var uniqueId = TasksCommands.UniqueId();
        var json = TasksCommands.Json();
        var command = new Command("show", "Show one video's metadata.") { videoNo, uniqueId, json };
        command.SetAction((parse, ct) => Errors.Guard(console, async () =>
        {
            await using var connection = await Connection.OpenAsync(global.Read(parse), console, ct).ConfigureAwait(false);
            return await Errors.Scrubbed(console, connection.ApiKey, async () =>
            {
                string number = parse.GetRequiredValue(videoNo);
                var video = await connection.Api.GetVideoAsync(number, parse.GetValue(uniqueId)!, ct).ConfigureAwait(false);
                if (video is null)
                {
                    await console.Error.WriteLineAsync($"mavi: no video {number} in unique_id '{parse.GetValue(uniqueId)}' (unknown, or not downloaded yet).").ConfigureAwait(false);
                    return ExitCodes.TimedOut;
                }

                await console.Out.WriteLineAsync(parse.GetValue(json) ? VideoReport.MetadataJson(video) : VideoReport.Metadata(video)).ConfigureAwait(false);
                return ExitCodes.Succeeded;
            }).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command List(GlobalOptions global, CliConsole console)
    {
        var uniqueId = TasksCommands.UniqueId();
        var json = new Option<bool>("--json") { Description = "One JSON object per video per line." };
        var size = new Option<int>("--size") { Description = "Videos per page (default 20).", DefaultValueFactory = _ => 20 };
        var page = new Option<int>("--page") { Description = "The page to show, from 1 (default 1).", DefaultValueFactory = _ => 1 };
        var all = new Option<bool>("--all") { Description = "Walk every page, within the list limit (5 requests/s), until a short page." };
        var tag = new Option<string?>("--tag") { Description = "Only videos with this tag." };
        var command = new Command("list", "List videos, a page or all of them.") { uniqueId, size, page, all, tag, json };
        command.SetAction((parse, ct) => Errors.Guard(console, async () =>
        {
            if (parse.GetValue(size) < 1 || parse.GetValue(page) < 1)
            {
                throw new ArgumentException("--size and --page must be at least 1.");
            }

            if (parse.GetValue(all) && parse.GetResult(page) is { Implicit: false })
            {
                throw new ArgumentException("--page and --all exclude each other: --all starts at page 1.");
            }

            await using var connection = await Connection.OpenAsync(global.Read(parse), console, ct).ConfigureAwait(false);
            return await Errors.Scrubbed(console, connection.ApiKey, async () =>
            {
                var filter = new ListVideosRequest { Page = parse.GetValue(page), Size = parse.GetValue(size), UniqueId = parse.GetValue(uniqueId), Tag = parse.GetValue(tag) };
                var found = new List<VideoMetadata>();
                if (parse.GetValue(all))
                {
                    await foreach (var video in connection.Api.ListAllVideosAsync(filter, limiter: null, ct).ConfigureAwait(false))
                    {
                        found.Add(video);
                    }
                }
                else
                {
                    found.AddRange(await connection.Api.ListVideosPageAsync(filter, ct).ConfigureAwait(false));
                }

                if (parse.GetValue(json))
                {
                    foreach (var video in found)
                    {
                        await console.Out.WriteLineAsync(VideoReport.MetadataJson(video)).ConfigureAwait(false);
                    }
                }
                else
                {
                    await console.Out.WriteAsync(VideoReport.MetadataTable(found)).ConfigureAwait(false);
                }

                return ExitCodes.Succeeded;
            }).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Download(GlobalOptions global, CliConsole console)
    {
        var videoNo = new Argument<string>("VIDEO_NO") { Description = "The video's number (VI…)." };
        var output = new Option<string?>("--output", "-o") { Description = "Where the file goes (default VIDEO_NO.mp4 here). Written beside it first, renamed when complete." };
        var force = new Option<bool>("--force") { Description = "Replace a file already at the output path." };
        var uniqueId = TasksCommands.UniqueId();
        var json = TasksCommands.Json();
        var command = new Command("download", "Download a video's file; an interrupted download never leaves a partial file.") { videoNo, output, force, uniqueId, json };
        command.SetAction((parse, ct) => Errors.Guard(console, async () =>
        {
            string number = parse.GetRequiredValue(videoNo);
            string path = parse.GetValue(output) ?? number + ".mp4";
            if (File.Exists(path) && !parse.GetValue(force))
            {
                throw new ArgumentException($"'{path}' already exists; pass --force to replace it.");
            }

            if (Directory.Exists(path))
            {
                throw new ArgumentException($"'{path}' is a directory; give a file's path with -o.");
            }

            await using var connection = await Connection.OpenAsync(global.Read(parse), console, ct).ConfigureAwait(false);
            return await Errors.Scrubbed(console, connection.ApiKey, async () =>
            {
                var file = await TransferProgress.RunAsync(console, "downloading", number, total: null, progress => connection.Api.DownloadAsync(number, path, parse.GetValue(force), parse.GetValue(uniqueId)!, progress, ct)).ConfigureAwait(false);
                await console.Out.WriteLineAsync(parse.GetValue(json)
                    ? VideoReport.Write(writer =>
                    {
                        writer.WriteStartObject();
                        writer.WriteString("video_no", number);
                        writer.WriteString("path", Path.GetFullPath(path));
                        writer.WriteNumber("bytes", file.Length);
                        writer.WriteEndObject();
                    })
                    : $"{number}  {path}  {file.Length} bytes").ConfigureAwait(false);
                return ExitCodes.Succeeded;
            }).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Delete(GlobalOptions global, CliConsole console)
    {
        var videoNos = new Argument<string[]>("VIDEO_NO") { Description = "The videos to delete, 1 to 100.", Arity = ArgumentArity.OneOrMore };
        var yes = new Option<bool>("--yes", "-y") { Description = "Delete without asking (required when not on a terminal)." };
        var uniqueId = TasksCommands.UniqueId();
        var json = TasksCommands.Json();
        var command = new Command("delete", "Delete videos; asks first on a terminal.") { videoNos, yes, uniqueId, json };
        command.SetAction((parse, ct) => Errors.Guard(console, async () =>
        {
            var numbers = parse.GetRequiredValue(videoNos);
            if (numbers.Length > MemoriesVideos.MaxDeletes)
            {
                throw new ArgumentException($"{numbers.Length} videos given; one delete takes at most {MemoriesVideos.MaxDeletes}.");
            }

            if (!parse.GetValue(yes))
            {
                if (!console.IsTerminal || !console.ErrorIsTerminal)
                {
                    throw new ArgumentException("refusing to delete without --yes when not on a terminal.");
                }

                await console.Error.WriteAsync($"Delete {numbers.Length} video(s) from unique_id '{parse.GetValue(uniqueId)}'? [y/N] ").ConfigureAwait(false);
                if (console.ReadLine()?.Trim().ToLowerInvariant() is not ("y" or "yes"))
                {
                    await console.Error.WriteLineAsync("mavi: nothing deleted.").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }
            }

            await using var connection = await Connection.OpenAsync(global.Read(parse), console, ct).ConfigureAwait(false);
            return await Errors.Scrubbed(console, connection.ApiKey, async () =>
            {
                await connection.Api.DeleteAsync(numbers, parse.GetValue(uniqueId)!, ct).ConfigureAwait(false);
                foreach (string number in numbers)
                {
                    await console.Out.WriteLineAsync(parse.GetValue(json)
                        ? VideoReport.Write(writer =>
                        {
                            writer.WriteStartObject();
                            writer.WriteString("video_no", number);
                            writer.WriteBoolean("deleted", true);
                            writer.WriteEndObject();
                        })
                        : $"deleted {number}").ConfigureAwait(false);
                }

                return ExitCodes.Succeeded;
            }).ConfigureAwait(false);
        }));
        return command;
    }
}
