using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Contracts.Generator.Tests.Infrastructure;
using CsCheck;

namespace Contracts.Generator.Tests.Fuzzing;

/// <summary>
/// A consumer project drawn at random: one to three contracts from different vendors (the memories
/// contract, a library contract sharing its endpoint names, routes and type names, and the
/// every-feature contract), each with its hand-declared Refit interface in one of the shapes C#
/// allows (internal, nested, partial across files, in a block namespace, in the global namespace),
/// its parameters sometimes renamed to keywords or names in other scripts, and at most one
/// contract mutated.
/// </summary>
internal sealed record Consumer(int ContractMask, int Mutated, Mutation[] Mutations, int[] Shapes, int[] Renames)
{
    public static readonly string[] ShapeNames = ["as written", "internal", "nested in a public static class", "nested in an internal class", "in a block namespace", "partial across two files", "in the global namespace"];

    private static readonly (string Path, string Contract, string Api)[] Vendors =
    [
        (RepositoryPaths.MemoriesContract, RepositoryPaths.MemoriesContractText, File.ReadAllText(RepositoryPaths.MemoriesApiInterface)),
        (RepositoryPaths.LibraryContract, File.ReadAllText(RepositoryPaths.LibraryContract), ManyContractsTests.LibraryApi),
        (RepositoryPaths.EverythingContract, File.ReadAllText(RepositoryPaths.EverythingContract), SnapshotTests.EverythingApi),
    ];

    /// <summary>Parameter names of the interfaces that travel under an [AliasAs] name or as the body, so renaming them changes nothing on the wire.</summary>
    private static readonly string[] Renamable = ["taskId", "uniqueId", "videoNo", "jobId", "ownerId", "pageSize", "includeArchived", "minScore", "after", "body"];

    private static readonly string[] Replacements = ["@class", "@event", "@namespace", "δεδομένα", "@var", "@await", "名前", "@params", "Ωmega", "@operator", "@in"];

    public static Gen<Consumer> Gen { get; } = CsCheck.Gen.Select(
        CsCheck.Gen.Int[1, 7],
        CsCheck.Gen.Frequency((1, CsCheck.Gen.Const(-1)), (3, CsCheck.Gen.Int[0, 2])),
        CsCheck.Gen.Frequency((6, CsCheck.Gen.Int[1, 1]), (3, CsCheck.Gen.Int[2, 2]), (1, CsCheck.Gen.Int[3, 4])).SelectMany(count => ContractMutations.Mutation.Array[count]),
        CsCheck.Gen.Int[0, ShapeNames.Length - 1].Array[3],
        CsCheck.Gen.Frequency((2, CsCheck.Gen.Const(0)), (1, CsCheck.Gen.Int[1, Replacements.Length])).Array[3],
        (mask, mutated, mutations, shapes, renames) => new Consumer(mask, mutated, mutations, shapes, renames));

    /// <summary>The chosen vendors, by index into the pool.</summary>
    public IReadOnlyList<int> Chosen => Enumerable.Range(0, Vendors.Length).Where(i => (ContractMask & (1 << i)) != 0).ToList();

    /// <summary>The index of the mutated vendor, or -1 when every contract is as written.</summary>
    public int MutatedVendor => Mutated >= 0 && Chosen.Contains(Mutated) ? Mutated : -1;

    /// <summary>The contracts (paths and texts) and the consumer's C# files.</summary>
    public (List<(string Path, string Text)> Contracts, List<string> Sources) Build()
    {
        var contracts = new List<(string, string)>();
        var sources = new List<string>();
        bool sharedNames = Chosen.Contains(0) && Chosen.Contains(1);
        foreach (int vendor in Chosen)
        {
            var (path, contract, api) = Vendors[vendor];
            if (vendor == 0 && sharedNames)
            {
                api = ManyContractsTests.MemoriesApi;   // both vendors' VideoPage: no global using for either
                contract = RepositoryPaths.MemoriesTaskContractText;
            }

            api = Rename(api, Renames[vendor]);
            var (interfaceName, files) = Shape(api, Shapes[vendor]);
            string text = WithInterface(contract, interfaceName);
            if (vendor == MutatedVendor)
            {
                text = ContractMutations.Apply(text, Mutations);
            }

            contracts.Add((path, text));
            sources.AddRange(files);
        }

        return (contracts, sources);
    }

    public override string ToString()
    {
        var (contracts, sources) = Build();
        return string.Join(", ", Chosen.Select(v => Path.GetFileName(Vendors[v].Path) + " (" + ShapeNames[Shapes[v]] + (Renames[v] > 0 ? ", parameters renamed from " + Replacements[Renames[v] - 1] : string.Empty) + ")"))
            + (MutatedVendor >= 0 ? "\nmutated " + Path.GetFileName(Vendors[MutatedVendor].Path) + " with " + string.Join(", ", Mutations.Select(m => m.ToString())) : "\nno mutation")
            + "\n" + string.Join("\n----\n", sources)
            + "\n" + string.Join("\n----\n", contracts.Select(c => c.Text.Length <= 3_000 ? c.Text : c.Text[..3_000] + "…"));
    }

    /// <summary>Renames the interface's [AliasAs] and body parameters, each to another of <see cref="Replacements"/>.</summary>
    private static string Rename(string api, int start)
    {
        if (start == 0)
        {
            return api;
        }

        for (int i = 0; i < Renamable.Length; i++)
        {
            string replacement = Replacements[(start - 1 + i) % Replacements.Length];
            api = Regex.Replace(api, @"(?<![""\w])" + Renamable[i] + @"(?![""\w])", replacement);
        }

        return api;
    }

    /// <summary>The interface declared in a shape, with the name a contract binds it by.</summary>
    private static (string Name, List<string> Files) Shape(string api, int shape)
    {
        var ns = Regex.Match(api, @"namespace ([\w.]+);").Groups[1].Value;
        var name = Regex.Match(api, @"public interface (\w+)").Groups[1].Value;
        int open = api.IndexOf('{', api.IndexOf("public interface", StringComparison.Ordinal));
        string head = api[..api.IndexOf("namespace", StringComparison.Ordinal)];
        string docs = api[(api.IndexOf(ns + ";", StringComparison.Ordinal) + ns.Length + 1)..api.IndexOf("public interface", StringComparison.Ordinal)];
        string body = api[(open + 1)..api.LastIndexOf('}')];
        string Declaration(string modifiers, string members) => docs.Trim() + "\n" + modifiers + " interface " + name + "\n{" + members + "}\n";
        switch (shape)
        {
            case 1:
                return (ns + "." + name, [head + $"namespace {ns};\n" + Declaration("internal", body)]);
            case 2:
                return (ns + ".Outer." + name, [head + $"namespace {ns};\npublic static class Outer\n{{\n" + Declaration("public", body) + "}\n"]);
            case 3:
                return (ns + ".Outer." + name, [head + $"namespace {ns};\ninternal sealed class Outer\n{{\n" + Declaration("public", body) + "}\n"]);
            case 4:
                return (ns + "." + name, [$"namespace {ns}\n{{\n" + head + Declaration("public", body) + "}\n"]);
            case 5:
                var members = Regex.Split(body, @"\n\s*\n").Where(m => m.Trim().Length > 0).ToList();
                int half = members.Count / 2;
                return (ns + "." + name,
                [
                    head + $"namespace {ns};\n" + Declaration("public partial", "\n" + string.Join("\n\n", members.Take(half)) + "\n"),
                    head + $"namespace {ns};\n" + Declaration("public partial", "\n" + string.Join("\n\n", members.Skip(half)) + "\n"),
                ]);
            case 6:
                // Short names of the memories interface resolve through the contract's namespace.
                return (name, [head + (ns == "Memories.Contracts" ? "using Memories.Contracts;\n" : string.Empty) + (ns == "Acme.Everything.Client" ? "using Acme.Everything;\n" : string.Empty) + Declaration("public", body)]);
            default:
                return (ns + "." + name, [api]);
        }
    }

    private static string WithInterface(string contract, string interfaceName)
    {
        var root = JsonNode.Parse(contract)!.AsObject();
        root["interface"] = "global::" + interfaceName;
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
