using System.Text.RegularExpressions;
using Contracts.Generator.Tests.Infrastructure;

namespace Contracts.Generator.Tests;

/// <summary>
/// The generator's folders flow one way, as System.Text.Json's generator does: contract text
/// (<c>Json</c>) → <c>Parsing</c> → <c>Model</c> (with the names of <c>Naming</c>) → <c>Emitting</c>,
/// with <c>Drift</c> and <c>Conflicts</c> reading the model beside the emitters. Only the root
/// (<c>ContractGenerator</c>, the incremental pipeline) sees every folder.
/// </summary>
public sealed partial class GeneratorLayeringTests
{
    /// <summary>What each folder may use besides itself; a folder missing here is a new one to place.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Json"] = [],
        ["Diagnostics"] = [],
        ["Model"] = [],
        ["Naming"] = ["Model"],
        ["Parsing"] = ["Json", "Model", "Naming", "Diagnostics"],
        ["Conflicts"] = ["Model", "Naming", "Diagnostics"],
        ["Drift"] = ["Model", "Naming", "Diagnostics"],
        ["Emitting"] = ["Model", "Naming"],
    };

    private static string GeneratorSource => Path.Combine(RepositoryPaths.Root, "generators", "Contracts.Generator");

    [Fact]
    public void EachFolderUsesOnlyTheFoldersBeneathIt()
    {
        var breaches = new List<string>();
        foreach (var (file, folder, text) in SourceFiles())
        {
            if (folder is null)
            {
                continue;   // the pipeline composes every part
            }

            Assert.True(Allowed.ContainsKey(folder), $"The generator's folder {folder} is not placed in the layering: add it to {nameof(Allowed)} with what it may use.");
            foreach (Match use in FolderReference().Matches(text))
            {
                string used = use.Groups["folder"].Value;
                if (used != folder && !Allowed[folder].Contains(used))
                {
                    breaches.Add($"{file}: {folder} uses {used} ({use.Value.Trim()})");
                }
            }
        }

        Assert.True(breaches.Count == 0, "Folders that reach against the flow:\n" + string.Join("\n", breaches));
    }

    /// <summary>The check above reads usings: it holds only while each file's namespace is its folder's and no using is global.</summary>
    [Fact]
    public void EachFileIsInItsFoldersNamespace_AndNoUsingIsGlobal()
    {
        var files = SourceFiles().ToList();
        Assert.True(files.Count > 40, $"only {files.Count} generator files found under {GeneratorSource}");
        foreach (var (file, folder, text) in files)
        {
            if (file.EndsWith("Attributes.cs", StringComparison.Ordinal) || file.EndsWith("IsExternalInit.cs", StringComparison.Ordinal))
            {
                continue;   // polyfills of System.Runtime.CompilerServices for netstandard2.0
            }

            string expected = folder is null ? "Contracts.Generator" : "Contracts.Generator." + folder;
            Assert.Matches(new Regex($@"^namespace {Regex.Escape(expected)};", RegexOptions.Multiline), text);
            Assert.DoesNotMatch(new Regex(@"^\s*global using", RegexOptions.Multiline), text);
        }
    }

    private static IEnumerable<(string File, string? Folder, string Text)> SourceFiles()
    {
        foreach (var path in Directory.EnumerateFiles(GeneratorSource, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(GeneratorSource, path).Replace('\\', '/');
            if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal))
            {
                continue;
            }

            int slash = relative.IndexOf('/', StringComparison.Ordinal);
            yield return (relative, slash < 0 ? null : relative[..slash], File.ReadAllText(path));
        }
    }

    /// <summary>
    /// A using of a folder's namespace (plain, static or aliased), a name qualified with it, or a
    /// name qualified relative to <c>Contracts.Generator</c> (<c>Diagnostics.DiagnosticDescriptors</c>),
    /// which C# resolves to the folder from inside any of them.
    /// </summary>
    [GeneratedRegex(@"Contracts\.Generator\.(?<folder>[A-Z][A-Za-z]*)\b|(?<![\w.])(?<folder>Json|Parsing|Model|Naming|Emitting|Drift|Conflicts|Diagnostics)\.(?=[A-Z])")]
    private static partial Regex FolderReference();
}
