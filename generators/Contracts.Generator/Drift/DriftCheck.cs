using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Contracts.Generator.Diagnostics;
using Contracts.Generator.Emitting;
using Contracts.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Contracts.Generator.Drift;

/// <summary>An endpoint of a contract and the hand-declared Refit method that calls it.</summary>
internal sealed record EndpointBinding(EndpointModel Endpoint, RefitMethodModel Method);

/// <summary>
/// What the drift check found, without locations: the endpoints bound to a matching method, and
/// each mismatch with the method (or, for a missing method, the endpoint) it concerns.
/// </summary>
internal sealed record DriftResult(List<EndpointBinding> Bindings, List<DriftProblem> Problems);

/// <summary>One mismatch between a contract endpoint and the Refit interface.</summary>
internal sealed record DriftProblem(DiagnosticDescriptor Descriptor, EndpointModel Endpoint, RefitMethodModel? Method, string[] Arguments);

/// <summary>
/// Finds the hand-declared Refit method of each endpoint (by name, else by route) and reports
/// where it no longer matches the contract, so that a contract change points the team at the
/// line of their interface that is now wrong. <see cref="Run"/> needs no location, so the emit
/// step can bind without depending on where anything is; <see cref="Diagnose"/> adds them.
/// </summary>
internal static class DriftCheck
{
    public static DriftResult Run(ContractModel contract, IReadOnlyList<RefitMethodModel> methods)
    {
        var bindings = new List<EndpointBinding>();
        var problems = new List<DriftProblem>();
        string file = Path.GetFileName(contract.FilePath);
        foreach (var endpoint in contract.Endpoints)
        {
            var method = Find(endpoint, methods);
            if (method is null)
            {
                problems.Add(new DriftProblem(DiagnosticDescriptors.RefitMethodMissing, endpoint, null, new[] { endpoint.Method, endpoint.Path, endpoint.Name, Example(contract, endpoint) }));
                continue;
            }

            string where = method.InterfaceName + "." + method.MethodName;
            if (method.HttpMethod != endpoint.Method || method.Route != endpoint.Path)
            {
                problems.Add(new DriftProblem(
                    DiagnosticDescriptors.RefitRouteDrift,
                    endpoint,
                    method,
                    new[] { where, method.HttpMethod + " " + method.Route, endpoint.Name, file, endpoint.Method + " " + endpoint.Path, $"[{Attribute(endpoint.Method)}(\"{endpoint.Path}\")]" }));
                continue;
            }

            var expected = endpoint.Query.Select(q => q.WireName).ToList();
            var actual = method.Parameters.Where(p => p.QueryKey is not null).Select(p => p.QueryKey!).ToList();
            var missing = expected.Except(actual, StringComparer.Ordinal).ToList();
            var unexpected = actual.Except(expected, StringComparer.Ordinal).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
            {
                var fixes = new List<string>();
                fixes.AddRange(missing.Select(key => $"add a parameter [AliasAs(\"{key}\")]"));
                fixes.AddRange(unexpected.Select(key => $"remove or rename the parameter sent as '{key}'"));
                problems.Add(new DriftProblem(
                    DiagnosticDescriptors.RefitQueryDrift,
                    endpoint,
                    method,
                    new[] { where, List(actual), endpoint.Name, file, List(expected), string.Join("; ", fixes) }));
                continue;
            }

            if (BodyProblem(endpoint, method, file) is { } body)
            {
                problems.Add(new DriftProblem(DiagnosticDescriptors.RefitBodyDrift, endpoint, method, new[] { where, body.Actual, endpoint.Name, file, body.Expected, body.Fix }));
                continue;
            }

            string expectedReturn = "Task<" + (contract.Envelope is { } envelope ? envelope.TypeName + "<" + endpoint.ResponseType + ">" : endpoint.ResponseType) + ">";
            if (endpoint.Polling is not null && method.ReturnType != expectedReturn)
            {
                problems.Add(new DriftProblem(DiagnosticDescriptors.RefitReturnTypeDrift, endpoint, method, new[] { where, method.ReturnType, endpoint.Name, expectedReturn }));
                continue;
            }

            if (ParameterProblem(endpoint, method) is { } problem)
            {
                problems.Add(new DriftProblem(DiagnosticDescriptors.RefitParameterUnsupported, endpoint, method, new[] { where, problem.Parameter, problem.Reason }));
                continue;
            }

            bindings.Add(new EndpointBinding(endpoint, method));
        }

        return new DriftResult(bindings, problems);
    }

    /// <summary>The drift check's diagnostics, located at the endpoint (missing method) or the Refit method (mismatch).</summary>
    public static IEnumerable<DiagnosticInfo> Diagnose(ContractModel contract, EquatableArray<EndpointLocation> endpoints, EquatableArray<RefitMethodSite> sites)
    {
        var methods = sites.Select(s => s.Method).ToList();
        foreach (var problem in Run(contract, methods).Problems)
        {
            var location = problem.Method is { } method
                ? sites.First(s => s.Method == method).Location
                : endpoints.FirstOrDefault(e => e.EndpointName == problem.Endpoint.Name)?.Location;
            yield return new DiagnosticInfo(problem.Descriptor.Id, location, problem.Arguments.ToEquatableArray());
        }
    }

    /// <summary>The <c>[Body]</c> parameter against the contract's body model, if they differ.</summary>
    private static (string Actual, string Expected, string Fix)? BodyProblem(EndpointModel endpoint, RefitMethodModel method, string file)
    {
        var bodies = method.Parameters.Where(p => p.IsBody).ToList();
        string actual = bodies.Count == 0 ? "sends no [Body]" : "sends [Body] " + string.Join(", ", bodies.Select(b => b.UnqualifiedType + " " + b.Name));
        if (endpoint.BodyType is null)
        {
            return bodies.Count == 0 ? null : (actual, "declares no body", "remove the [Body] parameter, or add \"body\" to the endpoint in " + file);
        }

        return bodies.Count == 1 && bodies[0].UnqualifiedType.TrimEnd('?') == endpoint.BodyType
            ? null
            : (actual, "sends " + endpoint.BodyType, "declare one parameter [Body(buffered: true)] " + endpoint.BodyType + " body");
    }

    /// <summary>
    /// The first parameter the generated polling methods could not pass on: a query parameter of
    /// another type than the contract's, or a parameter the contract does not know (a header, a
    /// property) whose name the polling methods already use.
    /// </summary>
    private static (string Parameter, string Reason)? ParameterProblem(EndpointModel endpoint, RefitMethodModel method)
    {
        if (endpoint.Polling is null)
        {
            return null;
        }

        var taken = new HashSet<string>(GeneratedNames.PollingParameterNames, StringComparer.Ordinal);
        foreach (var query in endpoint.Query)
        {
            taken.Add(query.ParameterName);
        }

        foreach (var parameter in method.Parameters.Where(p => !p.IsCancellationToken))
        {
            if (parameter.QueryKey is { } key)
            {
                var query = endpoint.Query.First(q => q.WireName == key);
                string expected = CSharp.ElementType(query.Type, string.Empty);
                if (parameter.Type.TrimEnd('?') != expected)
                {
                    return (parameter.Name, $"it is {parameter.Type}, but the contract declares query key '{key}' as {expected}; declare it as {expected}");
                }
            }
            else if (!taken.Add(parameter.Name))
            {
                return (parameter.Name, "the generated polling methods already take a parameter of that name (the contract's query parameters, " + string.Join(", ", GeneratedNames.PollingParameterNames) + "); rename it");
            }
        }

        return null;
    }

    private static RefitMethodModel? Find(EndpointModel endpoint, IReadOnlyList<RefitMethodModel> methods)
    {
        var byName = methods.Where(m => m.MethodName == endpoint.Name || m.MethodName == endpoint.Name + "Async").ToList();
        return byName.FirstOrDefault(m => m.Route == endpoint.Path)
            ?? byName.FirstOrDefault()
            ?? methods.FirstOrDefault(m => m.HttpMethod == endpoint.Method && m.Route == endpoint.Path);
    }

    private static string Example(ContractModel contract, EndpointModel endpoint)
    {
        string data = endpoint.ResponseType;
        string returns = contract.Envelope is { } envelope ? $"Task<{envelope.TypeName}<{data}>>" : $"Task<{data}>";
        var parameters = endpoint.PathParameters
            .Select(p => $"[AliasAs(\"{p.WireName}\")] {CSharp.ElementType(p.Type, contract.Namespace).Replace("global::", string.Empty)} {p.ParameterName}")
            .Concat(endpoint.BodyType is { } body ? new[] { $"[Body(buffered: true)] {body} body" } : Array.Empty<string>())
            .Concat(endpoint.Query
                .OrderBy(q => q.Default is null ? 0 : 1)
                .Select(q => $"[AliasAs(\"{q.WireName}\")] {CSharp.ElementType(q.Type, contract.Namespace).Replace("global::", string.Empty)} {q.ParameterName}{(q.Default is null ? string.Empty : " = " + CSharp.Literal(q.Default))}"))
            .Append("CancellationToken cancellationToken = default");
        return $"[{Attribute(endpoint.Method)}(\"{endpoint.Path}\")] {returns} {endpoint.Name}Async({string.Join(", ", parameters)});";
    }

    private static string Attribute(string method) => method.Substring(0, 1) + method.Substring(1).ToLowerInvariant();

    private static string List(List<string> keys) => keys.Count == 0 ? "none" : string.Join(", ", keys);
}
