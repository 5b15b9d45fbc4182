using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Contracts.Generator.Model;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Emitting;

/// <summary>
/// Emits wait, watch and snapshot extension methods on the hand-declared Refit interface for an
/// endpoint with polling annotations. The methods only describe the batch (fetch, id, outcome,
/// rate limit); the waiting itself is <c>Contracts.Runtime.Polling.BatchWaiter</c>.
/// </summary>
internal static class PollingEmitter
{
    public static string Emit(string ns, bool hasEnvelope, EndpointBinding binding)
    {
        var endpoint = binding.Endpoint;
        var polling = endpoint.Polling!;
        var method = binding.Method;
        string api = method.InterfaceFullName;
        string item = CSharp.TypeName(ns, polling.ItemType);
        string idType = CSharp.ElementType(polling.IdType, ns);
        string batchPoll = $"{KnownTypes.BatchPoll}<{item}, {idType}>";
        string snapshot = $"{KnownTypes.BatchSnapshot}<{item}>";
        string route = endpoint.Method + " " + endpoint.Path;
        var methodParameters = Parameters(binding, ns);
        string parameters = string.Concat(methodParameters.Select(p => $", {p.Type} {CSharp.Identifier(p.Name)}{(p.Default is null ? string.Empty : " = " + p.Default)}"));
        string arguments = string.Join(", ", methodParameters.Select(p => CSharp.Identifier(p.Name)));
        string paramDocs = string.Concat(methodParameters.Select(p => $"\n/// <param name=\"{p.Name}\">{p.Doc}</param>"));
        string poll = GeneratedNames.Poll(polling.Name);
        string status = $"{GeneratedNames.ItemLambda}.{polling.StatusProperty}" + (polling.StatusRequired ? string.Empty : ".GetValueOrDefault()");
        string token = GeneratedNames.FetchToken;
        string cancellationToken = GeneratedNames.CancellationTokenParameter;

        var writer = SourceWriter.ForFile(ns);
        DocComment.Write(
            writer,
            $"Waits on {DocComment.Code(route)} until every item has finished, through <see cref=\"{api}.{method.MethodName}\"/>.",
            polling.EmptyIsAmbiguous
                ? "An empty answer is ambiguous (not started yet, or unknown): it is tolerated for the grace period, then reported as <see cref=\"" + KnownTypes.WaitOutcome + ".NotFoundOrNotStarted\"/>."
                : null);
        writer.Line(CSharp.GeneratedCodeAttribute);
        using (writer.Block($"{(method.Access == InterfaceAccess.Public ? "public" : "internal")} static partial class {GeneratedNames.PollingExtensions(endpoint.Name)}"))
        {
            writer.Lines($$"""
                /// <summary>The shortest interval the endpoint's rate limit allows between requests{{RateText(endpoint)}}.</summary>
                public static readonly {{KnownTypes.TimeSpan}} MinimumInterval = {{Interval(endpoint)}};

                /// <summary>Describes the batch for <see cref="{{KnownTypes.BatchWaiter}}"/>: how to fetch it, key its items and read their status.</summary>
                /// <param name="api">The Refit client.</param>{{paramDocs}}
                public static {{batchPoll}} {{poll}}(this {{api}} api{{parameters}})
                {
                    {{KnownTypes.ArgumentNullException}}.ThrowIfNull(api);
                    return new {{batchPoll}}(
                        async {{token}} => {{FetchExpression(ns, hasEnvelope, binding, token)}},
                        static {{GeneratedNames.ItemLambda}} => {{GeneratedNames.ItemLambda}}.{{polling.IdProperty}},
                        static {{GeneratedNames.ItemLambda}} => {{CSharp.TypeName(ns, GeneratedNames.EnumExtensions(polling.StatusEnum))}}.GetOutcome({{status}}))
                    {
                        MinimumInterval = MinimumInterval,
                        EmptyIsAmbiguous = {{CSharp.Bool(polling.EmptyIsAmbiguous)}},
                        ClassifyFault = ClassifyRefitFault,
                        Subject = {{CSharp.StringLiteral(route)}},
                        Key = {{KnownTypes.BatchKey}}.Of({{CSharp.StringLiteral(route)}}{{string.Concat(methodParameters.Select(p => ", " + CSharp.Identifier(p.Name)))}}),{{BatchId(polling)}}{{Budget(endpoint)}}
                    };
                }

                /// <summary>Polls until every item has finished, the deadline comes, or nothing appears in time.</summary>
                /// <param name="api">The Refit client.</param>{{paramDocs}}
                /// <param name="options">Timeouts and delays; <c>MinDelay</c> may not be shorter than <see cref="MinimumInterval"/>.</param>
                /// <param name="progress">Receives one snapshot per poll.</param>
                /// <param name="{{cancellationToken}}">Stops the wait; never reported as a timeout.</param>
                /// <returns>How the wait ended and where every item stands.</returns>
                public static {{KnownTypes.Task}}<{{KnownTypes.WaitResult}}<{{item}}>> {{GeneratedNames.WaitFor(polling.Name)}}(
                    this {{api}} api{{parameters}},
                    {{KnownTypes.PollingOptions}}? options = null,
                    {{KnownTypes.Progress}}<{{snapshot}}>? progress = null,
                    {{KnownTypes.CancellationToken}} {{cancellationToken}} = default) =>
                    {{KnownTypes.BatchWaiter}}.WaitAsync(api.{{poll}}({{arguments}}), options, progress, {{cancellationToken}});

                /// <summary>The same wait as a stream of snapshots, one per poll, ending with the final one.</summary>
                /// <param name="api">The Refit client.</param>{{paramDocs}}
                /// <param name="options">Timeouts and delays.</param>
                /// <param name="{{cancellationToken}}">Stops the wait.</param>
                /// <returns>The snapshots.</returns>
                public static {{KnownTypes.AsyncEnumerable}}<{{snapshot}}> {{GeneratedNames.Watch(polling.Name)}}(
                    this {{api}} api{{parameters}},
                    {{KnownTypes.PollingOptions}}? options = null,
                    {{KnownTypes.CancellationToken}} {{cancellationToken}} = default) =>
                    {{KnownTypes.BatchWaiter}}.WatchAsync(api.{{poll}}({{arguments}}), options, {{cancellationToken}});

                /// <summary>Polls once and classifies the items, without waiting.</summary>
                /// <param name="api">The Refit client.</param>{{paramDocs}}
                /// <param name="{{cancellationToken}}">Cancels the request.</param>
                /// <returns>The snapshot; its outcome is set only when every item has finished.</returns>
                public static {{KnownTypes.Task}}<{{snapshot}}> {{GeneratedNames.Snapshot(polling.Name)}}(
                    this {{api}} api{{parameters}},
                    {{KnownTypes.CancellationToken}} {{cancellationToken}} = default) =>
                    {{KnownTypes.BatchWaiter}}.SnapshotAsync(api.{{poll}}({{arguments}}), null, {{cancellationToken}});

                /// <summary>Refit's errors: HTTP statuses by their meaning (redirects are not followed), send failures as transient.</summary>
                private static {{KnownTypes.PollFault}}? ClassifyRefitFault({{KnownTypes.Exception}} {{GeneratedNames.ErrorLambda}}) => {{GeneratedNames.ErrorLambda}} switch
                {
                    {{KnownTypes.RefitApiException}} response => {{KnownTypes.PollFault}}.FromHttpResponse(response.StatusCode, response.ReasonPhrase, response.Headers, response),
                    {{KnownTypes.RefitApiRequestException}} request => {{KnownTypes.PollFault}}.Transient(request),
                    _ => null,
                };
                """);
        }

        return writer.ToString();
    }

    /// <summary>
    /// The parameters of every polling method: the contract's path and query parameters, then
    /// whatever else the Refit method takes (headers, properties), required ones before optional
    /// ones as C# wants.
    /// </summary>
    private static List<MethodParameter> Parameters(EndpointBinding binding, string ns)
    {
        var all = binding.Endpoint.PathParameters
            .Select(p => new MethodParameter(
                p.ParameterName,
                CSharp.ElementType(p.Type, ns),
                null,
                p.Description is null ? "The " + DocComment.Code("{" + p.WireName + "}") + " path parameter." : DocComment.EscapeInline(p.Description)))
            .Concat(binding.Endpoint.Query
            .Select(q => new MethodParameter(
                q.ParameterName,
                CSharp.QueryParameter(q, binding.Method, ns).Type,
                CSharp.QueryParameter(q, binding.Method, ns).Default,
                q.Description is null ? "The " + DocComment.Code(q.WireName) + " query parameter." : DocComment.EscapeInline(q.Description))))
            .Concat(binding.Method.Parameters
                .Where(p => p.QueryKey is null && p.PathKey is null && !p.IsCancellationToken)
                .Select(p => new MethodParameter(p.Name, p.Type, p.DefaultValue, $"Passed to <see cref=\"{binding.Method.InterfaceFullName}.{binding.Method.MethodName}\"/> as it is.")))
            .ToList();
        return all.Where(p => p.Default is null).Concat(all.Where(p => p.Default is not null)).ToList();
    }

    /// <summary>The <c>BatchId</c> initializer line, when the contract names the parameter that identifies the batch.</summary>
    private static string BatchId(PollingModel polling) => polling.BatchIdParameter is not { } name
        ? string.Empty
        : "\n        BatchId = " + CSharp.Identifier(name) + (polling.BatchIdIsString ? string.Empty : ".ToString(" + KnownTypes.InvariantCulture + ")") + ",";

    /// <summary>The budget family the poll spends, which its requests' telemetry names; nothing when the contract gives none.</summary>
    private static string Budget(EndpointModel endpoint) => endpoint.RateLimit is { Budget.Length: > 0 } limit
        ? "\n        Budget = " + CSharp.StringLiteral(limit.Budget) + ","
        : string.Empty;

    private sealed record MethodParameter(string Name, string Type, string? Default, string Doc);

    /// <summary>The call of the Refit method, unwrapped to the list of items.</summary>
    private static string FetchExpression(string ns, bool hasEnvelope, EndpointBinding binding, string token)
    {
        var endpoint = binding.Endpoint;
        var polling = endpoint.Polling!;
        var arguments = binding.Method.Parameters
            .Select(p => CSharp.Identifier(p.Name) + ": " + (p.IsCancellationToken
                ? token
                : CSharp.Identifier(
                    p.QueryKey is { } key ? endpoint.Query.First(q => q.WireName == key).ParameterName
                    : p.PathKey is { } placeholder ? endpoint.PathParameters.First(q => q.WireName == placeholder).ParameterName
                    : p.Name)));
        string call = $"{KnownTypes.BatchWaiter}.RequireAnswer(await api.{binding.Method.MethodName}({string.Join(", ", arguments)}).ConfigureAwait(false), {CSharp.StringLiteral(endpoint.Method + " " + endpoint.Path)})";
        string empty = $"{KnownTypes.Array}.Empty<{CSharp.TypeName(ns, polling.ItemType)}>()";
        return !hasEnvelope
            ? $"{call}.{polling.ItemsProperty}"
            : $"{call}.EnsureSuccess().Data?.{polling.ItemsProperty} ?? {empty}";
    }

    private static string Interval(EndpointModel endpoint)
    {
        if (endpoint.RateLimit is not { } limit)
        {
            return KnownTypes.TimeSpan + ".Zero";
        }

        return CSharp.Interval(limit.IntervalTicks);
    }

    private static string RateText(EndpointModel endpoint) => endpoint.RateLimit is { } limit
        ? $" ({limit.Requests} per {limit.PerSeconds} s)"
        : " (the contract declares none)";
}
