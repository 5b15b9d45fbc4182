using System.Diagnostics;
using Contracts.Generator.Tests.Infrastructure;

namespace Contracts.Generator.Tests;

/// <summary>What a team sees in <c>dotnet build</c>: errors located inside the contract file, not a generator crash.</summary>
public sealed class BuildOutputTests : IDisposable
{
    private readonly string _project = Directory.CreateTempSubdirectory("contracts-build-").FullName;

    [Fact]
    public void ABrokenContractFailsTheBuildWithALocatedError()
    {
        Directory.CreateDirectory(Path.Combine(_project, "contracts"));
        File.WriteAllText(Path.Combine(_project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <Analyzer Include="{typeof(ContractGenerator).Assembly.Location}" />
                <AdditionalFiles Include="contracts/*.contract.json" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(_project, "Program.cs"), "System.Console.WriteLine();\n");
        File.WriteAllText(Path.Combine(_project, "contracts", "broken.contract.json"), """
            {
              "formatVersion": 1,
              "name": "Broken",
              "namespace": "Consumer",
              "modles": []
            }
            """);

        var (exitCode, output) = Run("dotnet", "build", "--nologo", "-clp:NoSummary");

        Assert.NotEqual(0, exitCode);
        string expected = Path.Combine("contracts", "broken.contract.json") + "(5,3): error CTR002: Unknown key 'modles' in the contract; did you mean 'models'?";
        Assert.True(output.Contains(expected, StringComparison.Ordinal), $"Expected \"{expected}\" in the build output:\n{output}");
        Assert.DoesNotContain("CS8785", output);
    }

    public void Dispose() => Directory.Delete(_project, recursive: true);

    private (int ExitCode, string Output) Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = _project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
