using System.CommandLine;
using System.Globalization;
using System.Text;
using Memories.Cli.Output;
using Memories.Contracts;

namespace Memories.Cli.Commands;

/// <summary><c>mavi search</c>: the account's videos (or public ones) by text, audio, image or caption.</summary>
internal static class SearchCommand
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var text = new Argument<string>("TEXT") { Description = "What to look for." };
        var type = new Option<string>("--type") { Description = "clip (default), audio, image or caption.", DefaultValueFactory = _ => "clip" };
        OneOf(type, "clip", "audio", "image", "caption");
        var topK = new Option<int?>("--top-k") { Description = "How many matches at most: 1 to 1000 (1 to 200 for captions)." };
        var level = new Option<string?>("--level") { Description = "The minimum score: low, medium or high." };
        OneOf(level, "low", "medium", "high");
        var videos = new Option<string[]>("--video") { Description = "Only this video (repeat for more, at most 100).", AllowMultipleArgumentsPerToken = false };
        var onPublic = new Option<string?>("--public") { Description = "Search public videos of tiktok, youtube or instagram instead of the account's." };
        OneOf(onPublic, "tiktok", "youtube", "instagram");
        var uniqueId = TasksCommands.UniqueId();
        var json = new Option<bool>("--json") { Description = "One JSON object per match per line." };
        var command = new Command("search", "Search videos by what they show or say; prints video, name, from-to and score.")
        {
            text, type, topK, level, videos, onPublic, uniqueId, json,
        };
        command.SetAction((parse, ct) => Errors.Guard(console, async () =>
        {
            string query = parse.GetRequiredValue(text);
            var options = new SearchOptions
            {
                Type = parse.GetValue(type) switch { "audio" => SearchType.Audio, "image" => SearchType.Image, "caption" => SearchType.Caption, _ => SearchType.Clip },
                TopK = parse.GetValue(topK),
                Level = parse.GetValue(level) switch { "low" => FilteringLevel.Low, "medium" => FilteringLevel.Medium, "high" => FilteringLevel.High, _ => null },
                VideoNos = parse.GetValue(videos) is { Length: > 0 } only ? only : null,
                UniqueId = parse.GetValue(uniqueId)!,
            };
            var platform = parse.GetValue(onPublic) switch { "tiktok" => PublicPlatform.TikTok, "youtube" => PublicPlatform.YouTube, "instagram" => PublicPlatform.Instagram, _ => (PublicPlatform?)null };
            if (platform is not null && options.VideoNos is not null)
            {
                throw new ArgumentException("--video limits a search of the account's videos; it does not go with --public.");
            }

            // Checked before connecting, so a refusal names the option and costs no request.
            try
            {
                MemoriesSearch.Request(query, options);
            }
            catch (ArgumentException error)
            {
                throw new ArgumentException(OptionName(error, options), error);
            }

            await using var connection = await Connection.OpenAsync(global.Read(parse), console, ct).ConfigureAwait(false);
            return await Errors.Scrubbed(console, connection.ApiKey, async () =>
            {
                var matches = platform is { } p
                    ? await connection.Api.SearchPublicAsync(query, p, options, ct).ConfigureAwait(false)
                    : await connection.Api.SearchAsync(query, options, ct).ConfigureAwait(false);
                if (parse.GetValue(json))
                {
                    foreach (var match in matches)
                    {
                        await console.Out.WriteLineAsync(Json(match)).ConfigureAwait(false);
                    }
                }
                else if (matches.Count > 0)
                {
                    await console.Out.WriteAsync(Table(matches)).ConfigureAwait(false);
                }

                if (matches.Count == 0)
                {
                    await console.Error.WriteLineAsync($"mavi: nothing matched \"{query}\".").ConfigureAwait(false);
                }

                return ExitCodes.Succeeded;
            }).ConfigureAwait(false);
        }));
        return command;
    }

    /// <summary>Refuses a value not in <paramref name="allowed"/>, naming the option and every allowed value.</summary>
    private static void OneOf<T>(Option<T> option, params string[] allowed) =>
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => !allowed.Contains(t.Value, StringComparer.Ordinal)))
            {
                result.AddError($"{option.Name} must be {string.Join(", ", allowed[..^1])} or {allowed[^1]}; '{token.Value}' is none of them.");
            }
        });

    /// <summary>The library's refusal, told with the command line's option names.</summary>
    private static string OptionName(ArgumentException error, SearchOptions options) => error.ParamName switch
    {
        "query" => "TEXT is empty; give something to search for.",
        "options.TopK" => $"--top-k must be 1 to {(options.Type == SearchType.Caption ? 200 : 1000)} for a {options.Type.ToString().ToLowerInvariant()} search.",
        "options.VideoNos" => $"--video is given {options.VideoNos?.Count} times; a search takes at most {MemoriesSearch.MaxVideoNos} video numbers, none empty.",
        _ => error.Message,
    };

    private static string Table(IReadOnlyList<SearchMatch> matches)
    {
        var rows = matches.Select(m => (m.Id, Name: m.Name ?? m.Text ?? string.Empty, Span: Span(m), Score: m.Score?.ToString("0.000", CultureInfo.InvariantCulture) ?? "?")).ToList();
        int id = Math.Max(5, rows.Max(r => r.Id.Length));
        int name = Math.Min(40, Math.Max(4, rows.Max(r => r.Name.Length)));
        int span = Math.Max(7, rows.Max(r => r.Span.Length));
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"{"VIDEO".PadRight(id)}  {"NAME".PadRight(name)}  {"FROM-TO".PadRight(span)}  SCORE\n");
        foreach (var row in rows)
        {
            string shown = row.Name.Length > name ? row.Name[..(name - 1)] + "…" : row.Name;
            table.Append(CultureInfo.InvariantCulture, $"{row.Id.PadRight(id)}  {shown.PadRight(name)}  {row.Span.PadRight(span)}  {row.Score}\n");
        }

        return table.ToString();
    }

    private static string Span(SearchMatch match) =>
        match.Start is { } start ? Clock(start) + "-" + (match.End is { } end ? Clock(end) : "?") : "-";

    /// <summary>A moment in a video as m:ss (h:mm:ss past an hour), as players show it.</summary>
    private static string Clock(TimeSpan at) => at.TotalHours >= 1
        ? at.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : ((int)at.TotalMinutes).ToString(CultureInfo.InvariantCulture) + ":" + at.Seconds.ToString("00", CultureInfo.InvariantCulture);

    private static string Json(SearchMatch match) => VideoReport.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("video_no", match.Id);
        writer.WriteString("name", match.Name ?? match.Text);
        if (match.Start is { } start)
        {
            writer.WriteNumber("start_seconds", start.TotalSeconds);
        }

        if (match.End is { } end)
        {
            writer.WriteNumber("end_seconds", end.TotalSeconds);
        }

        if (match.Score is { } score)
        {
            writer.WriteNumber("score", score);
        }

        writer.WriteEndObject();
    });
}
