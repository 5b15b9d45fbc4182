using System.CommandLine;
using Contracts.Runtime.Polling;
using Memories.Cli.Output;
using Memories.Contracts;

namespace Memories.Cli.Commands;

/// <summary><c>mavi tasks create</c>, <c>mavi tasks status</c> and <c>mavi tasks wait</c>.</summary>
internal static class TasksCommands
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var tasks = new Command("tasks", "Batch upload tasks (Upload from Social Media).");
        tasks.Add(CreateTask(global, console));
        tasks.Add(Status(global, console));
        tasks.Add(Wait(global, console));
        return tasks;
    }

    /// <summary>A person is watching the command: poll at least this often (the library's default is 30 s).</summary>
    private static readonly TimeSpan WatchedMaxDelay = TimeSpan.FromSeconds(10);

    private static Command Status(GlobalOptions global, CliConsole console)
    {
        var taskId = TaskIdArgument();
        var uniqueId = UniqueIdOption();
        var json = JsonOption();
        var command = new Command("status", "Show each video of a task once, without waiting.") { taskId, uniqueId, json };
        command.SetAction((parse, ct) => Errors.Guard(console, async () =>
        {
            await using var connection = await Connection.OpenAsync(global.Read(parse), console, ct).ConfigureAwait(false);
            return await Errors.Scrubbed(console, connection.ApiKey, async () =>
            {
                string id = parse.GetRequiredValue(taskId);
                string scope = parse.GetValue(uniqueId)!;
                var snapshot = await connection.Api.GetTaskSnapshotAsync(id, scope, ct).ConfigureAwait(false);
                if (parse.GetValue(json))
                {
                    string outcome = snapshot.Items.Count == 0 ? "not_found_or_not_started" : VideoReport.OutcomeName(snapshot.Outcome);
                    await console.Out.WriteLineAsync(VideoReport.Json(id, scope, outcome, 1, snapshot.Elapsed, snapshot.Items)).ConfigureAwait(false);
                }
                else
                {
                    await console.Out.WriteAsync(VideoReport.Table(snapshot.Items)).ConfigureAwait(false);
                    await console.Out.WriteLineAsync(snapshot.Items.Count == 0
                        ? "No videos yet: the task is still downloading, or the task id is unknown."
                        : VideoReport.Counts(snapshot)).ConfigureAwait(false);
                }

                return ExitCodes.Succeeded;
            }).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Wait(GlobalOptions global, CliConsole console)
    {
        var taskIds = new Argument<string[]>("TASK_ID")
        {
            Description = "The taskId returned by Upload from Social Media; several are waited for together, sharing the account's rate limit.",
            Arity = ArgumentArity.OneOrMore,
        };
        taskIds.Validators.Add(RefuseKeys);
        var uniqueId = UniqueIdOption();
        var json = JsonOption();
        var timeout = DurationOption("--timeout", "How long to wait in all (default 10m).");
        var minDelay = DurationOption("--min-delay", "Shortest delay between polls (default 2s; at least 1s, the API's rate limit).");
        var maxDelay = DurationOption("--max-delay", "Longest delay between polls (default 10s: someone is watching).");
        var emptyGrace = DurationOption("--empty-grace", "How long an empty task is taken as still downloading (default 2m).");
        var command = new Command("wait", "Poll tasks until every video has finished, showing progress. With several tasks, --json prints one object per line, in the order given, and the exit code is the worst outcome's.")
        {
            taskIds, uniqueId, timeout, minDelay, maxDelay, emptyGrace, json,
        };
        command.SetAction((parse, ct) => Errors.Guard(console, async () =>
        {
            await using var connection = await Connection.OpenAsync(global.Read(parse), console, ct).ConfigureAwait(false);
            return await Errors.Scrubbed(console, connection.ApiKey, async () =>
            {
                var options = WaitOptions(connection, parse, timeout, minDelay, maxDelay, emptyGrace);
                string[] ids = [.. parse.GetRequiredValue(taskIds).Distinct(StringComparer.Ordinal)];
                string scope = parse.GetValue(uniqueId)!;
                return ids.Length == 1
                    ? await WaitAndReportAsync(connection, ids[0], scope, options, parse.GetValue(json), console, ct).ConfigureAwait(false)
                    : await WaitForSeveralAsync(connection, ids, scope, options, parse.GetValue(json), console, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }));
        return command;
    }

    /// <summary>
    /// Waits for every task at once (the account's scheduler shares the budget among them), with
    /// progress lines on stderr named by task, then reports each in the order given.
    /// </summary>
    private static async Task<int> WaitForSeveralAsync(Connection connection, string[] ids, string scope, PollingOptions options, bool asJson, CliConsole console, CancellationToken ct)
    {
        var results = await Task.WhenAll(ids.Select(id => connection.Waiter.WaitAsync(
            id, scope, options, asJson ? null : ProgressLines(console, options, id), ct))).ConfigureAwait(false);
        for (int i = 0; i < ids.Length; i++)
        {
            if (!asJson)
            {
                await console.Out.WriteLineAsync($"task {ids[i]}").ConfigureAwait(false);
            }

            await ReportAsync(ids[i], scope, results[i], asJson, showTable: true, console).ConfigureAwait(false);
        }

        return ExitCodes.MostUrgent(results.Select(r => ExitCode(r.Outcome)));
    }

    private static Command CreateTask(GlobalOptions global, CliConsole console)
    {
        var urls = new Argument<string[]>("URL")
        {
            Description = "Post URLs of one platform (TikTok, Instagram or YouTube), 1 to 50; or use --creator or --hashtag.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var creator = new Option<string?>("--creator") { Description = "Instead of URLs: the latest videos of this creator's profile URL." };
        var count = new Option<int?>("--count") { Description = "With --creator (default 4) or --hashtag (default 2 per tag): how many videos." };
        var hashtags = new Option<string[]>("--hashtag") { Description = "Instead of URLs: videos under this hashtag, with or without '#' (repeat for more)." };
        var uniqueId = UniqueIdOption();
        var quality = new Option<string?>("--quality") { Description = "Download resolution: 360, 480, 720, 1080, 1440 or 2160." };
        var callback = new Option<string?>("--callback-url") { Description = "Where the API POSTs progress callbacks (an absolute http(s) URL)." };
        var wait = new Option<bool>("--wait") { Description = "Then wait for the task exactly as 'tasks wait' does (same output and exit codes)." };
        var listen = new Option<string?>("--callback-listen")
        {
            Description = "With --wait: receive the API's callbacks on HOST:PORT while waiting (port 0 picks a free one), so the wait ends seconds after the work instead of at its next poll. The task's callback URL points here, with a secret made for this run; progress lines say which updates a callback brought.",
            HelpName = "HOST:PORT",
        };
        var publicUrl = new Option<string?>("--callback-public-url")
        {
            Description = "With --callback-listen: the address the API reaches it at (https: a tunnel or a public host). By default the listening address, which only an API on this machine (the simulator) reaches.",
            HelpName = "URL",
        };
        var json = JsonOption();
        var timeout = DurationOption("--timeout", "With --wait: how long to wait in all (default 10m).");
        var command = new Command("create", "Create a task from post URLs, a creator (--creator) or hashtags (--hashtag), and print its id.")
        {
            urls, creator, count, hashtags, uniqueId, quality, callback, wait, listen, publicUrl, timeout, json,
        };
        command.SetAction((parse, ct) => Errors.Guard(console, async () =>
        {
            // Checked before any connection: a refused request costs nothing (the API allows one upload a minute).
            var source = TaskSource(parse, urls, creator, count, hashtags, uniqueId, quality, callback);
            var receiver = Receiver(parse, listen, publicUrl, wait, callback);
            await using var connection = await Connection.OpenAsync(global.Read(parse), console, ct, receiver).ConfigureAwait(false);
            return await Errors.Scrubbed(console, connection.ApiKey, async () =>
            {
                string id = await source.CreateAsync(connection.Api, ct).ConfigureAwait(false);
                string scope = parse.GetValue(uniqueId)!;
                if (!parse.GetValue(wait))
                {
                    await console.Out.WriteLineAsync(parse.GetValue(json) ? VideoReport.TaskJson(id, scope) : id).ConfigureAwait(false);
                    return ExitCodes.Succeeded;
                }

                await console.Error.WriteLineAsync($"mavi: created task {id}; waiting for its videos.").ConfigureAwait(false);
                var options = WaitOptions(connection, parse, timeout, null, null, null);

                // With callbacks, a task made from post URLs is known to hold one video per URL: each
                // video a callback names is confirmed through list_videos, sparing the task-status budget.
                Waiting waiting = connection.Wakeups is not null && source.Posts is { } posts
                    ? progress => connection.Waiter.WaitForCreatedTaskAsync(id, posts, options, progress, ct)
                    : progress => connection.Waiter.WaitAsync(id, scope, options, progress, ct);
                int exit = await WaitAndReportAsync(waiting, id, scope, options, parse.GetValue(json), console, ct).ConfigureAwait(false);
                if (connection.Callbacks is { } callbacks)
                {
                    await console.Error.WriteLineAsync($"mavi: {callbacks.Accepted} callback(s) received, {callbacks.Refused} refused.").ConfigureAwait(false);
                }

                return exit;
            }).ConfigureAwait(false);
        }));
        return command;
    }

    /// <summary>Where callbacks are received while the command waits, or null; the options checked together before anything is sent.</summary>
    private static CallbackListen? Receiver(ParseResult parse, Option<string?> listen, Option<string?> publicUrl, Option<bool> wait, Option<string?> callback)
    {
        string? address = parse.GetValue(listen);
        string? url = parse.GetValue(publicUrl);
        if (address is null)
        {
            return url is null ? null : throw new ArgumentException("--callback-public-url goes with --callback-listen.");
        }

        if (!parse.GetValue(wait))
        {
            throw new ArgumentException("--callback-listen receives callbacks while the command waits: add --wait.");
        }

        if (parse.GetValue(callback) is not null)
        {
            throw new ArgumentException("give --callback-url (callbacks go elsewhere) or --callback-listen (they come here), not both.");
        }

        return CallbackListen.Parse(address, url);
    }

    /// <summary>How a task is created, and, when made from post URLs, the request (which tells how many videos to expect).</summary>
    private sealed record TaskCreation(Func<IMemoriesApi, CancellationToken, Task<string>> CreateAsync, ScraperUrlRequest? Posts = null);

    /// <summary>Runs one wait, reporting to the progress given.</summary>
    private delegate Task<WaitResult<TaskVideo>> Waiting(IProgress<BatchSnapshot<TaskVideo>>? progress);

    /// <summary>
    /// Which endpoint creates the task (post URLs, a creator, hashtags), its request checked as the API
    /// would check it; a refusal is a usage error naming the option.
    /// </summary>
    private static TaskCreation TaskSource(
        ParseResult parse, Argument<string[]> urls, Option<string?> creator, Option<int?> count, Option<string[]> hashtags,
        Option<string> uniqueId, Option<string?> quality, Option<string?> callback)
    {
        var posts = parse.GetValue(urls) ?? [];
        string? profile = parse.GetValue(creator);
        var tags = parse.GetValue(hashtags) ?? [];
        if ((posts.Length > 0 ? 1 : 0) + (profile is null ? 0 : 1) + (tags.Length > 0 ? 1 : 0) != 1)
        {
            throw new ArgumentException("give post URLs, --creator or --hashtag: exactly one of the three.");
        }

        int? howMany = parse.GetValue(count);
        if (posts.Length > 0 && howMany is not null)
        {
            throw new ArgumentException("--count goes with --creator or --hashtag, not with post URLs.");
        }

        if (howMany is < 1)
        {
            throw new ArgumentException("--count must be at least 1.");
        }

        var scrape = UploadRequest(posts.Length > 0 ? posts : ["https://www.tiktok.com/@placeholder"], parse.GetValue(uniqueId)!, parse.GetValue(quality), parse.GetValue(callback));
        if (posts.Length > 0)
        {
            return new TaskCreation((api, ct) => api.CreateTaskAsync(scrape, ct), scrape);
        }

        if (profile is not null)
        {
            if (!Uri.TryCreate(profile, UriKind.Absolute, out var profileUri) || UploadRequestCheck.PlatformOf(profileUri) is null)
            {
                throw new ArgumentException($"--creator '{profile}' is not a TikTok, Instagram or YouTube profile URL.");
            }

            var request = new CreatorScrapeRequest { Username = profileUri, ScraperCnt = howMany, UniqueId = scrape.UniqueId, CallbackUrl = scrape.CallbackUrl, Quality = scrape.Quality, QualityWireValue = scrape.QualityWireValue };
            return new TaskCreation((api, ct) => api.CreateCreatorTaskAsync(request, ct));
        }

        var bare = tags.Select(t => t.Trim().TrimStart('#')).ToList();
        if (bare.Any(t => t.Length == 0 || t.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException("--hashtag takes one word each, with or without '#'.");
        }

        var byTags = new HashtagScrapeRequest { HashTags = bare, ScraperCnt = howMany, UniqueId = scrape.UniqueId, Callback = scrape.CallbackUrl, Quality = scrape.Quality, QualityWireValue = scrape.QualityWireValue };
        return new TaskCreation((api, ct) => api.CreateHashtagTaskAsync(byTags, ct));
    }

    /// <summary>The request, checked as the API would check it; a refusal is a usage error naming the URL or value.</summary>
    private static ScraperUrlRequest UploadRequest(string[] urls, string uniqueId, string? quality, string? callback)
    {
        var parsed = urls.Select(url => Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? uri
            : throw new ArgumentException($"'{url}' is not an absolute http(s) URL; give the post's full address.")).ToList();
        Uri? callbackUri = callback is null ? null
            : Uri.TryCreate(callback, UriKind.Absolute, out var c) ? c
            : throw new ArgumentException($"--callback-url '{callback}' is not an absolute http(s) URL.");
        var request = new ScraperUrlRequest
        {
            VideoUrls = parsed,
            UniqueId = uniqueId,
            CallbackUrl = callbackUri,
            Quality = quality is null ? null : VideoQualityExtensions.FromWireValue(quality),
            QualityWireValue = quality,
        };
        UploadRequestCheck.Validate(request);
        return request;
    }

    private static PollingOptions WaitOptions(Connection connection, ParseResult parse, Option<TimeSpan?> timeout, Option<TimeSpan?>? minDelay, Option<TimeSpan?>? maxDelay, Option<TimeSpan?>? emptyGrace)
    {
        var options = connection.Waiter.CreatePollingOptions();
        options.Timeout = parse.GetValue(timeout) ?? options.Timeout;
        options.MinDelay = (minDelay is null ? null : parse.GetValue(minDelay)) ?? options.MinDelay;
        options.MaxDelay = (maxDelay is null ? null : parse.GetValue(maxDelay)) ?? (options.MinDelay > WatchedMaxDelay ? options.MinDelay : WatchedMaxDelay);
        options.EmptyGracePeriod = (emptyGrace is null ? null : parse.GetValue(emptyGrace)) ?? options.EmptyGracePeriod;
        return options;
    }

    private static Task<int> WaitAndReportAsync(Connection connection, string id, string scope, PollingOptions options, bool asJson, CliConsole console, CancellationToken ct) =>
        WaitAndReportAsync(progress => connection.Waiter.WaitAsync(id, scope, options, progress, ct), id, scope, options, asJson, console, ct);

    private static async Task<int> WaitAndReportAsync(Waiting waiting, string id, string scope, PollingOptions options, bool asJson, CliConsole console, CancellationToken ct)
    {
        var result = await RunWaitAsync(waiting, id, options, asJson, console, ct).ConfigureAwait(false);
        await ReportAsync(id, scope, result, asJson, showTable: !console.IsTerminal, console).ConfigureAwait(false);
        return ExitCode(result.Outcome);
    }

    private static async Task ReportAsync(string id, string scope, WaitResult<TaskVideo> result, bool asJson, bool showTable, CliConsole console)
    {
        if (asJson)
        {
            await console.Out.WriteLineAsync(VideoReport.Json(id, scope, VideoReport.OutcomeName(result.Outcome), result.Attempts, result.Elapsed, result.Items)).ConfigureAwait(false);
        }
        else if (showTable)
        {
            await console.Out.WriteAsync(VideoReport.Table(result.Items)).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"{VideoReport.OutcomeName(result.Outcome)}: {VideoReport.Counts(result.LastSnapshot)} after {result.Attempts} polls in {Duration.Format(result.Elapsed)}").ConfigureAwait(false);
        }

        if (result.Vanished.Count > 0)
        {
            await console.Error.WriteLineAsync($"mavi: warning: task {id}: {result.Vanished.Count} video(s) disappeared from the answers after being seen; their last known status is shown.").ConfigureAwait(false);
        }
    }

    internal static int ExitCode(WaitOutcome outcome) => outcome switch
    {
        WaitOutcome.Succeeded => ExitCodes.Succeeded,
        WaitOutcome.CompletedWithFailures or WaitOutcome.AllFailed => ExitCodes.CompletedWithFailures,
        WaitOutcome.TimedOut => ExitCodes.TimedOut,
        _ => ExitCodes.NothingAppeared,
    };

    /// <summary>One progress line per poll on stderr, for redirected output and several tasks; a poll a callback brought forward says so.</summary>
    private static SyncProgress ProgressLines(CliConsole console, PollingOptions options, string? taskId) => new(snapshot => console.Error.WriteLine(
        $"mavi: {(taskId is null ? string.Empty : $"task {taskId}: ")}poll {snapshot.Attempt}{(snapshot.FollowedHint ? " (after a callback)" : string.Empty)}: {VideoReport.Counts(snapshot)}" +
        (snapshot.TransientError is { } error ? $" (poll failed: {error.Message.ReplaceLineEndings(" ")})" : string.Empty) +
        (snapshot.NextPollAt is { } next ? $"; next poll in {Duration.Format(next - options.TimeProvider.GetUtcNow())}" : string.Empty)));

    private static async Task<WaitResult<TaskVideo>> RunWaitAsync(Waiting waiting, string id, PollingOptions options, bool asJson, CliConsole console, CancellationToken ct)
    {
        if (asJson)
        {
            return await waiting(progress: null).ConfigureAwait(false);
        }

        if (console.IsTerminal)
        {
            var display = new LiveDisplay(console.Out, id, options.TimeProvider);
            using var stopTicking = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var ticking = display.TickAsync(stopTicking.Token);
            try
            {
                return await waiting(display).ConfigureAwait(false);
            }
            finally
            {
                await stopTicking.CancelAsync().ConfigureAwait(false);
                await ticking.ConfigureAwait(false);
            }
        }

        // Redirected output: one progress line per poll on stderr, the table on stdout at the end.
        return await waiting(ProgressLines(console, options, taskId: null)).ConfigureAwait(false);
    }

    internal static Option<string> UniqueId() => UniqueIdOption();

    internal static Option<bool> Json() => JsonOption();

    private static Argument<string> TaskIdArgument()
    {
        var argument = new Argument<string>("TASK_ID") { Description = "The taskId returned by Upload from Social Media." };
        argument.Validators.Add(RefuseKeys);
        return argument;
    }

    /// <summary>A key pasted where a task id goes would be sent in a URL: refused before anything is sent.</summary>
    private static void RefuseKeys(System.CommandLine.Parsing.ArgumentResult result)
    {
        if (result.Tokens.Any(token => Errors.LooksLikeKey(token.Value)))
        {
            result.AddError("an argument looks like an API key (sk-***), not a task id; give the key with --api-key or MEMORIES_API_KEY.");
        }
    }

    private static Option<string> UniqueIdOption() => new("--unique-id")
    {
        Description = "The unique_id used at upload.",
        DefaultValueFactory = _ => "default",
    };

    private static Option<bool> JsonOption() => new("--json")
    {
        Description = "Print exactly one JSON object on stdout.",
    };

    internal static Option<TimeSpan?> DurationOption(string name, string description) => new(name)
    {
        Description = description + " Examples: 500ms, 90s, 10m, 1h.",
        HelpName = "DUR",
        CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (Duration.TryParse(text, out var value, out var error))
            {
                return value;
            }

            result.AddError($"{name}: {error}.");
            return null;
        },
    };

    private sealed class SyncProgress(Action<BatchSnapshot<TaskVideo>> report) : IProgress<BatchSnapshot<TaskVideo>>
    {
        public void Report(BatchSnapshot<TaskVideo> value) => report(value);
    }
}
