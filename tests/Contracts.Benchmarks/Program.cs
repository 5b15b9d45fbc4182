using BenchmarkDotNet.Running;
using Contracts.Benchmarks;

// `scheduler [--waits N]...` runs the account-wide scheduling simulation and prints its table;
// anything else goes to BenchmarkDotNet (`--filter *`, `--job dry`, ...).
if (args.Length > 0 && args[0] == "scheduler")
{
    var counts = args.Skip(1).Where(a => int.TryParse(a, out _)).Select(int.Parse).DefaultIfEmpty(0).ToList();
    Console.WriteLine(await SchedulerSimulation.ReportAsync(counts.Contains(0) ? [10, 100, 1_000] : counts));
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(SchedulerSimulation).Assembly).Run(args);
return 0;
