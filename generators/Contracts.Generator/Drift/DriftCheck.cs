using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Contracts.Generator.Diagnostics;
using Contracts.Generator.Model;
using Microsoft.CodeAnalysis;
using TypeKind = Contracts.Generator.Model.TypeKind;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Drift;

/// <summary>
/// What the drift check found, without locations: the endpoints bound to a matching method, and
/// each mismatch with the method (or, for a missing method, the endpoint) it concerns.
/// </summary>
internal sealed record DriftResult(List<EndpointBinding> Bindings, List<DriftProblem> Problems);

/// <summary>One mismatch between a contract endpoint and the Refit interface.</summary>
internal sealed record DriftProblem(DiagnosticDescriptor Descriptor, EndpointModel? Endpoint, RefitMethodModel? Method, string[] Arguments)
{
    /// <summary>For a problem of the method's parameters or attributes, what the fix changes (<see cref="SignatureRewrite"/>).</summary>
    public string? Signature { get; init; }
}

/// <summary>
/// Finds the hand-declared Refit method of each endpoint among the methods of the interfaces the
/// contract names (by HTTP method and route, then by name) and reports where it no longer matches
/// the contract, so that a contract change points the team at the line of their interface that
/// is now wrong. Methods of other interfaces are never looked at: two contracts in one project
/// do not see each other's methods. <see cref="Run"/> needs no location, so the emit step can
/// bind without depending on where anything is; <see cref="Diagnose"/> adds them.
/// </summary>
internal static class DriftCheck
{
    public static DriftResult Run(ContractModel contract, IReadOnlyList<RefitMethodModel> methods, Spelling? spelling = null)
    {
        var bindings = new List<EndpointBinding>();
        var problems = new List<DriftProblem>();
        if (contract.Interfaces.Count == 0)
        {
            return new DriftResult(bindings, problems);
        }

        spelling ??= Spelling.Qualified(contract.Namespace);
        string file = Path.GetFileName(contract.FilePath);
        var matches = Match(contract, methods.Where(m => contract.Binds(m.InterfaceFullName)).ToList());
        for (int e = 0; e < contract.Endpoints.Count; e++)
        {
            var endpoint = contract.Endpoints[e];
            var method = matches[e];
            if (method is null)
            {
                problems.Add(new DriftProblem(DiagnosticDescriptors.RefitMethodMissing, endpoint, null, new[] { endpoint.Method, endpoint.Path, endpoint.Name, Interfaces(contract), Example(contract, endpoint, spelling) }));
                continue;
            }

            string where = method.InterfaceName + "." + method.MethodName;
            if (method.HttpMethod != endpoint.Method || method.Route != endpoint.Path)
            {
                problems.Add(new DriftProblem(
                    DiagnosticDescriptors.RefitRouteDrift,
                    endpoint,
                    method,
                    new[] { where, method.HttpMethod + " " + method.Route, endpoint.Name, file, endpoint.Method + " " + endpoint.Path, $"[{spelling.Attribute(Attribute(endpoint.Method))}(\"{endpoint.Path}\")]" }));
                continue;
            }

            if (KeyProblem(endpoint, method, spelling) is { } keys)
            {
                problems.Add(new DriftProblem(DiagnosticDescriptors.RefitQueryDrift, endpoint, method, new[] { where, keys.Actual, endpoint.Name, file, keys.Expected, keys.Fix }));
                continue;
            }

            if (BodyProblem(contract, endpoint, method, file, spelling) is { } body)
            {
                problems.Add(new DriftProblem(DiagnosticDescriptors.RefitBodyDrift, endpoint, method, new[] { where, body.Actual, endpoint.Name, file, body.Expected, body.Fix }));
                continue;
            }

            if ((endpoint.Polling is not null || endpoint.HasGeneratedCall) && method.ReturnType != ExpectedReturn(contract, endpoint, Spelling.Short))
            {
                problems.Add(new DriftProblem(DiagnosticDescriptors.RefitReturnTypeDrift, endpoint, method, new[] { where, method.ReturnType, endpoint.Name, ExpectedReturn(contract, endpoint, spelling) }));
                continue;
            }

            if (endpoint.Answer == AnswerKind.Events && !AsksForEvents(method))
            {
                problems.Add(new DriftProblem(DiagnosticDescriptors.RefitEventsNotAsked, endpoint, method, new[] { where, endpoint.Name, "[" + spelling.Attribute("Headers") + "(\"" + EventStreamAccept + "\")]" }));
                continue;
            }

            if (ParameterProblem(endpoint, method) is { } problem)
            {
                problems.Add(new DriftProblem(DiagnosticDescriptors.RefitParameterUnsupported, endpoint, method, new[] { where, problem.Parameter, problem.Reason }));
                continue;
            }

            if (Shadowed(contract, method) is { } shadowed)
            {
                problems.Add(new DriftProblem(
                    DiagnosticDescriptors.ContractTypeShadowsName,
                    endpoint,
                    method,
                    new[] { where, shadowed, contract.Namespace, file }));
                continue;
            }

            if ((endpoint.Polling is not null || endpoint.HasGeneratedCall) && WhyNoPollingMethods(method) is { } reason)
            {
                problems.Add(new DriftProblem(DiagnosticDescriptors.PollingMethodsWithheld, endpoint, method, new[] { where, endpoint.Name, reason }));
                continue;
            }

            bindings.Add(new EndpointBinding(endpoint, method));
        }

        return new DriftResult(bindings, problems);
    }

    /// <summary>
    /// The drift diagnostics that <c>RefitDriftAnalyzer</c> reports, on the interface, because a code
    /// fix writes what they describe; the generator reports the others.
    /// </summary>
    public static readonly IReadOnlyCollection<string> ReportedByAnalyzer = new HashSet<string>(StringComparer.Ordinal)
    {
        DiagnosticDescriptors.RefitMethodMissing.Id,
        DiagnosticDescriptors.RefitRouteDrift.Id,
        DiagnosticDescriptors.RefitReturnTypeDrift.Id,
        DiagnosticDescriptors.RefitQueryDrift.Id,
        DiagnosticDescriptors.RefitParameterUnsupported.Id,
        DiagnosticDescriptors.RefitBodyDrift.Id,
        DiagnosticDescriptors.RefitEventsNotAsked.Id,
        DiagnosticDescriptors.UnqualifiedWithoutGlobalUsing.Id,
    };

    /// <summary>The drift diagnostics a rewrite of the method's parameters and attributes fixes (<see cref="SignatureRewrite"/>).</summary>
    public static readonly IReadOnlyCollection<string> FixedBySignature = new HashSet<string>(StringComparer.Ordinal)
    {
        DiagnosticDescriptors.RefitQueryDrift.Id,
        DiagnosticDescriptors.RefitParameterUnsupported.Id,
        DiagnosticDescriptors.RefitBodyDrift.Id,
        DiagnosticDescriptors.RefitEventsNotAsked.Id,
    };

    /// <summary>
    /// The problems <see cref="ReportedByAnalyzer"/> names (a missing method; a route, keys, parameters, a body,
    /// headers or an answer type that differ), each with what to write, spelled for the interface's file.
    /// </summary>
    /// <param name="contract">The contract.</param>
    /// <param name="sites">The Refit methods of the interfaces the contract names.</param>
    /// <param name="visible">What the interface's file imports and the namespaces enclosing it.</param>
    /// <param name="globalImports">What the project's global usings import, the generated ones included.</param>
    public static IEnumerable<DriftProblem> ForAnalyzer(ContractModel contract, IEnumerable<RefitMethodSite> sites, EquatableArray<string> visible, EquatableArray<string> globalImports)
    {
        var spelling = new Spelling(contract.Namespace, globalImports.Contains(contract.Namespace), Spelling.ImportsOf(visible.Concat(globalImports)));
        return Run(contract, sites.Select(s => s.Method).ToList(), spelling).Problems
            .Where(p => ReportedByAnalyzer.Contains(p.Descriptor.Id))
            .Select(p => FixedBySignature.Contains(p.Descriptor.Id) ? p with { Signature = SignatureRewrite.Plan(contract, p.Endpoint!, p.Method!, spelling) } : p);
    }

    /// <summary>The drift check's diagnostics located at the Refit method (a mismatch), but for those <see cref="ReportedByAnalyzer"/> names.</summary>
    /// <param name="contract">The contract.</param>
    /// <param name="endpoints">Where each endpoint is declared.</param>
    /// <param name="sites">Every Refit method in the compilation, with where it is.</param>
    /// <param name="globalUsings">The contract namespaces that get a global using: their types may be written unqualified.</param>
    /// <param name="globalImports">The namespaces the project's own global usings import.</param>
    public static IEnumerable<DiagnosticInfo> Diagnose(ContractModel contract, EquatableArray<EndpointLocation> endpoints, EquatableArray<RefitMethodSite> sites, EquatableArray<string> globalUsings, EquatableArray<string> globalImports)
    {
        var methods = sites.Select(s => s.Method).ToList();

        // A new method goes beside the interface's others: it sees what their file and the project import.
        var visible = sites.FirstOrDefault(s => contract.Binds(s.Method.InterfaceFullName))?.Method.VisibleNamespaces ?? EquatableArray<string>.Empty;
        var spelling = new Spelling(contract.Namespace, globalUsings.Contains(contract.Namespace), Spelling.ImportsOf(visible.Concat(globalImports)));
        var result = Run(contract, methods, spelling);
        foreach (var problem in result.Problems.Where(p => p.Method is not null && !ReportedByAnalyzer.Contains(p.Descriptor.Id)))
        {
            yield return new DiagnosticInfo(problem.Descriptor.Id, sites.First(s => s.Method == problem.Method).Location, problem.Arguments.ToEquatableArray());
        }
    }

    /// <summary>
    /// CTR025: the contract's type names each method of its interfaces writes unqualified when the
    /// contract's namespace gets no global using, so that Refit's generated code cannot resolve them.
    /// </summary>
    /// <param name="contract">The contract.</param>
    /// <param name="sites">The Refit methods of the interfaces the contract names.</param>
    /// <param name="globalImports">What the project's global usings import, the generated ones included.</param>
    public static IEnumerable<(RefitMethodSite Site, List<string> Names)> UnqualifiedContractNames(ContractModel contract, IEnumerable<RefitMethodSite> sites, EquatableArray<string> globalImports)
    {
        if (globalImports.Contains(contract.Namespace))
        {
            yield break;
        }

        var typeNames = new HashSet<string>(GeneratedNames.TypesOf(contract).Select(t => t.Name), StringComparer.Ordinal);
        foreach (var site in sites.Where(s => contract.Binds(s.Method.InterfaceFullName)))
        {
            // A name that already means another type is CTR026's; these are the contract's own.
            var names = site.UnqualifiedNames.Where(n => typeNames.Contains(n) && !site.Method.ResolvesElsewhere(n, contract.Namespace)).ToList();
            if (names.Count > 0)
            {
                yield return (site, names);
            }
        }
    }

    /// <summary>CTR025's message arguments for one name.</summary>
    public static string[] UnqualifiedArguments(ContractModel contract, RefitMethodSite site, string name) =>
        new[] { site.Method.InterfaceName + "." + site.Method.MethodName, name, contract.Namespace, "another namespace the project imports has a type of one of its type names; see CTR018" };

    /// <summary>
    /// The method of each endpoint, by index: first one declaring the endpoint's HTTP method and
    /// route under the endpoint's name, then one declaring them under another name, then one of the
    /// endpoint's name whose route differs (reported as drift). No method serves two endpoints.
    /// </summary>
    private static RefitMethodModel?[] Match(ContractModel contract, List<RefitMethodModel> candidates)
    {
        var found = new RefitMethodModel?[contract.Endpoints.Count];
        var taken = new bool[candidates.Count];
        void Pass(Func<EndpointModel, RefitMethodModel, bool> fits)
        {
            for (int e = 0; e < found.Length; e++)
            {
                if (found[e] is not null)
                {
                    continue;
                }

                for (int m = 0; m < candidates.Count; m++)
                {
                    if (!taken[m] && fits(contract.Endpoints[e], candidates[m]))
                    {
                        found[e] = candidates[m];
                        taken[m] = true;
                        break;
                    }
                }
            }
        }

        Pass(static (endpoint, method) => SameRoute(endpoint, method) && IsNamed(endpoint, method));
        Pass(static (endpoint, method) => SameRoute(endpoint, method));
        Pass(static (endpoint, method) => IsNamed(endpoint, method));
        return found;
    }

    private static bool SameRoute(EndpointModel endpoint, RefitMethodModel method) =>
        method.HttpMethod == endpoint.Method && method.Route == endpoint.Path;

    private static bool IsNamed(EndpointModel endpoint, RefitMethodModel method) =>
        method.MethodName == endpoint.Name || method.MethodName == endpoint.Name + "Async";

    /// <summary>
    /// A name the method's signature resolves to a type today that one of the contract's generated
    /// types would take over (in the contract's namespace) or make ambiguous (where it is imported).
    /// </summary>
    private static string? Shadowed(ContractModel contract, RefitMethodModel method)
    {
        if (method.ResolvedNames.Count == 0 || !method.VisibleNamespaces.Contains(contract.Namespace))
        {
            return null;
        }

        foreach (var (name, _) in GeneratedNames.TypesOf(contract))
        {
            if (method.ResolvesElsewhere(name, contract.Namespace))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>Why generated extension methods cannot be declared for this method's interface, or null when they can.</summary>
    private static string? WhyNoPollingMethods(RefitMethodModel method)
    {
        if (method.Access == InterfaceAccess.Nested)
        {
            return "the interface is nested as private or protected, so no top-level class can extend it; make it (and the types it is nested in) internal or public";
        }

        if (method.InterfaceIsGeneric)
        {
            return "the interface has type parameters, so generated methods could not name it as one type; declare the endpoint on an interface without type parameters";
        }

        return method.MethodIsGeneric
            ? "the method has type parameters, which generated code could not infer; declare it without type parameters"
            : null;
    }

    /// <summary>The query and path keys the method sends against those the contract declares, if they differ.</summary>
    private static (string Actual, string Expected, string Fix)? KeyProblem(EndpointModel endpoint, RefitMethodModel method, Spelling spelling)
    {
        var expectedQuery = endpoint.Query.Select(q => q.WireName).ToList();
        var actualQuery = method.Parameters.Where(p => p.QueryKey is not null).Select(p => p.QueryKey!).ToList();
        var expectedPath = endpoint.PathParameters.Select(p => p.WireName).ToList();
        var actualPath = method.Parameters.Where(p => p.PathKey is not null).Select(p => p.PathKey!).ToList();
        var missing = expectedQuery.Except(actualQuery, StringComparer.Ordinal).ToList();
        var unexpected = actualQuery.Except(expectedQuery, StringComparer.Ordinal).ToList();
        var missingPath = expectedPath.Except(actualPath, StringComparer.Ordinal).ToList();
        if (missing.Count == 0 && unexpected.Count == 0 && missingPath.Count == 0)
        {
            return null;
        }

        var fixes = new List<string>();
        fixes.AddRange(missing.Select(key => $"add a parameter [{spelling.Attribute("AliasAs")}(\"{key}\")] {Declaration(endpoint.Query.First(q => q.WireName == key), spelling)}"));
        fixes.AddRange(unexpected.Select(key => $"remove or rename the parameter sent as '{key}'"));
        fixes.AddRange(missingPath.Select(key => $"add a parameter [{spelling.Attribute("AliasAs")}(\"{key}\")] {Declaration(endpoint.PathParameters.First(p => p.WireName == key), spelling)} for the placeholder {{{key}}}"));
        bool paths = missingPath.Count > 0 && missing.Count == 0 && unexpected.Count == 0;
        return paths
            ? ("fills path keys " + List(actualPath), "path keys " + List(expectedPath), string.Join("; ", fixes))
            : ("sends query keys " + List(actualQuery), "query keys " + List(expectedQuery), string.Join("; ", fixes));
    }

    private static string Declaration(ParameterModel parameter, Spelling spelling) =>
        spelling.Type(parameter.Type) + " " + CSharp.Identifier(parameter.ParameterName);

    /// <summary>The header an event stream's request must carry.</summary>
    internal const string EventStreamAccept = "Accept: text/event-stream";

    /// <summary>True when the method (or its interface) asks for server-sent events.</summary>
    internal static bool AsksForEvents(RefitMethodModel method) =>
        method.Headers.Any(h => string.Equals(h.Replace(" ", string.Empty), EventStreamAccept.Replace(" ", string.Empty), StringComparison.OrdinalIgnoreCase));

    /// <summary>The body the method sends against the contract's (a JSON model or array, a form, multipart parts), if they differ.</summary>
    private static (string Actual, string Expected, string Fix)? BodyProblem(ContractModel contract, EndpointModel endpoint, RefitMethodModel method, string file, Spelling spelling)
    {
        var bodies = method.Parameters.Where(p => p.IsBody).ToList();
        string actual = method.IsMultipart ? "is [Multipart]"
            : bodies.Count == 0 ? "sends no [Body]"
            : "sends [Body] " + string.Join(", ", bodies.Select(b => b.UnqualifiedType + " " + b.Name));
        string body = spelling.Attribute("Body");
        switch (endpoint.BodyKind)
        {
            case BodyKind.None:
                return bodies.Count == 0 && !method.IsMultipart ? null : (actual, "declares no body", "remove the [Body] parameter (and [Multipart]), or add \"body\" to the endpoint in " + file);
            case BodyKind.Json when endpoint.BodyArray is { } array:
            {
                bool fits = !method.IsMultipart && bodies.Count == 1 && BodyFits(endpoint, bodies[0]);
                return fits ? null : (actual, "sends a JSON array of " + ElementSpelling(array, Spelling.Short), $"declare one parameter [{body}(buffered: true)] {ElementSpelling(array, spelling)}[] body (an array: the JSON context knows its type, not every list's)");
            }

            case BodyKind.Json:
                return !method.IsMultipart && bodies.Count == 1 && BodyFits(endpoint, bodies[0])
                    ? null
                    : (actual, "sends " + endpoint.BodyType, "declare one parameter [" + body + "(buffered: true)] " + spelling.Model(endpoint.BodyType!) + " body" + (method.IsMultipart ? ", without [Multipart]" : string.Empty));
            case BodyKind.Form:
                return !method.IsMultipart && bodies.Count == 1 && BodyFits(endpoint, bodies[0])
                    ? null
                    : (actual, "sends " + endpoint.BodyType + " as a form", "declare one parameter [" + body + "] " + spelling.HttpContent + " form" + (method.IsMultipart ? ", without [Multipart]" : string.Empty) + " (the generated " + GeneratedNames.BodyCall(endpoint.Name) + " writes the form: Refit's own reads the body by reflection and joins arrays with commas)");
            default:
                return MultipartProblem(contract, endpoint, method, actual, spelling);
        }
    }

    /// <summary>True when <paramref name="parameter"/> is a [Body] the contract's JSON or form body can be sent as.</summary>
    internal static bool BodyFits(EndpointModel endpoint, RefitParameterModel parameter) => endpoint.BodyKind switch
    {
        // An array, not a list interface: the JSON context serializes the argument's runtime
        // type, and an array's is always the one it knows.
        BodyKind.Json when endpoint.BodyArray is { } array => parameter.UnqualifiedType.TrimEnd('?') == ElementSpelling(array, Spelling.Short) + "[]",
        BodyKind.Json => parameter.UnqualifiedType.TrimEnd('?') == endpoint.BodyType,
        BodyKind.Form => parameter.UnqualifiedType is "HttpContent" or "FormUrlEncodedContent",
        _ => false,
    };

    /// <summary>True when <paramref name="parameter"/> is declared as the generated call passes <paramref name="field"/>'s part.</summary>
    internal static bool PartFits(FieldModel field, RefitParameterModel parameter) =>
        parameter.UnqualifiedType.TrimEnd('?') == PartType(field, Spelling.Short)

        // The generated call passes null for a part the caller left out, which a non-nullable parameter refuses.
        && (field.Required || !parameter.RefusesNull);

    /// <summary>True when a query or path parameter has the type the contract declares its key with.</summary>
    internal static bool KeyTypeFits(ParameterModel declared, RefitParameterModel parameter) =>
        parameter.Type.TrimEnd('?') == CSharp.ElementType(declared.Type, string.Empty);

    /// <summary>The names the generated methods of <paramref name="endpoint"/> take themselves: a parameter the contract does not know may not have one.</summary>
    internal static HashSet<string> TakenNames(EndpointModel endpoint)
    {
        var taken = new HashSet<string>(GeneratedNames.PollingParameterNames, StringComparer.Ordinal);
        foreach (var parameter in endpoint.PathParameters.Concat(endpoint.Query))
        {
            taken.Add(parameter.ParameterName);
        }

        return taken;
    }

    /// <summary>A multipart method: [Multipart], one parameter per field of the contract's model, file fields as Refit's StreamPart.</summary>
    private static (string Actual, string Expected, string Fix)? MultipartProblem(ContractModel contract, EndpointModel endpoint, RefitMethodModel method, string actual, Spelling spelling)
    {
        var model = contract.Models.First(m => m.Name == endpoint.BodyType);
        string expected = "sends " + endpoint.BodyType + " as multipart parts " + string.Join(", ", model.Fields.Select(f => f.WireName));
        if (!method.IsMultipart || method.Parameters.Any(p => p.IsBody))
        {
            return (actual, expected, "declare the method [" + spelling.Attribute("Multipart") + "] with one parameter per part: " + PartDeclarations(model, spelling));
        }

        var parts = method.Parameters.Where(p => p.PartName is not null).ToDictionary(p => p.PartName!, StringComparer.Ordinal);
        var fixes = new List<string>();
        foreach (var field in model.Fields)
        {
            string type = PartType(field, Spelling.Short);
            if (!parts.TryGetValue(field.WireName, out var parameter))
            {
                fixes.Add("add " + PartDeclaration(field, spelling));
            }
            else if (parameter.UnqualifiedType.TrimEnd('?') != type)
            {
                fixes.Add($"declare the part '{field.WireName}' as {PartType(field, spelling)}, not {parameter.UnqualifiedType}");
            }
            else if (!PartFits(field, parameter))
            {
                fixes.Add($"declare the part '{field.WireName}' as {PartType(field, spelling)}? with a default of null: {endpoint.BodyType} does not require it");
            }

            parts.Remove(field.WireName);
        }

        fixes.AddRange(parts.Keys.Select(part => $"remove the part '{part}', which {endpoint.BodyType} does not declare"));
        return fixes.Count == 0 ? null : ("sends parts " + string.Join(", ", method.Parameters.Where(p => p.PartName is not null).Select(p => p.PartName)), expected, string.Join("; ", fixes));
    }

    /// <summary>What a part is declared as: a file as Refit's <c>StreamPart</c>, anything else as its wire text.</summary>
    internal static string PartType(FieldModel field, Spelling spelling)
    {
        string element = field.Type.Kind == TypeKind.File ? spelling.Refit("StreamPart") : "string";
        return field.Type.IsArray ? spelling.Enumerable + "<" + element + ">" : element;
    }

    private static string PartDeclaration(FieldModel field, Spelling spelling) => Part(field, spelling).Declaration;

    private static string PartDeclarations(ObjectModel model, Spelling spelling) =>
        string.Join(", ", model.Fields.OrderBy(f => f.Required ? 0 : 1).Select(f => PartDeclaration(f, spelling)));

    private static string ElementSpelling(TypeRef type, Spelling spelling) =>
        type.Kind is TypeKind.Model or TypeKind.Enum ? spelling.Model(type.Name!) : CSharp.ElementType(type, spelling.Namespace);

    /// <summary>
    /// The first parameter the generated polling methods could not pass on: a query or path
    /// parameter of another type than the contract's, or a parameter the contract does not know (a
    /// header, a property) whose name the polling methods already use.
    /// </summary>
    private static (string Parameter, string Reason)? ParameterProblem(EndpointModel endpoint, RefitMethodModel method)
    {
        if (endpoint.Polling is null && !endpoint.HasGeneratedCall)
        {
            return null;
        }

        var taken = TakenNames(endpoint);

        // The body and the parts are written by the generated calls from the contract's model, not passed on.
        foreach (var parameter in method.Parameters.Where(p => !p.IsCancellationToken && !p.IsBody && p.PartName is null))
        {
            var declared = parameter.QueryKey is { } key ? endpoint.Query.First(q => q.WireName == key)
                : parameter.PathKey is { } placeholder ? endpoint.PathParameters.FirstOrDefault(p => p.WireName == placeholder)
                : null;
            if (declared is not null)
            {
                string expected = CSharp.ElementType(declared.Type, string.Empty);
                if (!KeyTypeFits(declared, parameter))
                {
                    string kind = parameter.QueryKey is not null ? "query key" : "path key";
                    return (parameter.Name, $"it is {parameter.Type}, but the contract declares {kind} '{declared.WireName}' as {expected}; declare it as {expected}");
                }
            }
            else if (!taken.Add(parameter.Name))
            {
                return (parameter.Name, "the generated methods already take a parameter of that name (the contract's path and query parameters, " + string.Join(", ", GeneratedNames.PollingParameterNames) + "); rename it");
            }
        }

        return null;
    }

    /// <summary>The return type the polling methods read the answer as, spelled as <paramref name="spelling"/> says.</summary>
    private static string ExpectedReturn(ContractModel contract, EndpointModel endpoint, Spelling spelling) =>
        endpoint.Answer != AnswerKind.Json ? spelling.Task + "<" + spelling.HttpResponseMessage + ">"
        : spelling.Task + "<" + (contract.Envelope is { } envelope ? spelling.Model(envelope.TypeName) + "<" + spelling.ResponseData(endpoint) + ">" : spelling.ResponseData(endpoint)) + ">";

    /// <summary>The declaration CTR014 proposes, written to compile where it is pasted.</summary>
    private static string Example(ContractModel contract, EndpointModel endpoint, Spelling spelling)
    {
        var parameters = ExpectedParameters(contract, endpoint, spelling).Select(p => p.Declaration);
        return $"{string.Join(" ", MethodAttributes(endpoint, spelling))} {ExpectedReturn(contract, endpoint, spelling)} {endpoint.Name}Async({string.Join(", ", parameters)});";
    }

    /// <summary>The attributes of the method the contract asks for, the HTTP method's last.</summary>
    private static IEnumerable<string> MethodAttributes(EndpointModel endpoint, Spelling spelling)
    {
        if (endpoint.BodyKind == BodyKind.Multipart)
        {
            yield return $"[{spelling.Attribute("Multipart")}]";
        }

        if (endpoint.Answer == AnswerKind.Events)
        {
            yield return $"[{spelling.Attribute("Headers")}(\"{EventStreamAccept}\")]";
        }

        yield return $"[{spelling.Attribute(Attribute(endpoint.Method))}(\"{endpoint.Path}\")]";
    }

    /// <summary>
    /// The parameters of the method the contract asks for, in the order CTR014 declares them: path,
    /// body (or the required parts), query (required first), the optional parts, the cancellation token.
    /// </summary>
    internal static List<ExpectedParameter> ExpectedParameters(ContractModel contract, EndpointModel endpoint, Spelling spelling)
    {
        string alias = spelling.Attribute("AliasAs");
        string body = spelling.Attribute("Body");
        var parameters = endpoint.PathParameters
            .Select(p => new ExpectedParameter(ParameterRole.Path(p.WireName), $"[{alias}({CSharp.StringLiteral(p.WireName)})]", spelling.Type(p.Type), CSharp.Identifier(p.ParameterName), null))
            .ToList();
        var parts = endpoint.BodyKind == BodyKind.Multipart ? contract.Models.First(m => m.Name == endpoint.BodyType).Fields : EquatableArray<FieldModel>.Empty;
        switch (endpoint.BodyKind)
        {
            case BodyKind.Json when endpoint.BodyArray is { } array:
                parameters.Add(new ExpectedParameter(ParameterRole.Body, $"[{body}(buffered: true)]", ElementSpelling(array, spelling) + "[]", "body", null));
                break;
            case BodyKind.Json:
                parameters.Add(new ExpectedParameter(ParameterRole.Body, $"[{body}(buffered: true)]", spelling.Model(endpoint.BodyType!), "body", null));
                break;
            case BodyKind.Form:
                parameters.Add(new ExpectedParameter(ParameterRole.Body, $"[{body}]", spelling.HttpContent, "form", null));
                break;
        }

        parameters.AddRange(parts.Where(f => f.Required).Select(f => Part(f, spelling)));
        string queryAttributes = endpoint.BodyKind == BodyKind.Multipart ? spelling.Attribute("Query") + ", " : string.Empty;
        parameters.AddRange(endpoint.Query
            .OrderBy(q => q.Required ? 0 : 1)
            .Select(q => new ExpectedParameter(
                ParameterRole.Query(q.WireName),
                $"[{queryAttributes}{alias}({CSharp.StringLiteral(q.WireName)})]",
                spelling.Type(q.Type) + (q.Default is null && !q.Required ? "?" : string.Empty),
                CSharp.Identifier(q.ParameterName),
                q.Default is { } value ? CSharp.Literal(value) : q.Required ? null : "null")));
        parameters.AddRange(parts.Where(f => !f.Required).Select(f => Part(f, spelling)));
        parameters.Add(new ExpectedParameter(ParameterRole.CancellationToken, string.Empty, spelling.CancellationToken, GeneratedNames.CancellationTokenParameter, "default"));
        return parameters;
    }

    private static ExpectedParameter Part(FieldModel field, Spelling spelling) => new(
        ParameterRole.Part(field.WireName),
        $"[{spelling.Attribute("AliasAs")}({CSharp.StringLiteral(field.WireName)})]",
        PartType(field, spelling) + (field.Required ? string.Empty : "?"),
        CSharp.Identifier(Identifiers.ToCamelCase(field.PropertyName)),
        field.Required ? null : "null");

    private static string Interfaces(ContractModel contract) => string.Join(" or ", contract.Interfaces);

    private static string Attribute(string method) => method.Substring(0, 1) + method.Substring(1).ToLowerInvariant();

    private static string List(List<string> keys) => keys.Count == 0 ? "none" : string.Join(", ", keys);
}
