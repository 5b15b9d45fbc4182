using System.Text.Json;
using System.Text.RegularExpressions;
using Contracts.Generator.Model;
using Contracts.Generator.Naming;
using Contracts.Generator.Tests.Infrastructure;

namespace Contracts.Generator.Tests;

/// <summary>
/// The primitive types live in one table (<see cref="PrimitiveTypes"/>); what cannot read it (the
/// JSON Schema editors use, the runtime's readers) is checked against it here, so a type added to
/// the table and forgotten elsewhere fails a test instead of a user's build.
/// </summary>
public sealed class PrimitiveTypeTableTests
{
    [Fact]
    public void EveryKindButModelsAndEnums_HasOneRow_WithOneSpelling()
    {
        var kinds = Enum.GetValues<TypeKind>().Where(k => k is not (TypeKind.Model or TypeKind.Enum)).ToList();

        Assert.Equal(kinds.Order(), PrimitiveTypes.All.Select(p => p.Kind).Order());
        Assert.Equal(PrimitiveTypes.All.Count, PrimitiveTypes.All.Select(p => p.Spelling).Distinct(StringComparer.Ordinal).Count());
        Assert.All(PrimitiveTypes.All, p => Assert.Same(p, PrimitiveTypes.Named(p.Spelling)));
    }

    [Fact]
    public void TheSchemasTypePattern_NamesExactlyTheTablesSpellings()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "contracts", "contract.schema.json")));
        var patterns = Patterns(schema.RootElement).Where(p => p.StartsWith("^(string|", StringComparison.Ordinal)).ToList();

        var pattern = Assert.Single(patterns);
        var spelled = Regex.Match(pattern, @"^\^\((?<names>[a-z|]+)\|\[A-Za-z_\]").Groups["names"].Value.Split('|');
        Assert.Equal(PrimitiveTypes.All.Select(p => p.Spelling), spelled);
    }

    [Fact]
    public void EveryReaderAndWriterTheTableNames_ExistsInTheRuntime()
    {
        var wire = typeof(global::Contracts.Runtime.Json.WireJson);
        var methods = wire.GetMethods().Select(m => m.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(PrimitiveTypes.All.Where(p => p.ReadMethod is not null), p => Assert.Contains(p.ReadMethod!, methods));
        Assert.All(PrimitiveTypes.All.Where(p => p.WriteMethod is not null), p => Assert.Contains(p.WriteMethod!, methods));
        Assert.All(
            PrimitiveTypes.All.Where(p => p.ValueWrite?.StartsWith(KnownTypes.WireJson + ".", StringComparison.Ordinal) == true),
            p => Assert.Contains(Regex.Match(p.ValueWrite!, @"WireJson\.(?<method>\w+)\(").Groups["method"].Value, methods));
    }

    private static IEnumerable<string> Patterns(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "pattern" && property.Value.ValueKind == JsonValueKind.String)
                {
                    yield return property.Value.GetString()!;
                }

                foreach (var nested in Patterns(property.Value))
                {
                    yield return nested;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var nested in element.EnumerateArray().SelectMany(Patterns))
            {
                yield return nested;
            }
        }
    }
}
