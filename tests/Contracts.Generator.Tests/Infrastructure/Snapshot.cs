using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Contracts.Generator.Tests.Infrastructure;

/// <summary>
/// Snapshot testing with Verify's file conventions (Verify is not served by our package registry):
/// one <c>Snapshots/{Test}#{HintName}.verified.cs</c> per generated file, a <c>.received.cs</c>
/// beside it on mismatch, and <c>ACCEPT_SNAPSHOTS=1</c> to accept. A snapshot that the test no
/// longer produces fails as stale.
/// </summary>
internal static partial class Snapshot
{
    public const string AcceptVariable = "ACCEPT_SNAPSHOTS";

    private static string Directory => Path.Combine(RepositoryPaths.TestProject, "Snapshots");

    private static bool Accepting => Environment.GetEnvironmentVariable(AcceptVariable) is "1" or "true";

    public static void Verify(IEnumerable<(string HintName, string Text)> files, [CallerMemberName] string test = "")
    {
        System.IO.Directory.CreateDirectory(Directory);
        var failures = new List<string>();
        var produced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (hintName, text) in files)
        {
            string stem = Path.Combine(Directory, $"{test}#{Path.GetFileNameWithoutExtension(hintName)}");
            string verified = stem + ".verified.cs";
            string received = stem + ".received.cs";
            produced.Add(Path.GetFileName(verified));
            string actual = Normalize(text);
            string? expected = File.Exists(verified) ? File.ReadAllText(verified) : null;
            if (expected == actual)
            {
                File.Delete(received);
                continue;
            }

            if (Accepting)
            {
                File.WriteAllText(verified, actual);
                File.Delete(received);
                continue;
            }

            File.WriteAllText(received, actual);
            failures.Add(expected is null
                ? $"New snapshot {Path.GetFileName(received)}; review it and run with {AcceptVariable}=1 to accept."
                : $"{Path.GetFileName(verified)} differs (see {Path.GetFileName(received)}):\n{Diff(expected, actual)}");
        }

        foreach (var stale in System.IO.Directory.GetFiles(Directory, $"{test}#*.verified.cs"))
        {
            if (!produced.Contains(Path.GetFileName(stale)))
            {
                if (Accepting)
                {
                    File.Delete(stale);
                }
                else
                {
                    failures.Add($"Stale snapshot {Path.GetFileName(stale)}: the generator no longer produces it; delete it or run with {AcceptVariable}=1.");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    /// <summary>Pins the version out of the snapshot, so a release does not churn every file.</summary>
    private static string Normalize(string text) =>
        VersionPattern().Replace(text.Replace("\r\n", "\n"), "GeneratedCode(\"Contracts.Generator\", \"{version}\")");

    private static string Diff(string expected, string actual)
    {
        var diff = InlineDiffBuilder.Diff(expected, actual);
        var lines = diff.Lines
            .Select((line, index) => (line, index))
            .Where(x => x.line.Type != ChangeType.Unchanged)
            .Take(40)
            .Select(x => (x.line.Type == ChangeType.Inserted ? "+ " : "- ") + $"{x.index + 1,4}: {x.line.Text}");
        return string.Join("\n", lines);
    }

    [GeneratedRegex("GeneratedCode\\(\"Contracts\\.Generator\", \"[^\"]*\"\\)")]
    private static partial Regex VersionPattern();
}
