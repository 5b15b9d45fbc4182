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
    public string JsonContextName => Name + "JsonContext";
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
    EquatableArray<BusinessCodeModel> Codes)
{
    public string CodesTypeName => TypeName + "Codes";
}

/// <summary>One business code of the envelope's table.</summary>
internal sealed record BusinessCodeModel(string Code, string Name, string Meaning, bool Retryable, string Category);

internal sealed record EndpointModel(
    string Name,
    string Method,
    string Path,
    string? Description,
    EquatableArray<QueryParameterModel> Query,
    string ResponseType,
    RateLimitModel? RateLimit,
    PollingModel? Polling,
    SourceLocation Location);

/// <summary>A query parameter; <see cref="DefaultLiteral"/> is already a C# literal of the right type.</summary>
internal sealed record QueryParameterModel(
    string WireName,
    string ParameterName,
    TypeRef Type,
    bool Required,
    string? DefaultLiteral,
    string? Description);

/// <summary>At most <see cref="Requests"/> requests per <see cref="PerSeconds"/> seconds, per account.</summary>
internal sealed record RateLimitModel(int Requests, int PerSeconds);

/// <summary>
/// Polling annotations, resolved against the response model: the wire names as written and
/// the C# names and types they designate.
/// </summary>
internal sealed record PollingModel(
    string Name,
    string ItemsWire,
    string ItemIdWire,
    string ItemStatusWire,
    bool EmptyIsAmbiguous,
    string ItemsProperty,
    string ItemType,
    string IdProperty,
    string StatusProperty,
    string StatusEnum);

internal sealed record ObjectModel(string Name, string? Description, EquatableArray<FieldModel> Fields);

internal sealed record FieldModel(
    string WireName,
    string PropertyName,
    TypeRef Type,
    bool Required,
    string? Description);

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
}

/// <summary>How a number, duration or timestamp is written back: as a JSON string or a JSON number.</summary>
internal enum WireEncoding
{
    Number,
    String,
}

/// <summary>The unit of a duration or timestamp on the wire.</summary>
internal enum TimeUnit
{
    None,
    Seconds,
    Milliseconds,
}

/// <summary>A resolved contract type: primitive kind or declared name, array or not, wire encoding and unit.</summary>
internal sealed record TypeRef(TypeKind Kind, string? Name, bool IsArray, WireEncoding Encoding, TimeUnit Unit);

/// <summary>What a status value means to a waiter.</summary>
internal enum Outcome
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
    Outcome UnknownOutcome,
    string? UnknownDescription)
{
    public string ExtensionsName => Name + "Extensions";

    public string ConverterName => Name + "JsonConverter";
}

internal sealed record EnumMemberModel(
    string Wire,
    string Name,
    EquatableArray<string> Aliases,
    Outcome Outcome,
    string? Description);

/// <summary>What parsing one contract file produced: a model (when usable) and its diagnostics.</summary>
internal sealed record ContractParseResult(
    string? Namespace,
    ContractModel? Model,
    EquatableArray<DiagnosticInfo> Diagnostics,
    EquatableArray<DeclaredName> DeclaredNames);

/// <summary>A generated type's full name and the contract file that declares it; no location, so edits elsewhere in a file leave it equal.</summary>
internal sealed record OwnedName(string FullName, string ContractFile);

/// <summary>A type name a contract puts into a namespace, with where it was declared; for cross-file collision checks.</summary>
internal sealed record DeclaredName(string Namespace, string TypeName, string ContractFile, SourceLocation Location);
