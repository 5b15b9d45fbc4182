using System.Collections.Immutable;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Contracts.Benchmarks;

/// <summary>
/// The contract generator against Refit's own generator (InterfaceStubGeneratorV2, loaded from the
/// Refit package's analyzer folder), each alone on the same compilation: the repository's Refit
/// interface and its contract. Cold (a new driver), after an unrelated C# edit, and after an edit
/// that concerns it (the contract for ours; for Refit, which reads no contract, the interface).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class GeneratorBenchmarks
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _unrelatedEdit = null!;
    private CSharpCompilation _interfaceEdit = null!;
    private AdditionalText[] _contracts = null!;
    private AdditionalText _contract = null!;
    private AdditionalText _editedContract = null!;
    private GeneratorDriver _oursWarm = null!;
    private GeneratorDriver _refitWarm = null!;

    // Loaded once, as the compiler loads an analyzer once: "cold" is a new driver, not a new load.
    private IIncrementalGenerator _ours = null!;
    private IIncrementalGenerator _refit = null!;

    [GlobalSetup]
    public void Setup()
    {
        string root = RepositoryRoot();
        // The memories contract's files; the edit is in the one that holds get_metadata.
        _contracts = Directory.GetFiles(Path.Combine(root, "contracts", "memories"), "*.contract.json")
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (AdditionalText)new Text(path, File.ReadAllText(path)))
            .ToArray();
        _contract = _contracts.Single(c => c.Path.EndsWith("videos.contract.json", StringComparison.Ordinal));
        string contractPath = _contract.Path;
        string contractText = _contract.GetText()!.ToString();
        _editedContract = new Text(contractPath, contractText.Replace("One video's metadata.", "The metadata of one video.", StringComparison.Ordinal));
        string api = File.ReadAllText(Path.Combine(root, "src", "Memories.Contracts", "IMemoriesApi.cs"));
        _compilation = Compilation(api, "class Unrelated { }");
        _unrelatedEdit = Replace(_compilation, 1, "class Unrelated { void M() { } }");
        _interfaceEdit = Replace(_compilation, 0, api.Replace("public interface IMemoriesApi", "// edited\npublic interface IMemoriesApi", StringComparison.Ordinal));
        _ours = Ours();
        _refit = Refit();
        _oursWarm = Driver(_ours).RunGenerators(_compilation);
        _refitWarm = Driver(_refit).RunGenerators(_compilation);
        if (_oursWarm.GetRunResult().GeneratedTrees.Length < 10 || _refitWarm.GetRunResult().GeneratedTrees.Length == 0)
        {
            throw new InvalidOperationException("A generator produced nothing: the comparison would be empty.");
        }
    }

    [BenchmarkCategory("cold"), Benchmark(Baseline = true, Description = "Refit")]
    public GeneratorDriver RefitCold() => Driver(_refit).RunGenerators(_compilation);

    [BenchmarkCategory("cold"), Benchmark(Description = "Contracts.Generator")]
    public GeneratorDriver OursCold() => Driver(_ours).RunGenerators(_compilation);

    /// <summary>
    /// Ours with no contract file: what the pipeline costs apart from the contract's own work
    /// (the syntax walk, reading the Refit methods, the ambiguity check), so that the rest can be
    /// told apart as the price of the contract.
    /// </summary>
    [BenchmarkCategory("cold"), Benchmark(Description = "Contracts.Generator, no contract file")]
    public GeneratorDriver OursColdWithoutContract() => Driver(_ours, withContract: false).RunGenerators(_compilation);

    [BenchmarkCategory("unrelated edit"), Benchmark(Baseline = true, Description = "Refit")]
    public GeneratorDriver RefitUnrelatedEdit() => _refitWarm.RunGenerators(_unrelatedEdit);

    [BenchmarkCategory("unrelated edit"), Benchmark(Description = "Contracts.Generator")]
    public GeneratorDriver OursUnrelatedEdit() => _oursWarm.RunGenerators(_unrelatedEdit);

    [BenchmarkCategory("its own input edited"), Benchmark(Baseline = true, Description = "Refit (interface)")]
    public GeneratorDriver RefitInterfaceEdit() => _refitWarm.RunGenerators(_interfaceEdit);

    [BenchmarkCategory("its own input edited"), Benchmark(Description = "Contracts.Generator (contract)")]
    public GeneratorDriver OursContractEdit() => _oursWarm.ReplaceAdditionalText(_contract, _editedContract).RunGenerators(_compilation);

    private GeneratorDriver Driver(IIncrementalGenerator generator, bool withContract = true) =>
        CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], withContract ? _contracts : [], ParseOptions);

    /// <summary>The contract generator, from the build output of its project (same configuration as this program).</summary>
    private static IIncrementalGenerator Ours()
    {
        string configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        string path = Path.Combine(RepositoryRoot(), "generators", "Contracts.Generator", "bin", configuration, "netstandard2.0", "Contracts.Generator.dll");
        return Load(path);
    }

    /// <summary>Refit's source generator, from the analyzer folder of the Refit package this project restores.</summary>
    private static IIncrementalGenerator Refit()
    {
        // The package version (16.4.0), not the assembly version (16.0.0.0), names the package folder.
        string version = typeof(global::Refit.GetAttribute).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string path = Path.Combine(packages, "refit", version, "analyzers", "dotnet", "roslyn4.8", "cs", "InterfaceStubGeneratorV2.dll");
        return Load(path);
    }

    private static IIncrementalGenerator Load(string path)
    {
        var type = Assembly.LoadFrom(path).GetTypes().Single(t => typeof(IIncrementalGenerator).IsAssignableFrom(t) && !t.IsAbstract);
        return (IIncrementalGenerator)Activator.CreateInstance(type)!;
    }

    private static CSharpCompilation Compilation(params string[] sources)
    {
        // Not the memories package this program references for decoding: its compiled types are the
        // contract's own, which the generator would rightly refuse to declare twice (CTR024).
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).StartsWith("Memories.", StringComparison.Ordinal))
            .ToList();
        paths.Add(typeof(global::Refit.GetAttribute).Assembly.Location);
        paths.Add(typeof(global::Contracts.Runtime.Json.WireJson).Assembly.Location);
        const string Usings = "global using System; global using System.Collections.Generic; global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;";
        return CSharpCompilation.Create(
            "Consumer",
            sources.Append(Usings).Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"/consumer/Source{i}.cs")),
            paths.Distinct().Select(p => MetadataReference.CreateFromFile(p)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    private static CSharpCompilation Replace(CSharpCompilation compilation, int index, string text)
    {
        var old = compilation.SyntaxTrees[index];
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, ParseOptions, old.FilePath));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Contracts.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Run the benchmarks from inside the repository.");
    }

    private sealed class Text(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
