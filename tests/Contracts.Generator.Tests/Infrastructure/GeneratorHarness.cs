using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Contracts.Generator.Tests.Infrastructure;

/// <summary>An additional file held in memory, as the IDE or compiler would hand it to the generator.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>Runs the generator over contracts and C# the way the compiler does, and compiles the result.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private static readonly Lazy<ImmutableArray<MetadataReference>> WithoutRefit = new(() =>
        References!.Value.Where(r => !r.Display!.EndsWith("Refit.dll", StringComparison.Ordinal)).ToImmutableArray());

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.Add(typeof(global::Contracts.Runtime.Json.WireJson).Assembly.Location);
        paths.Add(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location);
        paths.Add(typeof(System.Threading.RateLimiting.RateLimiter).Assembly.Location);
        paths.Add(typeof(Refit.GetAttribute).Assembly.Location);
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    /// <summary>What a consumer project references: the framework, Contracts.Runtime and its dependencies, Refit.</summary>
    public static ImmutableArray<MetadataReference> ReferencesWithRefit => References.Value;

    public static CSharpCompilation Compilation(params string[] sources) => Compilation(withRefit: true, sources);

    public static CSharpCompilation Compilation(bool withRefit, params string[] sources) => CSharpCompilation.Create(
        "Consumer",
        sources.Prepend(Contracts.Testing.SdkImplicitUsings.Source).Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"/consumer/Source{i}.cs")),
        withRefit ? References.Value : WithoutRefit.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(params AdditionalText[] contracts) => CSharpGeneratorDriver.Create(
        [new ContractGenerator().AsSourceGenerator()],
        contracts,
        ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>
    /// Runs the generator once over contracts alone, in a project without Refit (so no drift check);
    /// returns the run result and the compilation with generated code added.
    /// </summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(params AdditionalText[] contracts)
    {
        var driver = CreateDriver(contracts).RunGeneratorsAndUpdateCompilation(Compilation(withRefit: false), out var output, out _);
        return (driver.GetRunResult(), output);
    }

    /// <summary>Runs the generator over C# sources (a Refit interface, say) and contracts.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) RunWith(string[] sources, params AdditionalText[] contracts)
    {
        var driver = CreateDriver(contracts).RunGeneratorsAndUpdateCompilation(Compilation(sources), out var output, out _);
        return (driver.GetRunResult(), output);
    }

    /// <summary>
    /// What a build reports over C# sources and contracts: the generator's diagnostics and the drift
    /// analyzer's (which sees the generated code, as in a build), in that order.
    /// </summary>
    public static IReadOnlyList<Diagnostic> DiagnoseWith(string[] sources, params AdditionalText[] contracts)
    {
        var (result, output) = RunWith(sources, contracts);
        return [.. result.Diagnostics, .. Analyze(output, contracts)];
    }

    /// <summary>
    /// The compiler's diagnostics and the drift analyzer's over a compilation that holds the
    /// generated code, from one pass (the analyzer driver binds the compilation anyway).
    /// </summary>
    public static (IReadOnlyList<Diagnostic> Compiler, IReadOnlyList<Diagnostic> Analyzer) CompileAndAnalyze(Compilation output, params AdditionalText[] contracts)
    {
        var analyzer = new RefitDriftAnalyzer();
        var all = output.WithAnalyzers([analyzer], new AnalyzerOptions([.. contracts])).GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).Append("AD0001").ToHashSet(StringComparer.Ordinal);
        return ([.. all.Where(d => !ids.Contains(d.Id))], [.. all.Where(d => ids.Contains(d.Id))]);
    }

    /// <summary>The drift analyzer's diagnostics over a compilation that holds the generated code.</summary>
    public static IReadOnlyList<Diagnostic> Analyze(Compilation output, params AdditionalText[] contracts) =>
        output.WithAnalyzers([new RefitDriftAnalyzer()], new AnalyzerOptions([.. contracts]))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

    /// <summary>
    /// Refit's own source generator, loaded from the Refit package as the compiler loads it: a
    /// real build runs it beside ours, and neither sees the other's output.
    /// </summary>
    private static readonly Lazy<ISourceGenerator[]> RefitGenerators = new(() =>
    {
        string package = typeof(GeneratorHarness).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RefitPackage").Value!;
        string analyzer = Path.Combine(package, "analyzers", "dotnet", "roslyn4.8", "cs", "InterfaceStubGeneratorV2.dll");
        var generators = new AnalyzerFileReference(analyzer, new AnalyzerLoader()).GetGenerators(LanguageNames.CSharp);
        return generators.Length > 0 ? [.. generators] : throw new InvalidOperationException("No source generator in " + analyzer);
    });

    /// <summary>
    /// Runs our generator and Refit's over C# sources and contracts, as <c>dotnet build</c> does:
    /// the output holds Refit's implementation of every Refit interface too, so a name Refit's code
    /// cannot resolve is an error here as it is in a real build.
    /// </summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) RunWithRefitGenerator(string[] sources, params AdditionalText[] contracts) =>
        RunWithRefitGenerator(sources, [], contracts);

    /// <summary>The same, in a project that also references <paramref name="references"/> (a package built from other contracts, say).</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) RunWithRefitGenerator(string[] sources, MetadataReference[] references, params AdditionalText[] contracts)
    {
        var driver = CSharpGeneratorDriver.Create(
            [new ContractGenerator().AsSourceGenerator(), .. RefitGenerators.Value],
            contracts,
            ParseOptions);
        var ran = driver.RunGeneratorsAndUpdateCompilation(Compilation(sources).AddReferences(references), out var output, out _);
        return (ran.GetRunResult(), output);
    }

    /// <summary>Builds a library from contracts and sources with both generators, as its package would ship it.</summary>
    public static MetadataReference Library(string name, string[] sources, params AdditionalText[] contracts)
    {
        var (_, output) = RunWithRefitGenerator(sources, contracts);
        using var image = new MemoryStream();
        var emitted = output.WithAssemblyName(name).Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    private sealed class AnalyzerLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public System.Reflection.Assembly LoadFromPath(string fullPath) => System.Reflection.Assembly.LoadFrom(fullPath);
    }

    public static AdditionalText Contract(string path) => new InMemoryAdditionalText(path, File.ReadAllText(path));

    public static AdditionalText Contract(string path, string text) => new InMemoryAdditionalText(path, text);

    /// <summary>Asserts that the compilation has no error and no warning, listing them when it has.</summary>
    public static void AssertCompilesCleanly(Compilation compilation)
    {
        var problems = compilation
            .GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString())
            .ToList();
        Assert.True(problems.Count == 0, "The generated code does not compile cleanly:\n" + string.Join("\n", problems.Take(20)));
    }
}
