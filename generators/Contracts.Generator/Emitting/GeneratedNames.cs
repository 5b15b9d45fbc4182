using System.Collections.Generic;

namespace Contracts.Generator.Emitting;

/// <summary>
/// The one home of every name the generator writes that does not come from a contract as is:
/// type suffixes, method names, parameter and local names, and the members that generated types
/// (or the types they derive from) already own. The parser asks it what is taken; every emitter
/// asks it what to write.
/// </summary>
internal static class GeneratedNames
{
    /// <summary>The hint name of the file that holds <paramref name="typeName"/> in <paramref name="ns"/>.</summary>
    public static string HintName(string ns, string typeName) => ns + "." + typeName + ".g.cs";

    /// <summary>The hint name of the file of global usings.</summary>
    public const string GlobalUsingsHintName = "Contracts.GlobalUsings.g.cs";

    public static string Converter(string typeName) => typeName + "JsonConverter";

    public static string EnumExtensions(string enumName) => enumName + "Extensions";

    public static string BusinessCodes(string envelopeName) => envelopeName + "Codes";

    public static string JsonContext(string contractName) => contractName + "JsonContext";

    /// <summary>The property that keeps an enum field's raw wire value beside it.</summary>
    public static string WireValue(string propertyName) => propertyName + "WireValue";

    /// <summary>The JSON context property of the envelope carrying <paramref name="responseType"/>.</summary>
    public static string EnvelopeTypeInfo(string envelopeName, string responseType) => envelopeName + responseType;

    public static string PollingExtensions(string endpointName) => endpointName + "PollingExtensions";

    public static string Poll(string pollingName) => pollingName + "Poll";

    public static string WaitFor(string pollingName) => "WaitFor" + pollingName + "Async";

    public static string Watch(string pollingName) => "Watch" + pollingName + "Async";

    public static string Snapshot(string pollingName) => "Get" + pollingName + "SnapshotAsync";

    /// <summary>
    /// The local a converter collects each field in, by property name. Every local ends in
    /// <c>Value</c> after at least one character, so none is a keyword or equals the converter's own
    /// <c>reader</c>, <c>writer</c>, <c>value</c>, <c>options</c> or <c>item</c>; where two properties
    /// differ only in the case of their first letter, the upper-case one keeps its case.
    /// </summary>
    public static IReadOnlyDictionary<string, string> FieldLocals(IReadOnlyCollection<string> propertyNames)
    {
        var properties = new HashSet<string>(propertyNames, System.StringComparer.Ordinal);
        var locals = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (var property in propertyNames)
        {
            string lowered = char.ToLowerInvariant(property[0]) + property.Substring(1);
            locals[property] = (lowered != property && properties.Contains(lowered) ? property : lowered) + "Value";
        }

        return locals;
    }

    /// <summary>The parameter every generated polling method takes the Refit client as.</summary>
    public const string ApiParameter = "api";

    public const string OptionsParameter = "options";

    public const string ProgressParameter = "progress";

    public const string CancellationTokenParameter = "cancellationToken";

    /// <summary>The lambda parameters inside the generated polling methods (a query parameter may not shadow them).</summary>
    public const string FetchToken = "token";

    public const string ItemLambda = "item";

    public const string ErrorLambda = "error";

    /// <summary>Every name a query parameter may not take: the polling methods' own parameters and lambda names.</summary>
    public static readonly IReadOnlyList<string> PollingParameterNames = new[]
    {
        ApiParameter, OptionsParameter, ProgressParameter, CancellationTokenParameter, FetchToken, ItemLambda, ErrorLambda,
    };

    /// <summary>What every class inherits from <see cref="object"/>: a member of that name would hide it.</summary>
    public static readonly IReadOnlyList<string> ObjectMembers = new[]
    {
        "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "ReferenceEquals", "Finalize",
    };

    /// <summary>What the compiler adds to every record, beside <see cref="ObjectMembers"/>.</summary>
    public static readonly IReadOnlyList<string> RecordMembers = new[] { "EqualityContract", "Clone", "PrintMembers", "Deconstruct" };

    /// <summary>What the generated codes class holds beside one constant per business code.</summary>
    public static readonly IReadOnlyList<string> BusinessCodesMembers = new[] { "All", "Find" };

    /// <summary>The members of the generated envelope record (its wire fields and helpers).</summary>
    public static readonly IReadOnlyList<string> EnvelopeMembers = new[]
    {
        "Code", "Message", "Data", "Success", "Failed", "IsSuccess", "BusinessCode", "EnsureSuccess", "TData",
    };

    /// <summary>The names an enum may not give a member: the compiler's own field of every enum.</summary>
    public static readonly IReadOnlyList<string> EnumMembers = new[] { "value__" };

    /// <summary>What the generated JSON context owns or inherits from <c>JsonSerializerContext</c>, beside one property per type.</summary>
    public static readonly IReadOnlyList<string> JsonContextMembers = new[]
    {
        "Default", "Options", "GetTypeInfo", "GeneratedSerializerOptions", "Create",
    };

    /// <summary>The members of every generated polling extensions class, beside the polling methods.</summary>
    public static readonly IReadOnlyList<string> PollingExtensionsMembers = new[] { "MinimumInterval", "ClassifyRefitFault" };
}
