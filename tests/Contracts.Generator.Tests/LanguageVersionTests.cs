using Contracts.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Contracts.Generator.Tests;

/// <summary>
/// The generated code of every contract compiles with the oldest C# the generator declares, and a
/// project set to an older one gets one located CTR031 per contract instead of CS errors.
/// </summary>
public sealed class LanguageVersionTests
{
    private static AdditionalText[] Contracts() =>
        [GeneratorHarness.Contract(RepositoryPaths.EverythingContract), .. RepositoryPaths.MemoriesContractFiles.Select(GeneratorHarness.Contract)];

    [Fact]
    public void TheGeneratedCodeCompilesWithTheOldestCSharpItDeclares()
    {
        var (result, output) = Run(ContractGenerator.MinimumLanguageVersion, File.ReadAllText(RepositoryPaths.EverythingApiInterface), File.ReadAllText(RepositoryPaths.MemoriesApiInterface));

        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CTR031");
        Assert.NotEmpty(result.GeneratedTrees);
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void AnOlderCSharpGetsOneLocatedCTR031PerContract_AndNoCSError()
    {
        var older = LanguageVersion.CSharp11;   // the one before the minimum

        var (result, output) = Run(older);

        var reported = result.Diagnostics.Where(d => d.Id == "CTR031").ToList();
        Assert.Equal(2, reported.Count);   // the everything contract, and the memories contract's files as one
        Assert.Contains(reported, d => d.Location.GetLineSpan().Path == RepositoryPaths.EverythingContract);
        Assert.Contains(reported, d => RepositoryPaths.MemoriesContractFiles.Contains(d.Location.GetLineSpan().Path));
        Assert.All(reported, d =>
        {
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.True(d.Location.GetLineSpan().StartLinePosition.Line > 0, "CTR031 points at the contract's namespace");
            Assert.StartsWith("The project compiles C# 11.0, but the code generated from contract '", d.GetMessage(), StringComparison.Ordinal);
        });
        Assert.Empty(result.GeneratedTrees);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void TheMinimumIsTheOldestThatCompiles_TheOneBeforeWouldFail()
    {
        // Without the check, C# 11 would meet the generated code's collection expressions.
        var (_, output) = Run(ContractGenerator.MinimumLanguageVersion);
        var older = new CSharpParseOptions(LanguageVersion.CSharp11);
        var reparsed = output.RemoveAllSyntaxTrees().AddSyntaxTrees(output.SyntaxTrees.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), older, t.FilePath)));

        Assert.Contains(reparsed.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error && d.GetMessage().Contains("language version 12.0", StringComparison.Ordinal));
    }

    private static (GeneratorDriverRunResult Result, Compilation Output) Run(LanguageVersion version, params string[] sources)
    {
        var options = new CSharpParseOptions(version);
        var compilation = GeneratorHarness.Compilation(withRefit: sources.Length > 0, sources);
        compilation = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(compilation.SyntaxTrees.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), options, t.FilePath)));
        var driver = CSharpGeneratorDriver.Create([new ContractGenerator().AsSourceGenerator()], Contracts(), options)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult(), output);
    }
}
