using System.IO.Compression;
using Memories.Simulator;

namespace Packaging.Tests;

/// <summary>The packages as a team that has never seen this repository consumes them.</summary>
public sealed class ConsumerTests(PackedFeed feed) : IClassFixture<PackedFeed>
{
    private const string MetadataContract = """
        {
          "formatVersion": 1,
          "name": "Metadata",
          "namespace": "Consumer.Api",
          "envelope": { "name": "MetadataResponse", "fields": { "code": "code", "message": "msg", "data": "data" }, "successCode": "0000" },
          "endpoints": [
            { "name": "GetMetadata", "method": "GET", "path": "/serve/api/v1/get_metadata",
              "query": [ { "name": "video_no", "type": "string", "required": true }, { "name": "unique_id", "type": "string", "default": "default" } ],
              "response": "VideoMetadata", "rateLimit": { "requests": 5, "perSeconds": 1, "budget": "list" } }
          ],
          "models": [
            { "name": "VideoMetadata", "fields": [
              { "wire": "video_no", "type": "string", "required": true },
              { "wire": "duration", "type": "duration", "encoding": "string" },
              { "wire": "status", "type": "VideoStatus", "required": true }
            ] }
          ],
          "enums": [
            { "name": "VideoStatus", "values": [ { "wire": "PARSE", "name": "Parsed", "outcome": "success" }, { "wire": "UNPARSE", "outcome": "pending" } ] }
          ]
        }
        """;

    private const string Program = """
        using System.Text.Json;
        using Consumer.Api;

        var reply = JsonSerializer.Deserialize(File.ReadAllText(args[0]), MetadataJsonContext.Default.MetadataResponseVideoMetadata)!;
        Console.WriteLine($"{reply.Data!.VideoNo} {reply.Data.Status} {reply.Data.Duration?.TotalSeconds}");
        Console.WriteLine(JsonSerializer.Serialize(reply, MetadataJsonContext.Default.MetadataResponseVideoMetadata));
        """;

    [Fact]
    public void ThePackagesHaveTheLayoutTeamsRelyOn()
    {
        using var generator = ZipFile.OpenRead(Path.Combine(feed.Feed, $"Contracts.Runtime.{feed.Version}.nupkg"));
        var entries = generator.Entries.Select(e => e.FullName).ToList();

        Assert.Equal(["analyzers/dotnet/cs/Contracts.Generator.CodeFixes.dll", "analyzers/dotnet/cs/Contracts.Generator.dll"], entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("lib/net10.0/Contracts.Runtime.dll", entries);
        Assert.Contains("buildTransitive/Contracts.Runtime.props", entries);
        Assert.Contains("buildTransitive/Contracts.Runtime.targets", entries);
        Assert.Contains("schema/contract.schema.json", entries);
        Assert.Contains("README.md", entries);
        Assert.True(File.Exists(Path.Combine(feed.Feed, $"Contracts.Runtime.{feed.Version}.snupkg")), "symbols package");

        using var contracts = ZipFile.OpenRead(Path.Combine(feed.Feed, $"Memories.Contracts.{feed.Version}.nupkg"));
        string nuspec = new StreamReader(contracts.GetEntry("Memories.Contracts.nuspec")!.Open()).ReadToEnd();
        Assert.Contains($"<dependency id=\"Contracts.Runtime\" version=\"{feed.Version}\"", nuspec);
        Assert.Contains("<dependency id=\"Refit\" version=\"16.4.0\"", nuspec);
        Assert.Contains("<dependency id=\"Refit.HttpClientFactory\" version=\"16.4.0\"", nuspec);
        Assert.DoesNotContain("Redis", nuspec);   // a shared budget is opt-in: the Contracts.RateLimiting.Redis package
        Assert.Contains("<license type=\"expression\">MIT</license>", nuspec);
        Assert.Contains("<readme>README.md</readme>", nuspec);
        Assert.Contains("<repository type=\"git\"", nuspec);

        // Redis is a package of its own: the core runtime, and a team that runs one process, never pulls it in.
        using var redis = ZipFile.OpenRead(Path.Combine(feed.Feed, $"Contracts.RateLimiting.Redis.{feed.Version}.nupkg"));
        string redisNuspec = new StreamReader(redis.GetEntry("Contracts.RateLimiting.Redis.nuspec")!.Open()).ReadToEnd();
        Assert.Contains("<dependency id=\"StackExchange.Redis\" version=\"3.4.35\"", redisNuspec);
        Assert.Contains(redis.Entries, e => e.FullName == "lib/net10.0/Contracts.RateLimiting.Redis.dll");
        string generatorNuspec = new StreamReader(generator.GetEntry("Contracts.Runtime.nuspec")!.Open()).ReadToEnd();
        Assert.DoesNotContain("Redis", generatorNuspec);

        using var tool = ZipFile.OpenRead(Path.Combine(feed.Feed, $"Memories.Cli.{feed.Version}.nupkg"));
        Assert.Contains(tool.Entries, e => e.FullName.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal));
    }

    /// <summary>mavi installed as a .NET tool from the feed, as the README says, and run from where it was installed.</summary>
    [Fact]
    public async Task MaviInstallsAsADotnetTool_AndRuns()
    {
        string tools = Path.Combine(feed.Root, "tools");

        await Dotnet.SucceedAsync(feed.Root, null, "tool", "install", "Memories.Cli", "--tool-path", tools, "--add-source", feed.Feed, "--version", feed.Version);

        string mavi = Path.Combine(tools, OperatingSystem.IsWindows() ? "mavi.exe" : "mavi");
        var help = await RunProgramAsync(mavi, "--help");
        Assert.Equal(0, help.Code);
        Assert.Contains("tasks", help.Stdout, StringComparison.Ordinal);

        // With no key and no address it answers from the built-in simulator, saying so.
        var status = await RunProgramAsync(mavi, "tasks", "wait", MemoriesSimulator.DocumentationTaskId, "--json");
        Assert.True(status.Code == 0, status.Stderr);
        Assert.Contains("VI624126275711397888", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("simulator", status.Stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunProgramAsync(string path, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("MEMORIES_API_KEY");
        start.Environment.Remove("MEMORIES_BASE_URL");
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task AConsumerProject_GeneratesFromItsContract_RegeneratesOnEdit_AndReportsABrokenContractInTheBuild()
    {
        string project = Path.Combine(feed.Root, "dtos");
        Directory.CreateDirectory(Path.Combine(project, "contracts"));
        WriteProject(Path.Combine(project, "Consumer.csproj"), "Contracts.Runtime", "<EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>");
        File.WriteAllText(Path.Combine(project, "Program.cs"), Program);
        string contract = Path.Combine(project, "contracts", "metadata.contract.json");
        File.WriteAllText(contract, MetadataContract);
        string payload = Path.Combine(project, "payload.json");
        File.WriteAllText(payload, """{"code":"0000","msg":"success","data":{"video_no":"VI1","duration":"42","status":"PARSE","language":"en"}}""");

        await Dotnet.SucceedAsync(project, null, "build");
        string first = await Dotnet.SucceedAsync(project, null, "run", "--no-build", "--", payload);
        Assert.Contains("VI1 Parsed 42", first);
        Assert.DoesNotContain("language", first);

        // A team adds the field to the contract; an incremental build regenerates the model.
        File.WriteAllText(contract, MetadataContract.Replace(
            """{ "wire": "duration", """,
            """{ "wire": "language", "type": "string" }, { "wire": "duration", """));
        await Dotnet.SucceedAsync(project, null, "build");
        string second = await Dotnet.SucceedAsync(project, null, "run", "--no-build", "--", payload);
        Assert.Contains("\"language\":\"en\"", second);
        string generated = Directory.GetFiles(Path.Combine(project, "obj"), "Consumer.Api.VideoMetadata.g.cs", SearchOption.AllDirectories).Single();
        Assert.Contains("public string? Language { get; init; }", File.ReadAllText(generated));

        // A mistake in the contract is a build error located in the contract file.
        File.WriteAllText(contract, MetadataContract.Replace("\"namespace\":", "\"namepsace\":"));
        var (code, output) = await Dotnet.RunAsync(project, null, "build");
        Assert.NotEqual(0, code);
        Assert.Contains(Path.Combine("contracts", "metadata.contract.json") + "(4,3): error CTR002: Unknown key 'namepsace' in the contract; did you mean 'namespace'?", output);
    }

    [Fact]
    public async Task TheContractsFolderCanBeMovedAndTheAutomaticPickUpTurnedOff()
    {
        string project = Path.Combine(feed.Root, "moved");
        Directory.CreateDirectory(Path.Combine(project, "api", "specs"));
        WriteProject(Path.Combine(project, "Moved.csproj"), "Contracts.Runtime", "<ContractsDirectory>api/specs</ContractsDirectory>");
        File.WriteAllText(Path.Combine(project, "Program.cs"), "Console.WriteLine(typeof(Consumer.Api.VideoMetadata).Name);\n");
        File.WriteAllText(Path.Combine(project, "api", "specs", "metadata.contract.json"), MetadataContract);

        await Dotnet.SucceedAsync(project, null, "build");
        Assert.Contains("VideoMetadata", await Dotnet.SucceedAsync(project, null, "run", "--no-build"));

        // Switched off, the contract is no longer an input: the type it generated no longer exists.
        var (code, output) = await Dotnet.RunAsync(project, null, "build", "-p:EnableContractFiles=false");
        Assert.NotEqual(0, code);
        Assert.Matches(@"Program.cs\(1,\d+\): error CS0246: The type or namespace name 'Consumer' could not be found", output);
    }

    [Fact]
    public async Task AWebProject_KeepsItsContractsOutOfBuildAndPublishOutput_AndGetsTheSchemaAtAStablePath()
    {
        string project = Path.Combine(feed.Root, "web");
        Directory.CreateDirectory(Path.Combine(project, "contracts"));
        WriteProject(Path.Combine(project, "Web.csproj"), "Contracts.Runtime", sdk: "Microsoft.NET.Sdk.Web");
        File.WriteAllText(Path.Combine(project, "Program.cs"), "Console.WriteLine(typeof(Consumer.Api.VideoMetadata).Name);\n");
        File.WriteAllText(Path.Combine(project, "appsettings.json"), "{}");
        File.WriteAllText(Path.Combine(project, "contracts", "metadata.contract.json"), MetadataContract.Replace("\"formatVersion\": 1,", "\"$schema\": \"../obj/contract.schema.json\", \"formatVersion\": 1,", StringComparison.Ordinal));

        await Dotnet.SucceedAsync(project, null, "publish", "-o", "out");

        Assert.Contains("VideoMetadata", await Dotnet.SucceedAsync(project, null, Path.Combine("out", "Web.dll")));
        Assert.True(File.Exists(Path.Combine(project, "out", "appsettings.json")), "the Web SDK publishes other JSON files as content");
        Assert.Empty(Directory.GetFiles(Path.Combine(project, "out"), "*.contract.json", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(Path.Combine(project, "bin"), "*.contract.json", SearchOption.AllDirectories));

        // The contract's "$schema" resolves, to the schema the package ships, wherever NuGet keeps it.
        string schema = Path.Combine(project, "obj", "contract.schema.json");
        Assert.True(File.Exists(schema), "obj/contract.schema.json");
        using var package = ZipFile.OpenRead(Path.Combine(feed.Feed, $"Contracts.Runtime.{feed.Version}.nupkg"));
        string shipped = new StreamReader(package.GetEntry("schema/contract.schema.json")!.Open()).ReadToEnd();
        Assert.Equal(shipped, File.ReadAllText(schema));
    }

    [Fact]
    public async Task AConsumerOfTheMemoriesPackage_RegistersItAndCallsTheSimulator()
    {
        const string Key = "sk-mavi-package-consumer";
        await using var simulator = await MemoriesSimulator.StartAsync(new SimulatorOptions
        {
            ApiKeys = [Key],
            DownloadTime = TimeSpan.FromMilliseconds(200),
            ParseTimePerVideo = TimeSpan.FromMilliseconds(400),
        });
        string project = Path.Combine(feed.Root, "client");
        Directory.CreateDirectory(project);
        WriteProject(Path.Combine(project, "Client.csproj"), "Memories.Contracts");
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using Memories.Contracts;
            using Microsoft.Extensions.DependencyInjection;

            var services = new ServiceCollection();
            services.AddMemoriesClient(options =>
            {
                options.BaseAddress = new Uri(args[0]);
                options.ApiKey = Environment.GetEnvironmentVariable("MEMORIES_API_KEY");
            });
            await using var provider = services.BuildServiceProvider();
            var api = provider.GetRequiredService<IMemoriesApi>();

            var result = await api.WaitForTaskAsync(args[1], options: new() { MinDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(1) });
            Console.WriteLine($"{result.Outcome} {string.Join(",", result.Items.Select(v => v.VideoNo + ":" + v.Status))}");
            """);
        string task = simulator.CreateTask(["https://a.example/1", "https://a.example/2"]);

        await Dotnet.SucceedAsync(project, null, "build");
        Assert.False(File.Exists(Path.Combine(project, "obj", "contract.schema.json")), "a project without contracts gets no schema copy");
        string output = await Dotnet.SucceedAsync(project, new Dictionary<string, string> { ["MEMORIES_API_KEY"] = Key }, "run", "--no-build", "--", simulator.BaseAddress.ToString(), task);

        Assert.Matches(@"Succeeded VI\d+:Parsed,VI\d+:Parsed", output);
        Assert.DoesNotContain(Key, output);
    }

    /// <summary>
    /// The README's "add an endpoint" path, from a terminal: the contract gains an endpoint, the
    /// build says which Refit method is missing, <c>dotnet format analyzers --diagnostics CTR014</c>
    /// writes it, the build is clean, and the new call works against a real server (the simulator on Kestrel).
    /// </summary>
    [Fact]
    public async Task AContractThatGainsAnEndpoint_GetsItsRefitMethodFromDotnetFormat_AndTheCallWorks()
    {
        const string Key = "sk-mavi-package-codefix";
        await using var simulator = await MemoriesSimulator.StartAsync(new SimulatorOptions { ApiKeys = [Key] });
        string project = Path.Combine(feed.Root, "codefix");
        Directory.CreateDirectory(Path.Combine(project, "contracts"));
        WriteProject(Path.Combine(project, "Codefix.csproj"), "Contracts.Runtime", "", "Microsoft.NET.Sdk", "Refit");
        string contract = Path.Combine(project, "contracts", "metadata.contract.json");
        string withInterface = MetadataContract.Replace("\"namespace\": \"Consumer.Api\",", "\"namespace\": \"Consumer.Api\", \"interface\": \"IMetadataApi\",", StringComparison.Ordinal);
        string endpoints = withInterface[withInterface.IndexOf("  \"endpoints\"", StringComparison.Ordinal)..withInterface.IndexOf("  \"models\"", StringComparison.Ordinal)];
        File.WriteAllText(contract, withInterface.Replace(endpoints, string.Empty, StringComparison.Ordinal));
        string api = Path.Combine(project, "IMetadataApi.cs");
        File.WriteAllText(api, """
            namespace Consumer.Api;

            /// <summary>Our hand-declared client of the metadata API.</summary>
            public interface IMetadataApi
            {
            }
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using Consumer.Api;

            Console.WriteLine(typeof(IMetadataApi).Name);
            """);
        await Dotnet.SucceedAsync(project, null, "build");

        // The contract gains the endpoint (without its optional key): the build names the method to declare.
        const string OptionalKey = """, { "name": "unique_id", "type": "string", "default": "default" }""";
        Assert.Contains(OptionalKey, withInterface, StringComparison.Ordinal);
        File.WriteAllText(contract, withInterface.Replace(OptionalKey, string.Empty, StringComparison.Ordinal));
        var (code, output) = await Dotnet.RunAsync(project, null, "build");
        Assert.NotEqual(0, code);
        Assert.Contains("IMetadataApi.cs(4,18): error CTR014: No Refit method declares GET /serve/api/v1/get_metadata of endpoint 'GetMetadata'", output);

        await Dotnet.SucceedAsync(project, null, "format", "analyzers", "--diagnostics", "CTR014", "--no-restore");

        string fixedApi = File.ReadAllText(api);
        Assert.Contains("[global::Refit.Get(\"/serve/api/v1/get_metadata\")]", fixedApi);
        Assert.Contains("Task<MetadataResponse<VideoMetadata>> GetMetadataAsync(", fixedApi);
        Assert.Contains("/// <summary>Our hand-declared client of the metadata API.</summary>", fixedApi);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using Consumer.Api;

            var http = new HttpClient { BaseAddress = new Uri(args[0]) };
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", Environment.GetEnvironmentVariable("MEMORIES_API_KEY"));
            var reply = await Refit.RestService.For<IMetadataApi>(http).GetMetadataAsync(args[1]);
            Console.WriteLine($"{reply.Code} {reply.Data!.VideoNo} {reply.Data.Status}");
            """);
        string build = await Dotnet.SucceedAsync(project, null, "build");
        Assert.DoesNotContain("CTR0", build);
        string ran = await Dotnet.SucceedAsync(project, new Dictionary<string, string> { ["MEMORIES_API_KEY"] = Key }, "run", "--no-build", "--", simulator.BaseAddress.ToString(), "VI624126275711397888");
        Assert.Contains("0000 VI624126275711397888 Parsed", ran);

        // The next release adds a query key to the endpoint: the README's one command fixes every drift.
        File.WriteAllText(contract, withInterface);
        (code, output) = await Dotnet.RunAsync(project, null, "build");
        Assert.NotEqual(0, code);
        Assert.Contains("error CTR016: IMetadataApi.GetMetadataAsync sends query keys video_no, but endpoint 'GetMetadata' of metadata.contract.json declares query keys video_no, unique_id", output);
        await Dotnet.SucceedAsync(project, null, "format", "analyzers", "--diagnostics", "CTR014", "CTR015", "CTR016", "CTR017", "CTR019", "CTR021", "CTR025", "CTR029", "--no-restore");
        Assert.Contains("[global::Refit.AliasAs(\"unique_id\")] string uniqueId = \"default\"", File.ReadAllText(api));
        Assert.DoesNotContain("CTR0", await Dotnet.SucceedAsync(project, null, "build"));
        ran = await Dotnet.SucceedAsync(project, new Dictionary<string, string> { ["MEMORIES_API_KEY"] = Key }, "run", "--no-build", "--", simulator.BaseAddress.ToString(), "VI624126275711397888");
        Assert.Contains("0000 VI624126275711397888 Parsed", ran);
    }

    /// <summary>A console project as a team would start one, referencing one of our packages from the feed.</summary>
    private void WriteProject(string path, string package, string extraProperties = "", string sdk = "Microsoft.NET.Sdk", string? refit = null) => File.WriteAllText(path, $"""
        <Project Sdk="{sdk}">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            {extraProperties}
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="{package}" Version="{feed.Version}" />
            {(refit is null ? string.Empty : "<PackageReference Include=\"Refit\" Version=\"16.4.0\" />")}
          </ItemGroup>
        </Project>
        """);
}
