using System;
using System.Collections.Generic;
using System.Linq;
using Contracts.Generator.Model;

namespace Contracts.Generator.Naming;

/// <summary>
/// One primitive type of the contract format, everything every part of the generator needs to
/// know about it: its spelling in a contract, its C# type, the runtime's lenient reader and the
/// writers, and where it may appear. Adding a type means adding a <see cref="TypeKind"/>, a row in
/// <see cref="PrimitiveTypes.All"/> and, in <c>WireJson</c>, its reader; a test checks the schema's
/// spellings against this table.
/// </summary>
/// <param name="Kind">The model's kind.</param>
/// <param name="Spelling">How a contract writes it (<c>"type": "int"</c>).</param>
/// <param name="CSharpType">The C# type of a property or parameter.</param>
/// <param name="ElementName">The name an array body of it goes by in the JSON context (<c>Int32Array</c>).</param>
/// <param name="ReadMethod">The <c>WireJson</c> method that reads one value leniently; null for a type that is never read.</param>
/// <param name="WriteMethod">The <c>WireJson</c> method that writes it as a property; null for a type never written in JSON.</param>
/// <param name="ValueWrite">How one value is written, with <c>{writer}</c>, <c>{value}</c>, <c>{unit}</c> and <c>{encoding}</c> placeholders; null for a type never written in JSON.</param>
/// <param name="IsValueType">Whether the C# type is a value type (its optional form is <c>Nullable&lt;T&gt;</c>).</param>
/// <param name="IsNumber">Whether it is written as a number (or a numeric string, by its encoding).</param>
/// <param name="HasUnit">Whether it has a time unit (seconds or milliseconds) that its readers and writers take.</param>
/// <param name="IsSingleScalar">Whether it may be a path or query parameter: one value that reads back from its text.</param>
internal sealed record PrimitiveType(
    TypeKind Kind,
    string Spelling,
    string CSharpType,
    string ElementName,
    string? ReadMethod,
    string? WriteMethod,
    string? ValueWrite,
    bool IsValueType,
    bool IsNumber,
    bool HasUnit,
    bool IsSingleScalar)
{
    /// <summary>The statement part that writes <paramref name="value"/> to <paramref name="writer"/>, with the type's unit and encoding.</summary>
    public string WriteValue(string writer, string value, TypeRef type) => ValueWrite!
        .Replace("{writer}", writer)
        .Replace("{value}", value)
        .Replace("{unit}", HasUnit ? CSharp.Unit(type) : string.Empty)
        .Replace("{encoding}", CSharp.Encoding(type));
}

/// <summary>The one table of the contract format's primitive types.</summary>
internal static class PrimitiveTypes
{
    private const string Number = KnownTypes.WireJson + ".WriteNumberValue({writer}, {value}, {encoding})";

    /// <summary>Every primitive type, in the order messages list them.</summary>
    public static readonly IReadOnlyList<PrimitiveType> All = new[]
    {
        new PrimitiveType(TypeKind.String, "string", "string", "String", "ReadString", "WriteString", "{writer}.WriteStringValue({value})", IsValueType: false, IsNumber: false, HasUnit: false, IsSingleScalar: true),
        new PrimitiveType(TypeKind.Boolean, "bool", "bool", "Boolean", "ReadBoolean", "WriteBoolean", "{writer}.WriteBooleanValue({value})", IsValueType: true, IsNumber: false, HasUnit: false, IsSingleScalar: true),
        new PrimitiveType(TypeKind.Int32, "int", "int", "Int32", "ReadInt32", "WriteNumber", Number, IsValueType: true, IsNumber: true, HasUnit: false, IsSingleScalar: true),
        new PrimitiveType(TypeKind.Int64, "long", "long", "Int64", "ReadInt64", "WriteNumber", Number, IsValueType: true, IsNumber: true, HasUnit: false, IsSingleScalar: true),
        new PrimitiveType(TypeKind.Double, "double", "double", "Double", "ReadDouble", "WriteNumber", Number, IsValueType: true, IsNumber: true, HasUnit: false, IsSingleScalar: true),
        new PrimitiveType(TypeKind.Decimal, "decimal", "decimal", "Decimal", "ReadDecimal", "WriteNumber", Number, IsValueType: true, IsNumber: true, HasUnit: false, IsSingleScalar: true),
        new PrimitiveType(TypeKind.Uri, "uri", KnownTypes.Uri, "Uri", "ReadUri", "WriteUri", "{writer}.WriteStringValue({value}.OriginalString)", IsValueType: false, IsNumber: false, HasUnit: false, IsSingleScalar: false),
        new PrimitiveType(TypeKind.Duration, "duration", KnownTypes.TimeSpan, "TimeSpan", "ReadDuration", "WriteDuration", KnownTypes.WireJson + ".WriteDurationValue({writer}, {value}, {unit}, {encoding})", IsValueType: true, IsNumber: false, HasUnit: true, IsSingleScalar: false),
        new PrimitiveType(TypeKind.Timestamp, "timestamp", KnownTypes.DateTimeOffset, "DateTimeOffset", "ReadTimestamp", "WriteTimestamp", KnownTypes.WireJson + ".WriteTimestampValue({writer}, {value}, {unit}, {encoding})", IsValueType: true, IsNumber: false, HasUnit: true, IsSingleScalar: false),

        // A file is only ever a multipart part: never read from or written to JSON.
        new PrimitiveType(TypeKind.File, "file", KnownTypes.FilePart, "FilePart", ReadMethod: null, WriteMethod: null, ValueWrite: null, IsValueType: false, IsNumber: false, HasUnit: false, IsSingleScalar: false),
    };

    private static readonly Dictionary<string, PrimitiveType> BySpelling = All.ToDictionary(p => p.Spelling, StringComparer.Ordinal);

    private static readonly Dictionary<TypeKind, PrimitiveType> ByKind = All.ToDictionary(p => p.Kind);

    /// <summary>The primitive a contract names, or null for a model, an enum or a mistake.</summary>
    public static PrimitiveType? Named(string spelling) => BySpelling.TryGetValue(spelling, out var primitive) ? primitive : null;

    /// <summary>The row of a primitive kind; null for a model or an enum.</summary>
    public static PrimitiveType? Of(TypeKind kind) => ByKind.TryGetValue(kind, out var primitive) ? primitive : null;

    /// <summary>The row of a type known to be primitive.</summary>
    public static PrimitiveType Of(TypeRef type) => Of(type.Kind) ?? throw new InvalidOperationException($"{type.Kind} is not a primitive type.");
}
