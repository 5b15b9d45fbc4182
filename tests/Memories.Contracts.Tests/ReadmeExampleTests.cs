using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Memories.Contracts.Tests;

/// <summary>
/// Every C# example of the documentation (the READMEs and <c>docs/</c>) compiles against the
/// packages it names, as a team would paste it into a project with the SDK's implicit usings and
/// nothing else: the usings an example needs are written in it. Names an example takes as given
/// (<c>builder</c>, <c>api</c>, <c>ct</c>) are declared around it, never imported for it.
/// </summary>
public sealed partial class ReadmeExampleTests
{
    private static readonly CSharpParseOptions Language = new(LanguageVersion.CSharp12);

    /// <summary>What an example may use without declaring it, declared with full names so that it imports nothing.</summary>
    private static readonly (string Name, string Declaration)[] Given =
    [
        ("builder", "var builder = global::Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(args);"),
        ("api", "global::Memories.Contracts.IMemoriesApi api = null!;"),
        ("waiter", "global::Memories.Contracts.DependencyInjection.IMemoriesTaskWaiter waiter = null!;"),
        ("ct", "global::System.Threading.CancellationToken ct = default;"),
        ("cancellationToken", "global::System.Threading.CancellationToken cancellationToken = default;"),
        ("taskId", "string taskId = \"4b2d85ea-8b61-4689-96c3-75d907140242\";"),
        ("key", "string key = \"sk-mavi-example\";"),
        ("services", "global::Microsoft.Extensions.DependencyInjection.IServiceCollection services = new global::Microsoft.Extensions.DependencyInjection.ServiceCollection();"),
        ("configuration", "global::Microsoft.Extensions.Configuration.IConfiguration configuration = new global::Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();"),
    ];

    public static TheoryData<string, int> Examples()
    {
        var data = new TheoryData<string, int>();
        foreach (string file in Documents())
        {
            int count = Blocks().Matches(File.ReadAllText(Path.Combine(Root, file))).Count;
            for (int i = 0; i < count; i++)
            {
                data.Add(file, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void EveryCSharpExampleCompilesWithTheUsingsItShows(string file, int index)
    {
        string code = Blocks().Matches(File.ReadAllText(Path.Combine(Root, file)))[index].Groups["code"].Value;

        var errors = Compile(code).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        Assert.True(errors.Count == 0, $"Example {index + 1} of {file} does not compile:\n{string.Join("\n", errors.Take(8))}\n---\n{code}");
    }

    [Fact]
    public void TheExamplesAreFound()
    {
        var examples = Examples();
        Assert.Contains(examples, e => (string)e[0] == "README.md");
        Assert.True(examples.Count() >= 8, $"only {examples.Count()} examples found");
    }

    private static IEnumerable<Diagnostic> Compile(string code)
    {
        // Types the examples use, so that their assemblies are loaded and passed to the compiler.
        Type[] used =
        [
            typeof(OpenTelemetry.Trace.TracerProviderBuilder),
            typeof(OpenTelemetry.Trace.ConsoleExporterHelperExtensions),
            typeof(OpenTelemetry.OpenTelemetryBuilderSdkExtensions),
            typeof(Microsoft.Extensions.Hosting.Host),
            typeof(Microsoft.Extensions.DependencyInjection.ResilienceHttpClientBuilderExtensions),
            typeof(Memories.Contracts.DependencyInjection.IMemoriesTaskWaiter),
            typeof(global::Contracts.Runtime.Diagnostics.RuntimeDiagnostics),
            typeof(global::Contracts.RateLimiting.Redis.RedisRateBudget),
            typeof(global::Memories.Contracts.Callbacks.MemoriesCallbacks),
            typeof(Microsoft.AspNetCore.Builder.WebApplication),
            typeof(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder),
            typeof(Microsoft.AspNetCore.Http.HttpContext),
            typeof(Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions),
        ];
        var lines = code.Split('\n');
        var usings = lines.TakeWhile(line => line.StartsWith("using ", StringComparison.Ordinal) && !line.StartsWith("using var", StringComparison.Ordinal) || line.Trim().Length == 0 || line.TrimStart().StartsWith("//", StringComparison.Ordinal)).ToList();
        string body = string.Join("\n", lines.Skip(usings.Count));
        string given = string.Join("\n", Given.Where(g => !Declares(code, g.Name)).Select(g => g.Declaration));
        string program = string.Join("\n", usings) + "\n#pragma warning disable CS0168, CS0219\n" + given + "\n" + body;
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(used.Select(t => t.Assembly.Location))
            .Distinct()
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "Example",
            [CSharpSyntaxTree.ParseText(program, Language), CSharpSyntaxTree.ParseText(global::Contracts.Testing.SdkImplicitUsings.Source, Language)],
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics();
    }

    private static bool Declares(string code, string name) =>
        Regex.IsMatch(code, @"(\bvar|[\w<>?\]]+)\s+" + name + @"\s*(=|;|,|\))") || Regex.IsMatch(code, @"\(\s*[\w<>?]+\s+" + name + @"\b");

    private static IEnumerable<string> Documents()
    {
        yield return "README.md";
        foreach (string readme in Directory.GetFiles(Path.Combine(Root, "src"), "README.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            yield return Path.GetRelativePath(Root, readme);
        }

        string docs = Path.Combine(Root, "docs");
        if (Directory.Exists(docs))
        {
            foreach (string page in Directory.GetFiles(docs, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                yield return Path.GetRelativePath(Root, page);
            }
        }
    }

    private static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "Contracts.sln")))
        {
            folder = folder.Parent ?? throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
        }

        return folder.FullName;
    }

    [GeneratedRegex("```csharp\\n(?<code>.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex Blocks();
}
