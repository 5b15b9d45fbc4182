using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Contracts.Benchmarks;

// `scheduler [N ...] [--timeout-minutes M]` runs the account-wide scheduling simulation and prints its table;
// `callbacks [N]` runs the same simulation with the API's callbacks as hints (see SchedulerSimulation.CallbackReportAsync);
// `pairs [N]` measures paired ratios to the hand-written floor (see PairedRatios);
// `transfers [MB] [rounds]` moves large uploads, downloads and events through Kestrel (see TransferReport);
// `chat-latency MAVI [pieces] [gap-ms]` times how soon a mavi process prints each piece of a streamed answer (see ChatLatencyReport);
// anything else goes to BenchmarkDotNet (`--filter *`, `--job dry`, ...).
if (args.Length > 0 && args[0] == "scheduler")
{
    int timeoutAt = Array.IndexOf(args, "--timeout-minutes");
    TimeSpan? timeout = timeoutAt > 0 && timeoutAt + 1 < args.Length ? TimeSpan.FromMinutes(int.Parse(args[timeoutAt + 1], System.Globalization.CultureInfo.InvariantCulture)) : null;
    var counts = args.Skip(1).Where((a, i) => i + 1 != timeoutAt && i + 1 != timeoutAt + 1 && int.TryParse(a, out _)).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).ToList();
    Console.WriteLine(await SchedulerSimulation.ReportAsync(counts.Contains(0) ? [10, 100, 1_000] : counts, timeout));
    return 0;
}

if (args.Length > 0 && args[0] == "callbacks")
{
    Console.WriteLine(await SchedulerSimulation.CallbackReportAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000));
    return 0;
}

// `pairs [N]`: the generated decoders and encoder against the hand-written floor as medians of N paired ratios.
if (args.Length > 0 && args[0] == "pairs")
{
    Console.WriteLine(Contracts.Benchmarks.Serialization.PairedRatios.Report(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 60));
    return 0;
}

// `transfers [MB] [rounds]`: whole-process figures for large transfers (1,024 MB and 3 rounds unless told).
if (args.Length > 0 && args[0] == "transfers")
{
    int megabytes = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1024;
    int rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3;
    Console.WriteLine(await Contracts.Benchmarks.Transfers.TransferReport.RunAsync(megabytes, rounds));
    return 0;
}

// `chat-latency MAVI [pieces] [gap-ms]`: MAVI is the native executable or mavi.dll.
if (args.Length > 1 && args[0] == "chat-latency")
{
    int pieces = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200;
    int gap = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 20;
    Console.WriteLine(await Contracts.Benchmarks.Transfers.ChatLatencyReport.RunAsync(args[1], pieces, TimeSpan.FromMilliseconds(gap)));
    return 0;
}

// The dry job (one run each, as the smoke test does) checks that the benchmarks work, not their
// speed, so it may run a Debug build; every timed job insists on Release.
var config = args.Contains("dry") ? DefaultConfig.Instance.WithOptions(ConfigOptions.DisableOptimizationsValidator) : DefaultConfig.Instance;
var summaries = BenchmarkSwitcher.FromAssembly(typeof(SchedulerSimulation).Assembly).Run(args, config);
return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
