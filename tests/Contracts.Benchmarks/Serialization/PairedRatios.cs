using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Contracts.Benchmarks.Serialization;

/// <summary>
/// The generated decoders and encoder against the hand-written floor, measured in pairs: short
/// batches of each, back to back, many times, and the median of the per-pair ratios. On a shared
/// machine whose speed drifts from one second to the next (BenchmarkDotNet's standard deviations
/// here come near the means), a ratio taken within each pair is what stays stable from run to run.
/// </summary>
public static class PairedRatios
{
    public static string Report(int pairs)
    {
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"Median of {pairs} paired ratios to the hand-written floor (below 1: faster than the floor)");
        table.AppendLine();
        table.AppendLine("| work | payload | generated, directly | generated, through the context | the floor itself, through JsonSerializer |");
        table.AppendLine("|---|---|---|---|---|");
        foreach (var kind in new[] { Payloads.Kind.TwoVideos, Payloads.Kind.ThousandWithNumbers, Payloads.Kind.ThousandWithNumericStrings })
        {
            var decode = new DecodeBenchmarks { Payload = kind };
            decode.Setup();
            int batch = kind == Payloads.Kind.TwoVideos ? 20_000 : 50;
            var (direct, context, entry) = Measure(pairs, batch, () => decode.Floor(), () => decode.GeneratedDirect(), () => decode.GeneratedContext(), () => decode.FloorThroughSerializer());
            table.AppendLine(CultureInfo.InvariantCulture, $"| decode | {kind} | {direct:0.00} | {context:0.00} | {entry:0.00} |");
        }

        var encode = new EncodeBenchmarks();
        encode.Setup();
        var (encodeDirect, encodeContext, _) = Measure(pairs, 50, () => encode.Floor(), () => encode.GeneratedDirect(), () => encode.GeneratedContext(), () => { });
        table.AppendLine(CultureInfo.InvariantCulture, $"| encode | 1,000 videos | {encodeDirect:0.00} | {encodeContext:0.00} | |");

        // The generator has no floor: its peer is Refit's generator on the same compilation.
        var generators = new GeneratorBenchmarks();
        generators.Setup();
        // Both generators run inside Roslyn, whose code takes seconds of runs to reach its optimized
        // tier on two cores: measured before that, the ratio is of the JIT's progress, not theirs.
        // A smoke run (a handful of pairs) only checks that this works, and warms up briefly.
        var warmUp = TimeSpan.FromSeconds(pairs >= 30 ? 20 : 1);
        var (cold, withoutContract, _) = Measure(pairs, 5, () => generators.RefitCold(), () => generators.OursCold(), () => generators.OursColdWithoutContract(), () => { }, warmUp);
        var ours = generators.OursCold().GetRunResult().GeneratedTrees;
        var refit = generators.RefitCold().GetRunResult().GeneratedTrees;
        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"Generator, cold, against Refit's: {cold:0.00} (with no contract file: {withoutContract:0.00}); it writes {ours.Length} files of {ours.Sum(t => t.Length):N0} characters where Refit's writes {refit.Length} of {refit.Sum(t => t.Length):N0}.");
        return table.ToString();
    }

    private static (double Direct, double Context, double Other) Measure(int pairs, int batch, Action floor, Action direct, Action context, Action other, TimeSpan warmUp = default)
    {
        // Warm-up: every path jitted and tiered up before anything counts.
        var warming = Stopwatch.StartNew();
        for (int i = 0; i < batch * 5 || warming.Elapsed < warmUp; i++)
        {
            floor();
            direct();
            context();
            other();
        }

        var directRatios = new List<double>(pairs);
        var contextRatios = new List<double>(pairs);
        var otherRatios = new List<double>(pairs);
        for (int pair = 0; pair < pairs; pair++)
        {
            double floorTime = Time(floor, batch);
            directRatios.Add(Time(direct, batch) / floorTime);
            contextRatios.Add(Time(context, batch) / floorTime);
            otherRatios.Add(Time(other, batch) / floorTime);
        }

        return (Median(directRatios), Median(contextRatios), Median(otherRatios));
    }

    private static double Time(Action action, int batch)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < batch; i++)
        {
            action();
        }

        return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
