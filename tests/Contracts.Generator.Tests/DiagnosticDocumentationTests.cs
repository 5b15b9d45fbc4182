using System.Reflection;
using System.Text.RegularExpressions;
using Contracts.Generator.Diagnostics;
using Contracts.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Contracts.Generator.Tests;

/// <summary>
/// Each diagnostic is declared once, in <c>DiagnosticDescriptors</c>; its page section, its help
/// link and its release-tracking row are checked against that declaration, so none can go stale.
/// </summary>
public sealed partial class DiagnosticDocumentationTests
{
    private static string Page => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "diagnostics.md"));

    private static IReadOnlyList<DiagnosticDescriptor> Declared { get; } = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToList();

    [Fact]
    public void EveryDescriptorHasItsOwnId_AndIsKnownById()
    {
        Assert.True(Declared.Count >= 31, $"only {Declared.Count} descriptors found");
        Assert.Equal(Declared.Count, Declared.Select(d => d.Id).Distinct().Count());
        Assert.Equal(Declared.Count, DiagnosticDescriptors.All.Count);
        Assert.All(Declared, d =>
        {
            Assert.Matches("^CTR[0-9]{3}$", d.Id);
            Assert.Same(d, DiagnosticDescriptors.Get(d.Id));
        });
    }

    [Fact]
    public void EveryDiagnosticLinksToItsSectionOfTheDiagnosticsPage()
    {
        var sections = Sections();
        Assert.All(Declared, d =>
        {
            Assert.Equal("https://github.com/memories-contracts/memories-contracts/blob/main/docs/diagnostics.md#" + d.Id.ToLowerInvariant(), d.HelpLinkUri);
            Assert.True(sections.TryGetValue(d.Id, out var section), $"docs/diagnostics.md has no '## {d.Id}' section");
            Assert.Equal($"**{d.Title}** ({d.DefaultSeverity.ToString().ToLowerInvariant()})", section.Headline);
            Assert.StartsWith("When: ", section.Body, StringComparison.Ordinal);
            Assert.Contains("What to do: ", section.Body, StringComparison.Ordinal);
        });
        Assert.Equal(Declared.Select(d => d.Id).Order(StringComparer.Ordinal), sections.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(sections.Keys.Order(StringComparer.Ordinal), sections.Keys);   // the page reads in id order
    }

    [Fact]
    public void EveryDiagnosticHasItsReleaseTrackingRow()
    {
        var rows = new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" }
            .SelectMany(file => File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "generators", "Contracts.Generator", file)))
            .Select(line => TrackingRow().Match(line))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups["id"].Value, m => (Severity: m.Groups["severity"].Value, Title: m.Groups["title"].Value.Trim()));
        Assert.All(Declared, d =>
        {
            Assert.True(rows.TryGetValue(d.Id, out var row), $"no release-tracking row for {d.Id}");
            Assert.Equal((d.DefaultSeverity.ToString(), d.Title.ToString()), row);
        });
        Assert.Equal(Declared.Count, rows.Count);
    }

    private static Dictionary<string, (string Headline, string Body)> Sections()
    {
        var sections = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var parts = Regex.Split(Page.Replace("\r\n", "\n"), @"^## ", RegexOptions.Multiline).Skip(1);
        foreach (var part in parts)
        {
            var lines = part.Split('\n');
            var rest = lines.Skip(1).Where(l => l.Length > 0).ToList();
            sections.Add(lines[0].Trim(), (rest.FirstOrDefault() ?? string.Empty, string.Join("\n", rest.Skip(1))));
        }

        return sections;
    }

    [GeneratedRegex(@"^(?<id>CTR[0-9]{3}) \| Contracts \| (?<severity>\w+) \| (?<title>.+)$")]
    private static partial Regex TrackingRow();
}
