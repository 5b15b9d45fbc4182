using System.Linq;

namespace Contracts.Generator.Model;

/// <summary>
/// Everything the emitter needs from one contract file. Only strings, numbers, enums and
/// equatable arrays: no Roslyn objects, so the incremental pipeline can compare it by value.
/// </summary>
internal sealed record ContractModel(
    string FilePath,
    string Name,
    string Namespace,
    string? Description,
    EnvelopeModel? Envelope,
    EquatableArray<EndpointModel> Endpoints,
    EquatableArray<ObjectModel> Models,
    EquatableArray<EnumModel> Enums)
{
    /// <summary>
    /// The hand-declared Refit interfaces the endpoints are declared on, as the contract's
    /// <c>interface</c> names them (<c>IMemoriesApi</c> in the contract's namespace, or a full name).
    /// Only methods of these are checked against the endpoints and get polling methods; empty when
    /// the contract names none.
    /// </summary>
    public EquatableArray<string> Interfaces { get; init; } = EquatableArray<string>.Empty;

    /// <summary>False when the JSON context could not be named (a type of the contract took its name): the other types are still generated.</summary>
    public bool HasJsonContext { get; init; } = true;

    /// <summary>True when <paramref name="interfaceFullName"/> (<c>global::Ns.IApi</c>) is one of <see cref="Interfaces"/>.</summary>
    public bool Binds(string interfaceFullName)
    {
        foreach (string name in Interfaces)
        {
            if (Matches(interfaceFullName, "global::", name) || Matches(interfaceFullName, "global::" + Namespace + ".", name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(string fullName, string prefix, string name) =>
        fullName.Length == prefix.Length + name.Length
        && fullName.StartsWith(prefix, System.StringComparison.Ordinal)
        && string.CompareOrdinal(fullName, prefix.Length, name, 0, name.Length) == 0;
}

/// <summary>The response envelope: which wire fields carry code, message and data, and the business codes.</summary>
internal sealed record EnvelopeModel(
    string TypeName,
    string? Description,
    string CodeWire,
    string MessageWire,
    string DataWire,
    string? SuccessWire,
    string? FailedWire,
    string SuccessCode,
    EquatableArray<BusinessCodeModel> Codes);

/// <summary>One business code of the envelope's table.</summary>
internal sealed record BusinessCodeModel(string Code, string Name, string Meaning, bool Retryable, string Category);

/// <summary>An endpoint; where it is declared travels separately (<see cref="EndpointLocation"/>), so that moving it re-emits nothing.</summary>
internal sealed record EndpointModel(
    string Name,
    string Method,
    string Path,
    string? Description,
    EquatableArray<ParameterModel> Query,
    string ResponseType,
    RateLimitModel? RateLimit,
    PollingModel? Polling)
{
    /// <summary>The <c>{name}</c> placeholders of <see cref="Path"/>, each declared; always required.</summary>
    public EquatableArray<ParameterModel> PathParameters { get; init; } = EquatableArray<ParameterModel>.Empty;

    /// <summary>The model the request body is made from (JSON, form or multipart as <see cref="BodyKind"/> says), if any (POST, PUT and PATCH only).</summary>
    public string? BodyType { get; init; }

    /// <summary>How the request body travels.</summary>
    public BodyKind BodyKind { get; init; }

    /// <summary>For a body that is a bare JSON array (<c>string[]</c>): its type; <see cref="BodyType"/> is then null.</summary>
    public TypeRef? BodyArray { get; init; }

    /// <summary>True when the answer's data is a JSON array of <see cref="ResponseType"/> (<c>"response": "Model[]"</c>), read as a read-only list.</summary>
    public bool ResponseIsList { get; init; }

    /// <summary>What the answer is: the envelope around <see cref="ResponseType"/>, a file, or a stream of events.</summary>
    public AnswerKind Answer { get; init; }

    /// <summary>The event stream the endpoint answers, when <see cref="Answer"/> is <see cref="AnswerKind.Events"/>.</summary>
    public EventsModel? Events { get; init; }

    /// <summary>True when the generated calls of the endpoint (form, multipart, file and event answers) take over from the Refit method.</summary>
    public bool HasGeneratedCall => BodyKind is BodyKind.Form or BodyKind.Multipart || Answer != AnswerKind.Json;
}

/// <summary>How a request body travels.</summary>
internal enum BodyKind
{
    /// <summary>No body.</summary>
    None,

    /// <summary>JSON: a model, or a bare array (<see cref="EndpointModel.BodyArray"/>).</summary>
    Json,

    /// <summary><c>application/x-www-form-urlencoded</c>: the model's fields, arrays as repeated fields.</summary>
    Form,

    /// <summary><c>multipart/form-data</c>: one part per field, <c>file</c> fields as file parts.</summary>
    Multipart,
}

/// <summary>What an endpoint answers.</summary>
internal enum AnswerKind
{
    /// <summary>The envelope (or the model) in JSON.</summary>
    Json,

    /// <summary>A file: the answer's bytes, or the JSON envelope when it failed.</summary>
    File,

    /// <summary>Server-sent events, each a JSON event of a declared kind.</summary>
    Events,
}

/// <summary>
/// A stream of server-sent events: which property names each event's kind, the model of each kind,
/// and what ends the stream. The generated event type (<see cref="TypeName"/>) holds one property
/// per kind, and the raw JSON of a kind the contract does not list.
/// </summary>
internal sealed record EventsModel(
    string TypeName,
    string Discriminator,
    EquatableArray<EventKindModel> Kinds,
    EquatableArray<string> EndData,
    string? EndField,
    string? EndValue);

/// <summary>One kind of event: its discriminator value, its model, and the property of the event type that holds it.</summary>
internal sealed record EventKindModel(string Wire, string Model, string PropertyName);

/// <summary>A query or path parameter; its default, if any, is a value of its type that the emitter spells as a C# literal.</summary>
internal sealed record ParameterModel(
    string WireName,
    string ParameterName,
    TypeRef Type,
    bool Required,
    DefaultValue? Default,
    string? Description);

/// <summary>
/// A default value checked against its type: <see cref="Text"/> is the JSON text of a number, the
/// text of a string, or <c>true</c>/<c>false</c>.
/// </summary>
internal sealed record DefaultValue(TypeKind Kind, string Text);

/// <summary>At most <see cref="Requests"/> requests per <see cref="PerSeconds"/> seconds, per account, in the budget family <see cref="Budget"/>.</summary>
internal sealed record RateLimitModel(int Requests, int PerSeconds)
{
    /// <summary>The budget family this endpoint shares with others of the same name (the upload endpoints share one per account); the endpoint's own when the contract names none.</summary>
    public string Budget { get; init; } = string.Empty;

    /// <summary>How many requests may go at once before spacing applies (1: one at a time).</summary>
    public int Burst { get; init; } = 1;

    /// <summary>The shortest interval between requests, in ticks, rounded up: spacing by it never exceeds the limit.</summary>
    public long IntervalTicks => ((PerSeconds * 10_000_000L) + Requests - 1) / Requests;

    /// <summary>The limit as a diagnostic says it: "1 per 60 s", "5 per 1 s, burst 5".</summary>
    public string Describe() =>
        Requests.ToString(System.Globalization.CultureInfo.InvariantCulture) + " per " + PerSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s"
        + (Burst == 1 ? string.Empty : ", burst " + Burst.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>Polling annotations, resolved against the response model into the C# names and types they designate.</summary>
internal sealed record PollingModel
{
    /// <summary>The name the polling methods carry (<c>WaitFor{Name}Async</c>).</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Whether an empty answer may mean "not started yet" as well as "unknown".</summary>
    public bool EmptyIsAmbiguous { get; init; }

    /// <summary>The method parameter whose value names the batch in traces (a task id); null when the contract names none.</summary>
    public string? BatchIdParameter { get; init; }

    /// <summary>Whether <see cref="BatchIdParameter"/> is a string (else a number, formatted invariantly).</summary>
    public bool BatchIdIsString { get; init; }

    /// <summary>The response property that holds the items.</summary>
    public string ItemsProperty { get; init; } = string.Empty;

    /// <summary>The model of one item.</summary>
    public string ItemType { get; init; } = string.Empty;

    /// <summary>The item property that identifies it.</summary>
    public string IdProperty { get; init; } = string.Empty;

    /// <summary>The type of <see cref="IdProperty"/>.</summary>
    public TypeRef IdType { get; init; } = new(TypeKind.String, null, false, WireEncoding.Number, WireTimeUnit.None);

    /// <summary>The item property that holds its status.</summary>
    public string StatusProperty { get; init; } = string.Empty;

    /// <summary>Whether <see cref="StatusProperty"/> is required (not nullable).</summary>
    public bool StatusRequired { get; init; }

    /// <summary>The enum of <see cref="StatusProperty"/>, whose members carry outcomes.</summary>
    public string StatusEnum { get; init; } = string.Empty;
}

internal sealed record ObjectModel(string Name, string? Description, EquatableArray<FieldModel> Fields)
{
    /// <summary>True when a field is a file: the model travels only as a multipart request, never as JSON.</summary>
    public bool HasFiles => Fields.Any(f => f.Type.Kind == TypeKind.File);

    /// <summary>True when the model is sent as a form: it also gets <c>ToFormContent()</c>.</summary>
    public bool IsForm { get; init; }
}

internal sealed record FieldModel(
    string WireName,
    string PropertyName,
    TypeRef Type,
    bool Required,
    string? Description)
{
    /// <summary>Other names the field is read under (one doc version's <c>videoNo</c> for another's <c>video_no</c>); it is written under <see cref="WireName"/>.</summary>
    public EquatableArray<string> Aliases { get; init; } = EquatableArray<string>.Empty;
}

/// <summary>The C#-side kinds a contract type can name.</summary>
internal enum TypeKind
{
    String,
    Boolean,
    Int32,
    Int64,
    Double,
    Decimal,
    Uri,
    Duration,
    Timestamp,
    Model,
    Enum,

    /// <summary>A file sent as a part of a multipart request.</summary>
    File,
}

/// <summary>How a number, duration or timestamp is written back: as a JSON string or a JSON number.</summary>
internal enum WireEncoding
{
    Number,
    String,
}

/// <summary>The unit of a duration or timestamp on the wire.</summary>
internal enum WireTimeUnit
{
    None,
    Seconds,
    Milliseconds,
}

/// <summary>A resolved contract type: primitive kind or declared name, array or not, wire encoding and unit.</summary>
internal sealed record TypeRef(TypeKind Kind, string? Name, bool IsArray, WireEncoding Encoding, WireTimeUnit Unit);

/// <summary>What a status value means to a waiter.</summary>
internal enum StatusOutcome
{
    Pending,
    Success,
    Failure,
}

internal sealed record EnumModel(
    string Name,
    string? Description,
    EquatableArray<EnumMemberModel> Members,
    string UnknownMemberName,
    StatusOutcome UnknownOutcome,
    string? UnknownDescription);

internal sealed record EnumMemberModel(
    string Wire,
    string Name,
    EquatableArray<string> Aliases,
    StatusOutcome Outcome,
    string? Description);

/// <summary>
/// What parsing one contract file produced: its diagnostics, and a model of everything in it that
/// is consistent (null only when the contract has no usable name or namespace), so that one mistake
/// costs one error, not the follow-on errors of every type it would have generated.
/// </summary>
internal sealed record ContractParseResult(
    string? Namespace,
    ContractModel? Model,
    EquatableArray<DiagnosticInfo> Diagnostics,
    EquatableArray<DeclaredName> DeclaredNames,
    EquatableArray<EndpointLocation> EndpointLocations)
{
    /// <summary>Where the contract writes its namespace, for errors about the namespace itself.</summary>
    public SourceLocation? NamespaceLocation { get; init; }
}

/// <summary>Where an endpoint is declared, for the drift check's "no Refit method" warning.</summary>
internal sealed record EndpointLocation(string EndpointName, SourceLocation Location);

/// <summary>A generated type's full name and the contract file that declares it; no location, so edits elsewhere in a file leave it equal.</summary>
internal sealed record OwnedName(string FullName, string ContractFile);

/// <summary>A type name a contract puts into a namespace, with where it was declared; for cross-file collision checks.</summary>
/// <param name="Namespace">The contract's namespace.</param>
/// <param name="TypeName">The type's name.</param>
/// <param name="ContractFile">The contract that declares it.</param>
/// <param name="Location">Where in the contract.</param>
/// <param name="Arity">How many type parameters the generated type has (the envelope has one).</param>
internal sealed record DeclaredName(string Namespace, string TypeName, string ContractFile, SourceLocation Location, int Arity = 0);

/// <summary>A namespace a using directive imports, and whether for the whole project (<c>global using</c>).</summary>
internal sealed record Import(string Namespace, bool IsGlobal);

/// <summary>A generated type whose simple name a namespace imported in the project also holds, so its namespace gets no global using.</summary>
internal sealed record Ambiguity(string Namespace, string TypeName, string Other, SourceLocation Location);
