using System;
using System.Collections.Generic;
using System.Linq;
using Contracts.Generator.Model;

namespace Contracts.Generator.Drift;

/// <summary>How a parameter travels, as the drift check pairs a method's parameters with the contract's.</summary>
internal static class ParameterRole
{
    public const string Body = "body";

    public const string CancellationToken = "cancellation";

    public const string PathKind = "path:";

    public const string QueryKind = "query:";

    public const string PartKind = "part:";

    public static string Path(string key) => PathKind + key;

    public static string Query(string key) => QueryKind + key;

    public static string Part(string name) => PartKind + name;

    /// <summary>The kinds whose parameters carry a key (what is left of a role without it).</summary>
    public static readonly IReadOnlyList<string> KeyedKinds = new[] { PathKind, QueryKind, PartKind };

    /// <summary>The role's kind when it carries a key, null for the body and the cancellation token.</summary>
    public static string? KindOf(string role) => KeyedKinds.FirstOrDefault(kind => role.StartsWith(kind, StringComparison.Ordinal));

    /// <summary>The key (the placeholder, query key or part name) a keyed role carries.</summary>
    public static string KeyOf(string role) => role.Substring(role.IndexOf(':') + 1);

    /// <summary>How the user's parameter travels today; null for one the contract does not know (a header, a property).</summary>
    public static string? Of(RefitParameterModel parameter) =>
        parameter.IsCancellationToken ? CancellationToken
        : parameter.IsBody ? Body
        : parameter.PathKey is { } placeholder ? Path(placeholder)
        : parameter.QueryKey is { } key ? Query(key)
        : parameter.PartName is { } part ? Part(part)
        : null;
}

/// <summary>A parameter of the method the contract asks for, spelled for the interface's file.</summary>
/// <param name="Role">How it travels (<see cref="ParameterRole"/>).</param>
/// <param name="Attributes">Its attribute list (<c>[AliasAs("page")]</c>), empty for none.</param>
/// <param name="Type">Its type.</param>
/// <param name="Name">Its name, escaped where it is a keyword.</param>
/// <param name="Default">Its default value, null when it is required.</param>
internal sealed record ExpectedParameter(string Role, string Attributes, string Type, string Name, string? Default)
{
    public string Declaration => (Attributes.Length > 0 ? Attributes + " " : string.Empty) + Type + " " + Name + (Default is null ? string.Empty : " = " + Default);
}

/// <summary>
/// What a code fix changes so that a Refit method's parameters and attributes are what the
/// contract asks for (CTR016, CTR017, CTR021, CTR029), keeping what already fits: the user's
/// parameters stay in their order with their names, attributes and comments, and only what the
/// drift check refuses changes. Written as lines of tab-separated fields, the diagnostic's
/// <c>Signature</c> property (a diagnostic carries strings only), which the fix applies to syntax:
/// <list type="bullet">
/// <item><c>parameters, n</c>: how many parameters the method has now (the fix checks it reads the same method);</item>
/// <item><c>keep, i</c>: the user's parameter i, as it is;</item>
/// <item><c>change, i</c>, then pairs: <c>type, T</c>; <c>default, D</c> (empty: none); <c>alias, attribute, key</c>; <c>name, N</c>;</item>
/// <item><c>replace, i, declaration</c>: a new declaration, with parameter i's comments;</item>
/// <item><c>add, declaration</c>;</item>
/// <item><c>attribute, [A]</c> and <c>unattribute, A</c>: an attribute the method gains or loses;</item>
/// <item><c>header, Headers, value</c>: a header to add to the method's <c>[Headers]</c>, or in a new one.</item>
/// </list>
/// Parameters absent from the plan are removed: the contract no longer sends them.
/// </summary>
internal static class SignatureRewrite
{
    public const char Separator = '\t';

    /// <summary>The plan for <paramref name="method"/>, or null when the contract asks for nothing it does not already declare.</summary>
    public static string? Plan(ContractModel contract, EndpointModel endpoint, RefitMethodModel method, Spelling spelling)
    {
        var expected = DriftCheck.ExpectedParameters(contract, endpoint, spelling);
        var byRole = expected.ToDictionary(e => e.Role, StringComparer.Ordinal);
        var roles = method.Parameters.Select(ParameterRole.Of).ToList();
        var paired = new Dictionary<int, ExpectedParameter>();
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < roles.Count; i++)
        {
            if (roles[i] is { } role && byRole.TryGetValue(role, out var wanted) && claimed.Add(role))
            {
                paired[i] = wanted;
            }
        }

        // A key the contract renamed: the one parameter of a kind left over takes the one key of
        // that kind the contract adds, when it has that key's type and its own key did not move to
        // another kind (a query key now a part).
        var renamed = new HashSet<int>();
        foreach (string kind in ParameterRole.KeyedKinds)
        {
            var left = Enumerable.Range(0, roles.Count)
                .Where(i => !paired.ContainsKey(i) && roles[i] is { } role && ParameterRole.KindOf(role) == kind && !expected.Any(e => ParameterRole.KeyOf(e.Role) == ParameterRole.KeyOf(role) && ParameterRole.KindOf(e.Role) is not null))
                .ToList();
            var added = expected.Where(e => ParameterRole.KindOf(e.Role) == kind && !claimed.Contains(e.Role)).ToList();
            if (left.Count == 1 && added.Count == 1 && Fits(contract, endpoint, method.Parameters[left[0]], added[0].Role, checksParameters: true))
            {
                paired[left[0]] = added[0];
                claimed.Add(added[0].Role);
                renamed.Add(left[0]);
            }
        }

        bool checksParameters = endpoint.Polling is not null || endpoint.HasGeneratedCall;
        bool becomesMultipart = endpoint.BodyKind == BodyKind.Multipart && !method.IsMultipart;
        var names = new HashSet<string>(method.Parameters.Where((_, i) => paired.ContainsKey(i) || roles[i] is null or ParameterRole.CancellationToken).Select(p => p.Name), StringComparer.Ordinal);
        var taken = DriftCheck.TakenNames(endpoint);
        var entries = new List<Entry>();
        for (int i = 0; i < roles.Count; i++)
        {
            var parameter = method.Parameters[i];
            if (paired.TryGetValue(i, out var wanted))
            {
                // Under [Multipart] a query parameter without [Query] would be sent as a part.
                var entry = becomesMultipart && ParameterRole.KindOf(wanted.Role) == ParameterRole.QueryKind
                    ? Entry.Replace(i, wanted with { Name = Naming.CSharp.Identifier(parameter.Name) })
                    : Change(contract, endpoint, parameter, i, wanted, renamed.Contains(i), checksParameters, spelling);
                entries.Add(entry with { Order = expected.IndexOf(wanted) });
            }
            else if (roles[i] is null or ParameterRole.CancellationToken)
            {
                // A parameter the contract does not know is passed on by name, which may not be one the generated methods take.
                bool collides = checksParameters && roles[i] is null && taken.Contains(parameter.Name);
                entries.Add(collides
                    ? new Entry("change", i, null, parameter.DefaultValue is not null, new[] { "name", Unique(parameter.Name, names, taken) })
                    : new Entry("keep", i, null, parameter.DefaultValue is not null, Array.Empty<string>()));
            }
        }

        foreach (var wanted in expected.Where(e => e.Role != ParameterRole.CancellationToken && !claimed.Contains(e.Role)))
        {
            var entry = Entry.Add(wanted with { Name = Unique(wanted.Name, names, new HashSet<string>()) }) with { Order = expected.IndexOf(wanted) };

            // Before the first of the user's that the contract puts after it (a path parameter keeps
            // the route's order); else a required one before the first optional one, an optional one
            // before a last cancellation token.
            bool endsWithToken = entries.Count > 0 && entries[entries.Count - 1].Index is int last && roles[last] == ParameterRole.CancellationToken;
            int firstOptional = entries.FindIndex(e => e.Optional);
            int after = entries.FindIndex(e => e.Order > entry.Order);
            int at = after >= 0 && (entry.Optional || after <= (firstOptional >= 0 ? firstOptional : entries.Count)) ? after
                : entry.Optional ? entries.Count - (endsWithToken ? 1 : 0)
                : firstOptional >= 0 ? firstOptional : entries.Count;
            entries.Insert(at, entry);
        }

        // C# wants required parameters before optional ones; a retyped one may have become required.
        entries = entries.Where(e => !e.Optional).Concat(entries.Where(e => e.Optional)).ToList();
        var lines = new List<string> { Line("parameters", method.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        lines.AddRange(entries.Select(e => e.ToLine()));
        if (becomesMultipart)
        {
            lines.Add(Line("attribute", "[" + spelling.Attribute("Multipart") + "]"));
        }
        else if (endpoint.BodyKind != BodyKind.Multipart && method.IsMultipart)
        {
            lines.Add(Line("unattribute", "Multipart"));
        }

        if (endpoint.Answer == AnswerKind.Events && !DriftCheck.AsksForEvents(method))
        {
            lines.Add(Line("header", spelling.Attribute("Headers"), DriftCheck.EventStreamAccept));
        }

        bool unchanged = lines.Count == method.Parameters.Count + 1 && entries.Select((e, k) => e.Kind == "keep" && e.Index == k).All(same => same);
        return unchanged ? null : string.Join("\n", lines);
    }

    /// <summary>The user's parameter <paramref name="index"/>, changed only where the contract's <paramref name="wanted"/> refuses it.</summary>
    private static Entry Change(ContractModel contract, EndpointModel endpoint, RefitParameterModel parameter, int index, ExpectedParameter wanted, bool renamed, bool checksParameters, Spelling spelling)
    {
        string role = wanted.Role;
        bool fits = Fits(contract, endpoint, parameter, role, checksParameters);
        var fields = new List<string>();
        bool optional = parameter.DefaultValue is not null;
        if (!fits)
        {
            fields.AddRange(new[] { "type", wanted.Type, "default", wanted.Default ?? string.Empty });
            optional = wanted.Default is not null;
        }

        if (renamed)
        {
            fields.AddRange(new[] { "alias", spelling.Attribute("AliasAs"), ParameterRole.KeyOf(role) });
        }

        return new Entry(fields.Count == 0 ? "keep" : "change", index, null, optional, fields.ToArray());
    }

    /// <summary>True when the drift check takes <paramref name="parameter"/> as it is for <paramref name="role"/>.</summary>
    private static bool Fits(ContractModel contract, EndpointModel endpoint, RefitParameterModel parameter, string role, bool checksParameters) =>
        role == ParameterRole.Body ? DriftCheck.BodyFits(endpoint, parameter)
        : role == ParameterRole.CancellationToken ? parameter.IsCancellationToken
        : ParameterRole.KindOf(role) == ParameterRole.PartKind ? DriftCheck.PartFits(contract.Models.First(m => m.Name == endpoint.BodyType).Fields.First(f => f.WireName == ParameterRole.KeyOf(role)), parameter)
        : !checksParameters || DriftCheck.KeyTypeFits(endpoint.Query.Concat(endpoint.PathParameters).First(p => ParameterRole.KeyOf(role) == p.WireName && ParameterRole.KindOf(role) == (endpoint.Query.Contains(p) ? ParameterRole.QueryKind : ParameterRole.PathKind)), parameter);

    /// <summary><paramref name="name"/>, or with the first number that makes it unlike every name in use.</summary>
    private static string Unique(string name, HashSet<string> names, HashSet<string> taken)
    {
        string candidate = name;
        for (int n = 2; names.Contains(candidate) || taken.Contains(candidate); n++)
        {
            candidate = name + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        names.Add(candidate);
        return candidate;
    }

    private static string Line(params string[] fields) => string.Join(Separator.ToString(), fields);

    /// <summary>One parameter of the rewritten method: the user's <see cref="Index"/>, or a new <see cref="Declaration"/>.</summary>
    private sealed record Entry(string Kind, int? Index, string? Declaration, bool Optional, string[] Fields)
    {
        /// <summary>Where the contract puts the parameter among its own; null for one the contract does not know.</summary>
        public int? Order { get; init; }

        public static Entry Replace(int index, ExpectedParameter wanted) => new("replace", index, wanted.Declaration, wanted.Default is not null, Array.Empty<string>());

        public static Entry Add(ExpectedParameter wanted) => new("add", null, wanted.Declaration, wanted.Default is not null, Array.Empty<string>());

        public string ToLine() => Kind switch
        {
            "add" => Line(Kind, Declaration!),
            "replace" => Line(Kind, Index!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), Declaration!),
            _ => Line(new[] { Kind, Index!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(Fields).ToArray()),
        };
    }
}
