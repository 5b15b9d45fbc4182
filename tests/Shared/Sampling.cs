using CsCheck;

namespace Contracts.Testing;

/// <summary>
/// Runs a property over generated inputs the same way on every machine and every run: case
/// <c>i</c> is drawn from its own seed, taken in order from <see cref="Seeds.Default"/>, so a CI
/// failure is the same failure locally. A failure names the case's seed and input, then lets
/// CsCheck shrink it from that seed for a smaller input. Environment variables:
/// <c>TESTS_SEED=&lt;seed&gt;</c> replays one case; <c>TESTS_RANDOM=1</c> draws a fresh sequence
/// (its seed is printed) to explore beyond the fixed one.
/// </summary>
internal static class Sampling
{
    /// <summary>Checks <paramref name="cases"/> inputs; returns how many cases reached each stage the check reports.</summary>
    /// <param name="gen">The inputs.</param>
    /// <param name="check">Throws on a failure; otherwise returns the furthest stage the case reached (for the tallies).</param>
    /// <param name="cases">How many cases.</param>
    /// <param name="print">Shows an input in a failure message.</param>
    /// <param name="threads">How many cases run at once; the cases and their order of seeds do not depend on it.</param>
    public static IReadOnlyDictionary<string, int> Check<T>(Gen<T> gen, Func<T, string> check, int cases, Func<T, string> print, int threads = 1)
    {
        var seeds = CaseSeeds(cases);
        var tallies = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var failures = new System.Collections.Concurrent.ConcurrentBag<(int Index, string Seed, T Input, Exception Error)>();
        Parallel.For(0, seeds.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, (i, state) =>
        {
            var input = gen.Generate(PCG.Parse(seeds[i]), null, out _);
            try
            {
                tallies.AddOrUpdate(check(input), 1, (_, n) => n + 1);
            }
            catch (Exception error)
            {
                failures.Add((i, seeds[i], input, error));
                state.Stop();
            }
        });

        if (!failures.IsEmpty)
        {
            var first = failures.OrderBy(f => f.Index).First();
            string shrunk = Shrink(gen, check, first.Seed, print);
            throw new Xunit.Sdk.XunitException(
                $"Case {first.Index} of {seeds.Count} failed; replay it with TESTS_SEED={first.Seed}\n{first.Error.GetType().Name}: {first.Error.Message}\nInput:\n{print(first.Input)}{shrunk}");
        }

        return tallies;
    }

    /// <summary>Fails unless every one of <paramref name="stages"/> was reached by at least one case: a property whose interesting cases never came up proved nothing about them.</summary>
    public static void AssertReached(this IReadOnlyDictionary<string, int> tallies, params string[] stages)
    {
        foreach (string stage in stages)
        {
            if (tallies.GetValueOrDefault(stage) == 0)
            {
                throw new Xunit.Sdk.XunitException($"No case reached '{stage}'; reached: " + string.Join(", ", tallies.Select(t => $"{t.Key} ({t.Value})")));
            }
        }
    }

    /// <summary>The seeds of the cases: the fixed sequence, fresh ones with TESTS_RANDOM=1, or the one given by TESTS_SEED.</summary>
    private static List<string> CaseSeeds(int cases)
    {
        if (Environment.GetEnvironmentVariable("TESTS_SEED") is { Length: > 0 } one)
        {
            return [one];
        }

        var sequence = Environment.GetEnvironmentVariable("TESTS_RANDOM") == "1" ? new PCG((uint)Random.Shared.Next()) : PCG.Parse(Seeds.Default);
        if (Environment.GetEnvironmentVariable("TESTS_RANDOM") == "1")
        {
            Console.Error.WriteLine("Sampling: fresh sequence from seed " + sequence);
        }

        var seeds = new List<string>(cases);
        for (int i = 0; i < cases; i++)
        {
            seeds.Add(new PCG(sequence.Stream, sequence.Next64()).ToString());
        }

        return seeds;
    }

    /// <summary>CsCheck's shrinking from the failing case's seed, for a smaller input in the message.</summary>
    private static string Shrink<T>(Gen<T> gen, Func<T, string> check, string seed, Func<T, string> print)
    {
        try
        {
            gen.Sample(input => { check(input); }, seed: seed, iter: 100, time: 60, threads: 1, print: print);
            return string.Empty;
        }
        catch (Exception shrunk)
        {
            return "\nShrunk by CsCheck:\n" + shrunk.Message;
        }
    }
}
