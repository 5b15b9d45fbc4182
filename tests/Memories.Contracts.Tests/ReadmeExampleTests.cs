using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Memories.Contracts.Tests;

/// <summary>The README's examples compile against the packages they name, so they stay true as the API moves.</summary>
public sealed partial class ReadmeExampleTests
{
    private static readonly CSharpParseOptions Language = new(LanguageVersion.CSharp12);

    [Fact]
    public void TheOpenTelemetryExample_Compiles()
    {
        // Types the example needs, so that their assemblies are loaded and passed to the compiler.
        Type[] used =
        [
            typeof(OpenTelemetry.Trace.TracerProviderBuilder),
            typeof(OpenTelemetry.Trace.ConsoleExporterHelperExtensions),
            typeof(OpenTelemetry.OpenTelemetryBuilderSdkExtensions),
            typeof(Microsoft.Extensions.Hosting.Host),
            typeof(Memories.Contracts.DependencyInjection.IMemoriesTaskWaiter),
            typeof(global::Contracts.Runtime.Diagnostics.PollingDiagnostics),
        ];
        string example = Example("README example: compiled by Memories.Contracts.Tests/ReadmeExampleTests");
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(used.Select(t => t.Assembly.Location))
            .Distinct()
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "ReadmeExample",
            [CSharpSyntaxTree.ParseText(example, Language), CSharpSyntaxTree.ParseText(global::Contracts.Testing.SdkImplicitUsings.Source, Language)],
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        using var output = new MemoryStream();
        var emitted = compilation.Emit(output);

        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        Assert.Contains("AddSource(PollingDiagnostics.Name", example);
        Assert.Contains("AddMeter(PollingDiagnostics.Name)", example);
    }

    /// <summary>The csharp block that follows the marker comment in the repository's README.</summary>
    private static string Example(string marker)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "Contracts.sln")))
        {
            folder = folder.Parent ?? throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
        }

        string readme = File.ReadAllText(Path.Combine(folder.FullName, "README.md"));
        var match = Block().Match(readme, readme.IndexOf("<!-- " + marker + " -->", StringComparison.Ordinal) is var at and >= 0 ? at : throw new InvalidOperationException("The README has no marker '" + marker + "'."));
        Assert.True(match.Success, "no csharp block after the marker");
        return match.Groups["code"].Value;
    }

    [GeneratedRegex("```csharp\\n(?<code>.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex Block();
}
