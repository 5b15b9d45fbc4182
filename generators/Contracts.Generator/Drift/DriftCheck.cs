using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Contracts.Generator.Diagnostics;
using Contracts.Generator.Emitting;
using Contracts.Generator.Model;

namespace Contracts.Generator.Drift;

/// <summary>An endpoint of a contract and the hand-declared Refit method that calls it.</summary>
internal sealed record EndpointBinding(EndpointModel Endpoint, RefitMethodModel Method);

/// <summary>
/// Finds the hand-declared Refit method of each endpoint (by name, else by route) and reports
/// where it no longer matches the contract, so that a contract change points the team at the
/// line of their interface that is now wrong.
/// </summary>
internal static class DriftCheck
{
    public static (List<EndpointBinding> Bindings, List<DiagnosticInfo> Diagnostics) Run(ContractModel contract, EquatableArray<RefitMethodModel> methods)
    {
        var bindings = new List<EndpointBinding>();
        var diagnostics = new List<DiagnosticInfo>();
        string file = Path.GetFileName(contract.FilePath);
        foreach (var endpoint in contract.Endpoints)
        {
            var method = Find(endpoint, methods);
            if (method is null)
            {
                diagnostics.Add(Diagnostic(DiagnosticDescriptors.RefitMethodMissing, endpoint.Location, endpoint.Method, endpoint.Path, endpoint.Name, Example(contract, endpoint)));
                continue;
            }

            string where = method.InterfaceName + "." + method.MethodName;
            if (method.HttpMethod != endpoint.Method || method.Route != endpoint.Path)
            {
                diagnostics.Add(Diagnostic(
                    DiagnosticDescriptors.RefitRouteDrift,
                    method.Location,
                    where,
                    method.HttpMethod + " " + method.Route,
                    endpoint.Name,
                    file,
                    endpoint.Method + " " + endpoint.Path,
                    $"[{Attribute(endpoint.Method)}(\"{endpoint.Path}\")]"));
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
                diagnostics.Add(Diagnostic(
                    DiagnosticDescriptors.RefitQueryDrift,
                    method.Location,
                    where,
                    List(actual),
                    endpoint.Name,
                    file,
                    List(expected),
                    string.Join("; ", fixes)));
                continue;
            }

            bindings.Add(new EndpointBinding(endpoint, method));
        }

        return (bindings, diagnostics);
    }

    private static RefitMethodModel? Find(EndpointModel endpoint, EquatableArray<RefitMethodModel> methods)
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
        var parameters = endpoint.Query
            .Select(q => $"[AliasAs(\"{q.WireName}\")] {CSharp.ElementType(q.Type, contract.Namespace).Replace("global::", string.Empty)} {q.ParameterName}{(q.DefaultLiteral is null ? string.Empty : " = " + q.DefaultLiteral)}")
            .Append("CancellationToken cancellationToken = default");
        return $"[{Attribute(endpoint.Method)}(\"{endpoint.Path}\")] {returns} {endpoint.Name}Async({string.Join(", ", parameters)});";
    }

    private static string Attribute(string method) => method.Substring(0, 1) + method.Substring(1).ToLowerInvariant();

    private static string List(List<string> keys) => keys.Count == 0 ? "none" : string.Join(", ", keys);

    private static DiagnosticInfo Diagnostic(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, SourceLocation location, params string[] arguments) =>
        new(descriptor.Id, location, arguments.ToEquatableArray());
}
