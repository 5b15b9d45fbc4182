using System.Globalization;
using System.Linq;
using Contracts.Generator.Drift;
using Contracts.Generator.Model;

namespace Contracts.Generator.Emitting;

/// <summary>
/// Emits wait, watch and snapshot extension methods on the hand-declared Refit interface for an
/// endpoint with polling annotations. The methods only describe the batch (fetch, id, outcome,
/// rate limit); the waiting itself is <c>Contracts.Runtime.Polling.BatchWaiter</c>.
/// </summary>
internal static class PollingEmitter
{
    private const string Polling = "global::Contracts.Runtime.Polling";

    public static string ClassName(EndpointModel endpoint) => endpoint.Name + "PollingExtensions";

    public static string Emit(ContractModel contract, EndpointBinding binding)
    {
        var endpoint = binding.Endpoint;
        var polling = endpoint.Polling!;
        var method = binding.Method;
        string ns = contract.Namespace;
        string api = method.InterfaceFullName;
        string item = $"global::{ns}.{polling.ItemType}";
        string idType = IdType(contract, polling);
        string route = endpoint.Method + " " + endpoint.Path;
        string parameters = string.Concat(endpoint.Query.Select(q => $", {CSharp.ElementType(q.Type, ns)} {q.ParameterName}{(q.DefaultLiteral is null ? string.Empty : " = " + q.DefaultLiteral)}"));
        string arguments = string.Concat(endpoint.Query.Select(q => ", " + q.ParameterName));
        string paramDocs = string.Concat(endpoint.Query.Select(q => $"\n/// <param name=\"{q.ParameterName}\">{CSharp.Described(q.Description, "The " + CSharp.Code(q.WireName) + " query parameter.")}</param>"));

        var writer = CSharp.NewFile(ns);
        CSharp.Doc(
            writer,
            $"Waits on {CSharp.Code(route)} until every item has finished, through <see cref=\"{api}.{method.MethodName}\"/>.",
            polling.EmptyIsAmbiguous
                ? "An empty answer is ambiguous (not started yet, or unknown): it is tolerated for the grace period, then reported as <see cref=\"" + Polling + ".WaitOutcome.NotFoundOrNotStarted\"/>."
                : null);
        writer.Line(CSharp.GeneratedCodeAttribute);
        using (writer.Block($"public static partial class {ClassName(endpoint)}"))
        {
            writer.Lines($$"""
                /// <summary>The shortest interval the endpoint's rate limit allows between requests{{RateText(endpoint)}}.</summary>
                public static readonly global::System.TimeSpan MinimumInterval = {{Interval(endpoint)}};

                /// <summary>Describes the batch for <see cref="{{Polling}}.BatchWaiter"/>: how to fetch it, key its items and read their status.</summary>
                /// <param name="api">The Refit client.</param>{{paramDocs}}
                public static {{Polling}}.BatchPoll<{{item}}, {{idType}}> {{polling.Name}}Poll(this {{api}} api{{parameters}})
                {
                    global::System.ArgumentNullException.ThrowIfNull(api);
                    return new {{Polling}}.BatchPoll<{{item}}, {{idType}}>(
                        async cancellationToken => {{FetchExpression(contract, binding)}},
                        static item => item.{{polling.IdProperty}},
                        static item => global::{{ns}}.{{polling.StatusEnum}}Extensions.GetOutcome(item.{{polling.StatusProperty}}))
                    {
                        MinimumInterval = MinimumInterval,
                        EmptyIsAmbiguous = {{(polling.EmptyIsAmbiguous ? "true" : "false")}},
                        ClassifyFault = ClassifyRefitFault,
                        Subject = {{CSharp.StringLiteral(route)}},
                    };
                }

                /// <summary>Polls until every item has finished, the deadline comes, or nothing appears in time.</summary>
                /// <param name="api">The Refit client.</param>{{paramDocs}}
                /// <param name="options">Timeouts and delays; <c>MinDelay</c> may not be shorter than <see cref="MinimumInterval"/>.</param>
                /// <param name="progress">Receives one snapshot per poll.</param>
                /// <param name="ct">Stops the wait; never reported as a timeout.</param>
                /// <returns>How the wait ended and where every item stands.</returns>
                public static global::System.Threading.Tasks.Task<{{Polling}}.WaitResult<{{item}}>> WaitFor{{polling.Name}}Async(
                    this {{api}} api{{parameters}},
                    {{Polling}}.PollingOptions? options = null,
                    global::System.IProgress<{{Polling}}.BatchSnapshot<{{item}}>>? progress = null,
                    global::System.Threading.CancellationToken ct = default) =>
                    {{Polling}}.BatchWaiter.WaitAsync(api.{{polling.Name}}Poll({{arguments.TrimStart(',', ' ')}}), options, progress, ct);

                /// <summary>The same wait as a stream of snapshots, one per poll, ending with the final one.</summary>
                /// <param name="api">The Refit client.</param>{{paramDocs}}
                /// <param name="options">Timeouts and delays.</param>
                /// <param name="ct">Stops the wait.</param>
                /// <returns>The snapshots.</returns>
                public static global::System.Collections.Generic.IAsyncEnumerable<{{Polling}}.BatchSnapshot<{{item}}>> Watch{{polling.Name}}Async(
                    this {{api}} api{{parameters}},
                    {{Polling}}.PollingOptions? options = null,
                    global::System.Threading.CancellationToken ct = default) =>
                    {{Polling}}.BatchWaiter.WatchAsync(api.{{polling.Name}}Poll({{arguments.TrimStart(',', ' ')}}), options, ct);

                /// <summary>Polls once and classifies the items, without waiting.</summary>
                /// <param name="api">The Refit client.</param>{{paramDocs}}
                /// <param name="ct">Cancels the request.</param>
                /// <returns>The snapshot; its outcome is set only when every item has finished.</returns>
                public static global::System.Threading.Tasks.Task<{{Polling}}.BatchSnapshot<{{item}}>> Get{{polling.Name}}SnapshotAsync(
                    this {{api}} api{{parameters}},
                    global::System.Threading.CancellationToken ct = default) =>
                    {{Polling}}.BatchWaiter.SnapshotAsync(api.{{polling.Name}}Poll({{arguments.TrimStart(',', ' ')}}), null, ct);

                /// <summary>Refit's errors: HTTP statuses by their meaning, send failures as transient.</summary>
                private static {{Polling}}.PollFault? ClassifyRefitFault(global::System.Exception error) => error switch
                {
                    global::Refit.ApiException response => {{Polling}}.PollFault.FromHttpStatus(response.StatusCode, response.ReasonPhrase, response.Headers.RetryAfter, response),
                    global::Refit.ApiRequestException request => {{Polling}}.PollFault.Transient(request),
                    _ => null,
                };
                """);
        }

        return writer.ToString();
    }

    /// <summary>The call of the Refit method, unwrapped to the list of items.</summary>
    private static string FetchExpression(ContractModel contract, EndpointBinding binding)
    {
        var endpoint = binding.Endpoint;
        var polling = endpoint.Polling!;
        var arguments = binding.Method.Parameters
            .Select(p => p.IsCancellationToken
                ? $"{p.Name}: cancellationToken"
                : $"{p.Name}: {endpoint.Query.First(q => q.WireName == p.QueryKey).ParameterName}");
        string call = $"await api.{binding.Method.MethodName}({string.Join(", ", arguments)}).ConfigureAwait(false)";
        string empty = $"global::System.Array.Empty<global::{contract.Namespace}.{polling.ItemType}>()";
        return contract.Envelope is null
            ? $"({call}).{polling.ItemsProperty}"
            : $"({call}).EnsureSuccess().Data?.{polling.ItemsProperty} ?? {empty}";
    }

    private static string IdType(ContractModel contract, PollingModel polling)
    {
        var field = contract.Models.First(m => m.Name == polling.ItemType).Fields.First(f => f.PropertyName == polling.IdProperty);
        return CSharp.ElementType(field.Type, contract.Namespace);
    }

    private static string Interval(EndpointModel endpoint)
    {
        if (endpoint.RateLimit is not { } limit)
        {
            return "global::System.TimeSpan.Zero";
        }

        long ticks = limit.PerSeconds * 10_000_000L / limit.Requests;
        return $"global::System.TimeSpan.FromTicks({ticks.ToString(CultureInfo.InvariantCulture)})";
    }

    private static string RateText(EndpointModel endpoint) => endpoint.RateLimit is { } limit
        ? $" ({limit.Requests} per {limit.PerSeconds} s)"
        : " (the contract declares none)";
}
