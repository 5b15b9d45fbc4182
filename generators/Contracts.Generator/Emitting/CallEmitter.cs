using System.Collections.Generic;
using System.Linq;
using Contracts.Generator.Model;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Emitting;

/// <summary>
/// Emits the calls that take over from an endpoint's Refit method where the wire form is the
/// contract's to write or read: a form or multipart body written from its model (files streamed,
/// their bytes counted), a file answer (<c>FileAnswer</c>), a stream of events (<c>EventStream</c>).
/// The calls only describe the request and the answer; the work is the runtime's.
/// </summary>
internal static class CallEmitter
{
    public static string Emit(string ns, EnvelopeModel? envelope, ObjectModel? body, EndpointBinding binding)
    {
        var endpoint = binding.Endpoint;
        var method = binding.Method;
        string api = method.InterfaceFullName;
        string route = endpoint.Method + " " + endpoint.Path;
        var writer = SourceWriter.ForFile(ns);
        DocComment.Write(writer, $"The calls of {DocComment.Code(route)} that write or read what <see cref=\"{api}.{method.MethodName}\"/> leaves to the contract.");
        writer.Line(CSharp.GeneratedCodeAttribute);
        using (writer.Block($"{(method.Access == InterfaceAccess.Public ? "public" : "internal")} static partial class {GeneratedNames.CallExtensions(endpoint.Name)}"))
        {
            if (endpoint.Answer != AnswerKind.Json)
            {
                WriteEnvelopeShape(writer, envelope, ns);
                writer.Line();
            }

            if (endpoint.Events is { } events)
            {
                WriteEventFormat(writer, events, ns);
                writer.Line();
            }

            var parameters = Parameters(binding, body, ns);
            string declared = string.Concat(parameters.Select(p => $", {p.Type} {CSharp.Identifier(p.Name)}{(p.Default is null ? string.Empty : " = " + p.Default)}"));
            string docs = string.Concat(parameters.Select(p => $"\n/// <param name=\"{p.Name}\">{p.Doc}</param>"));
            string token = GeneratedNames.CancellationTokenParameter;
            string call = Call(method.MethodName, Arguments(binding, body, ns, token).ToList());
            string cancellation = $"{KnownTypes.CancellationToken} {token} = default";
            string checks = body is null ? string.Empty : $"\n    {KnownTypes.ArgumentNullException}.ThrowIfNull({GeneratedNames.RequestParameter});";
            switch (endpoint.Answer)
            {
                case AnswerKind.File:
                    writer.Lines($$"""
                        /// <summary>Sends {{DocComment.Code(route)}} and reads the file it answers, as it arrives.</summary>
                        /// <param name="api">The Refit client.</param>{{docs}}
                        /// <param name="{{token}}">Cancels the request.</param>
                        /// <returns>The file: a stream read from the connection, with its media type, length and name. Dispose it to close the connection.</returns>
                        /// <exception cref="{{KnownTypes.ApiResponseException}}">The API answered its envelope with an error code instead of the file.</exception>
                        public static async {{KnownTypes.Task}}<{{KnownTypes.FileAnswer}}> {{GeneratedNames.FileCall(endpoint.Name)}}(this {{api}} api{{declared}}, {{cancellation}})
                        {
                            {{KnownTypes.ArgumentNullException}}.ThrowIfNull(api);{{checks}}{{Preconditions(binding, body)}}
                            var response = await {{call}}.ConfigureAwait(false);
                            return await {{KnownTypes.FileAnswer}}.ReadAsync(response, Envelope, {{token}}).ConfigureAwait(false);
                        }
                        """);
                    break;
                case AnswerKind.Events:
                    string eventType = CSharp.TypeName(ns, endpoint.Events!.TypeName);
                    string send = Call(method.MethodName, Arguments(binding, body, ns, GeneratedNames.FetchToken).ToList()).Replace("\n", "\n    ");
                    writer.Lines($$"""
                        /// <summary>Sends {{DocComment.Code(route)}} when the enumeration starts, and yields each event of the stream it answers as soon as it has arrived.</summary>
                        /// <param name="api">The Refit client.</param>{{docs}}
                        /// <param name="{{token}}">Stops the stream and closes the connection.</param>
                        /// <returns>The events, until the stream's end marker.</returns>
                        /// <exception cref="{{KnownTypes.ApiResponseException}}">The API answered, or sent in the stream, its envelope with an error code.</exception>
                        /// <exception cref="{{KnownTypes.EventStreamFailedException}}">The stream ended with the API's error text.</exception>
                        /// <exception cref="{{KnownTypes.EventStreamEndedException}}">The stream ended without its end marker: the events before it are all there is.</exception>
                        public static {{KnownTypes.AsyncEnumerable}}<{{eventType}}> {{GeneratedNames.EventsCall(endpoint.Name)}}(this {{api}} api{{declared}}, {{cancellation}})
                        {
                            {{KnownTypes.ArgumentNullException}}.ThrowIfNull(api);{{checks}}{{Preconditions(binding, body)}}
                            return {{KnownTypes.EventStream}}.SendAsync(
                                {{GeneratedNames.FetchToken}} => {{send}},
                                Format,
                                {{token}});
                        }
                        """);
                    break;
                default:
                    string kind = endpoint.BodyKind == BodyKind.Form ? "as a form" : "as a multipart request, its files streamed";
                    writer.Lines($$"""
                        /// <summary>Sends {{DocComment.Code(route)}} with <paramref name="{{GeneratedNames.RequestParameter}}"/> {{kind}}.</summary>
                        /// <param name="api">The Refit client.</param>{{docs}}
                        /// <param name="{{token}}">Cancels the request.</param>
                        /// <returns>The answer, as <see cref="{{api}}.{{method.MethodName}}"/> returns it.</returns>
                        public static {{Answer(envelope, endpoint, ns)}} {{GeneratedNames.BodyCall(endpoint.Name)}}(this {{api}} api{{declared}}, {{cancellation}})
                        {
                            {{KnownTypes.ArgumentNullException}}.ThrowIfNull(api);{{checks}}{{Preconditions(binding, body)}}
                            return {{call}};
                        }
                        """);
                    break;
            }
        }

        return writer.ToString();
    }

    /// <summary>
    /// The Refit method's call, its arguments by name: on one line when there are two at most, else
    /// one per line, indented under the statement it is part of.
    /// </summary>
    private static string Call(string methodName, List<string> arguments) =>
        arguments.Count <= 2
            ? "api." + methodName + "(" + string.Join(", ", arguments) + ")"
            : "api." + methodName + "(\n        " + string.Join(",\n        ", arguments) + ")";

    /// <summary>What the Refit method returns for an answer in JSON (the drift check has made sure of it).</summary>
    private static string Answer(EnvelopeModel? envelope, EndpointModel endpoint, string ns)
    {
        string data = CSharp.ResponseData(ns, endpoint);
        return $"{KnownTypes.Task}<{(envelope is null ? data : CSharp.TypeName(ns, envelope.TypeName) + "<" + data + ">")}>";
    }

    private static void WriteEnvelopeShape(SourceWriter writer, EnvelopeModel? envelope, string ns)
    {
        string value = envelope is null
            ? "null"
            : $"new({CSharp.StringLiteral(envelope.CodeWire)}, {CSharp.StringLiteral(envelope.MessageWire)}, {CSharp.StringLiteral(envelope.DataWire)}, {CSharp.StringLiteral(envelope.SuccessCode)}, {CSharp.TypeName(ns, GeneratedNames.BusinessCodes(envelope.TypeName))}.Find)";
        writer.Lines($$"""
            // How the API's envelope reads, for an error answered in place of the file or the events.
            private static readonly {{KnownTypes.EnvelopeShape}}? Envelope = {{value}};
            """);
    }

    private static void WriteEventFormat(SourceWriter writer, EventsModel events, string ns)
    {
        string type = CSharp.TypeName(ns, events.TypeName);
        string end = events.EndData.Count == 0 ? "[]" : "[" + string.Join(", ", events.EndData.Select(CSharp.StringLiteral)) + "]";
        writer.Lines($$"""
            // How the stream reads: what names an event's kind, how to decode one, what ends the stream.
            private static readonly {{KnownTypes.EventStreamFormat}}<{{type}}> Format = new()
            {
                Discriminator = {{CSharp.StringLiteral(events.Discriminator)}},
                Decode = {{type}}.Decode,
                Kinds = new({{string.Join(", ", events.Kinds.Select(k => CSharp.StringLiteral(k.Wire)))}}),
                Envelope = Envelope,
                EndData = {{end}},
                EndField = {{(events.EndField is null ? "null" : CSharp.StringLiteral(events.EndField))}},
                EndValue = {{(events.EndValue is null ? "null" : CSharp.StringLiteral(events.EndValue))}},
            };
            """);
    }

    /// <summary>Statements before the call: a required file or text part that is null is an error before anything is sent.</summary>
    private static string Preconditions(EndpointBinding binding, ObjectModel? body)
    {
        if (binding.Endpoint.BodyKind != BodyKind.Multipart || body is null)
        {
            return string.Empty;
        }

        string request = GeneratedNames.RequestParameter;
        var lines = body.Fields
            .Where(f => f.Required && !f.Type.IsArray && !CSharp.IsValueType(f.Type))
            .Select(f => $"\n    {KnownTypes.WireJson}.RequireField({request}.{f.PropertyName}, {CSharp.StringLiteral(body.Name)}, {CSharp.StringLiteral(f.WireName)});");
        string upload = body.HasFiles ? $"\n    var {GeneratedNames.UploadLocal} = new {KnownTypes.UploadProgress}({GeneratedNames.ProgressParameter});" : string.Empty;
        return string.Concat(lines) + upload;
    }

    /// <summary>
    /// The call's parameters: the contract's path and query parameters, the body's model, whatever
    /// else the Refit method takes (headers, properties), required ones first; and, for a multipart
    /// request with files, the progress of the bytes sent.
    /// </summary>
    private static List<MethodParameter> Parameters(EndpointBinding binding, ObjectModel? body, string ns)
    {
        var endpoint = binding.Endpoint;
        var all = endpoint.PathParameters
            .Select(p => new MethodParameter(p.ParameterName, CSharp.ElementType(p.Type, ns), null, p.Description is null ? "The " + DocComment.Code("{" + p.WireName + "}") + " path parameter." : DocComment.EscapeInline(p.Description)))
            .Concat(body is null ? Enumerable.Empty<MethodParameter>() : new[] { new MethodParameter(GeneratedNames.RequestParameter, CSharp.TypeName(ns, body.Name), null, "The request's body.") })
            .Concat(endpoint.Query.Select(q => new MethodParameter(
                q.ParameterName,
                CSharp.QueryParameter(q, binding.Method, ns).Type,
                CSharp.QueryParameter(q, binding.Method, ns).Default,
                q.Description is null ? "The " + DocComment.Code(q.WireName) + " query parameter." : DocComment.EscapeInline(q.Description))))
            .Concat(binding.Method.Parameters
                .Where(p => p.QueryKey is null && p.PathKey is null && p.PartName is null && !p.IsBody && !p.IsCancellationToken)
                .Select(p => new MethodParameter(p.Name, p.Type, p.DefaultValue, $"Passed to <see cref=\"{binding.Method.InterfaceFullName}.{binding.Method.MethodName}\"/> as it is.")))
            .ToList();
        var ordered = all.Where(p => p.Default is null).Concat(all.Where(p => p.Default is not null)).ToList();
        if (endpoint.BodyKind == BodyKind.Multipart && body is { HasFiles: true })
        {
            ordered.Add(new MethodParameter(GeneratedNames.ProgressParameter, KnownTypes.Progress + "<long>?", "null", "Receives the bytes sent of all the files so far."));
        }

        return ordered;
    }

    /// <summary>The Refit method's arguments, by name: each parameter given what the contract says it carries.</summary>
    private static IEnumerable<string> Arguments(EndpointBinding binding, ObjectModel? body, string ns, string token)
    {
        var endpoint = binding.Endpoint;
        string request = GeneratedNames.RequestParameter;
        foreach (var p in binding.Method.Parameters)
        {
            string value = p.IsCancellationToken ? token
                : p.QueryKey is { } key ? CSharp.Identifier(endpoint.Query.First(q => q.WireName == key).ParameterName)
                : p.PathKey is { } placeholder ? CSharp.Identifier(endpoint.PathParameters.First(q => q.WireName == placeholder).ParameterName)
                : p.IsBody ? (endpoint.BodyKind == BodyKind.Form ? request + ".ToFormContent()" : request)
                : p.PartName is { } part ? PartValue(body!.Fields.First(f => f.WireName == part), body, ns)
                : CSharp.Identifier(p.Name);
            yield return CSharp.Identifier(p.Name) + ": " + value;
        }
    }

    /// <summary>A part's value: a file as Refit's StreamPart read through the upload's counter, anything else as its wire text; null leaves an optional part out.</summary>
    private static string PartValue(FieldModel field, ObjectModel body, string ns)
    {
        string value = GeneratedNames.RequestParameter + "." + field.PropertyName;
        string upload = GeneratedNames.UploadLocal;
        if (field.Type.Kind == TypeKind.File)
        {
            string part = $"new {KnownTypes.RefitStreamPart}({upload}.Track({{0}}), {{0}}.FileName, {{0}}.ContentType)";
            return field.Type.IsArray
                ? $"{value}.Count == 0 ? null : global::System.Linq.Enumerable.Select({value}, {GeneratedNames.PartLambda} => {string.Format(System.Globalization.CultureInfo.InvariantCulture, part, GeneratedNames.PartLambda)})"
                : field.Required ? string.Format(System.Globalization.CultureInfo.InvariantCulture, part, value)
                : $"{value} is null ? null : {string.Format(System.Globalization.CultureInfo.InvariantCulture, part, value)}";
        }

        if (field.Type.IsArray)
        {
            return field.Type.Kind == TypeKind.String
                ? $"{value}.Count == 0 ? null : {value}"
                : $"{value}.Count == 0 ? null : global::System.Linq.Enumerable.Select({value}, static item => {ModelEmitter.FormText(field, "item", GeneratedNames.RequestParameter, body, ns)})";
        }

        if (field.Required || field.Type.Kind == TypeKind.String)
        {
            return ModelEmitter.FormText(field, value, GeneratedNames.RequestParameter, body, ns);
        }

        return CSharp.IsValueType(field.Type)
            ? $"{value}.HasValue ? {ModelEmitter.FormText(field, value + ".Value", GeneratedNames.RequestParameter, body, ns)} : null"
            : $"{value} is null ? null : {ModelEmitter.FormText(field, value, GeneratedNames.RequestParameter, body, ns)}";
    }

    private sealed record MethodParameter(string Name, string Type, string? Default, string Doc);
}
