using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
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

    /// <summary>Runs the generator once; returns the run result and the compilation with generated code added.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(params AdditionalText[] contracts) =>
        RunWith([], contracts);

    /// <summary>Runs the generator over C# sources (a Refit interface, say) and contracts.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) RunWith(string[] sources, params AdditionalText[] contracts)
    {
        var driver = CreateDriver(contracts).RunGeneratorsAndUpdateCompilation(Compilation(sources), out var output, out _);
        return (driver.GetRunResult(), output);
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
