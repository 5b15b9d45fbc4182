using System.Collections.Generic;

namespace Contracts.Generator.Naming;

/// <summary>
/// The one home of every name the generator writes that does not come from a contract as is:
/// type suffixes, method names, parameter and local names, and the members that generated types
/// (or the types they derive from) already own. The parser asks it what is taken; every emitter
/// asks it what to write.
/// </summary>
internal static class GeneratedNames
{
    /// <summary>The hint name of the file that holds a generated type.</summary>
    /// <param name="ns">The type's namespace.</param>
    /// <param name="typeName">The type's name.</param>
    /// <param name="caseSensitive">
    /// True when another generated type's full name differs from this one only by case: hint names
    /// are compared ignoring case, so the name then carries its letter case (<see cref="CaseMark"/>).
    /// </param>
    public static string HintName(string ns, string typeName, bool caseSensitive = false) =>
        ns + "." + typeName + (caseSensitive ? "-" + CaseMark(ns + "." + typeName) : string.Empty) + ".g.cs";

    /// <summary>
    /// The letter case of a name as hexadecimal digits, one bit per letter (set for upper case):
    /// names that are equal ignoring case differ here, so their hint names differ by construction.
    /// </summary>
    public static string CaseMark(string name)
    {
        var mark = new System.Text.StringBuilder();
        int bits = 0, count = 0;
        foreach (char c in name)
        {
            if (!char.IsLetter(c))
            {
                continue;
            }

            bits = (bits << 1) | (char.IsUpper(c) ? 1 : 0);
            if (++count == 4)
            {
                mark.Append(bits.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
                bits = count = 0;
            }
        }

        if (count > 0)
        {
            mark.Append((bits << (4 - count)).ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        }

        return mark.ToString();
    }

    /// <summary>The hint name of the file of global usings; the '-' keeps it apart from every type's file.</summary>
    public const string GlobalUsingsHintName = "Contracts-GlobalUsings.g.cs";

    public static string Converter(string typeName) => typeName + "JsonConverter";

    public static string EnumExtensions(string enumName) => enumName + "Extensions";

    public static string BusinessCodes(string envelopeName) => envelopeName + "Codes";

    public static string JsonContext(string contractName) => contractName + "JsonContext";

    /// <summary>The property that keeps an enum field's raw wire value beside it.</summary>
    public static string WireValue(string propertyName) => propertyName + "WireValue";

    /// <summary>The property that keeps an enum array's raw wire values beside it.</summary>
    public static string WireValues(string propertyName) => propertyName + "WireValues";

    /// <summary>The local a converter remembers the field being read in, for the path of a decoding error.</summary>
    public const string PropertyLocal = "property";

    /// <summary>The local a converter keeps the likeliest next property in (see <c>WirePropertyNames.IndexOf</c>).</summary>
    public const string NextPropertyLocal = "next";

    /// <summary>The static field of an enum's extensions class that holds its wire values (a <c>KnownWireValues</c>).</summary>
    public const string KnownWireValuesField = "KnownWireValues";

    /// <summary>The static field of an enum's extensions class that holds the member of each wire value, in the order of <see cref="KnownWireValuesField"/>.</summary>
    public const string WireValueMembersField = "WireValueMembers";

    /// <summary>The static field of a converter that holds its wire names (a <c>WirePropertyNames</c>).</summary>
    public const string WireNamesField = "WireNames";

    /// <summary>The JSON context property of the envelope carrying <paramref name="responseType"/>.</summary>
    public static string EnvelopeTypeInfo(string envelopeName, string responseType, bool list = false) => envelopeName + responseType + (list ? "List" : string.Empty);

    public static string PollingExtensions(string endpointName) => endpointName + "PollingExtensions";

    public static string Poll(string pollingName) => pollingName + "Poll";

    public static string WaitFor(string pollingName) => "WaitFor" + pollingName + "Async";

    public static string Watch(string pollingName) => "Watch" + pollingName + "Async";

    /// <summary><c>Get{Name}SnapshotAsync</c>; a name that already starts with <c>Get</c> is not given another.</summary>
    public static string Snapshot(string pollingName) =>
        (pollingName.Length > 3 && pollingName.StartsWith("Get", System.StringComparison.Ordinal) && char.IsUpper(pollingName[3]) ? string.Empty : "Get")
        + pollingName + "SnapshotAsync";

    /// <summary>
    /// Every type a contract's model generates in its namespace, with its number of type parameters:
    /// what other contracts, imported namespaces and referenced assemblies must not also hold.
    /// </summary>
    public static IEnumerable<(string Name, int Arity)> TypesOf(Model.ContractModel contract)
    {
        foreach (var model in contract.Models)
        {
            yield return (model.Name, 0);
            yield return (Converter(model.Name), 0);
        }

        foreach (var @enum in contract.Enums)
        {
            yield return (@enum.Name, 0);
            yield return (EnumExtensions(@enum.Name), 0);
            yield return (Converter(@enum.Name), 0);
        }

        if (contract.Envelope is { } envelope)
        {
            yield return (envelope.TypeName, 1);
            yield return (Converter(envelope.TypeName), 1);
            yield return (BusinessCodes(envelope.TypeName), 0);
        }

        if (contract.HasJsonContext)
        {
            yield return (JsonContext(contract.Name), 0);
        }

        foreach (var endpoint in contract.Endpoints)
        {
            if (endpoint.Polling is not null)
            {
                yield return (PollingExtensions(endpoint.Name), 0);
            }

            if (endpoint.HasGeneratedCall)
            {
                yield return (CallExtensions(endpoint.Name), 0);
            }

            if (endpoint.Events is { } events)
            {
                yield return (events.TypeName, 0);
            }
        }
    }

    /// <summary>
    /// The local a converter collects each field in, by property name. Every local ends in
    /// <c>Value</c> after at least one character, so none is a keyword or equals the converter's own
    /// <c>reader</c>, <c>writer</c>, <c>value</c>, <c>options</c> or <c>item</c>; where two properties
    /// differ only in the case of their first letter, the upper-case one keeps its case.
    /// </summary>
    public static IReadOnlyDictionary<string, string> FieldLocals(IReadOnlyCollection<string> propertyNames) =>
        CamelCaseDistinct(propertyNames, prefix: string.Empty, suffix: "Value");

    /// <summary>The backing field of each JSON context property, by property name; distinct as <see cref="FieldLocals"/> are.</summary>
    public static IReadOnlyDictionary<string, string> JsonContextFields(IReadOnlyCollection<string> propertyNames) =>
        CamelCaseDistinct(propertyNames, prefix: "_", suffix: string.Empty);

    private static IReadOnlyDictionary<string, string> CamelCaseDistinct(IReadOnlyCollection<string> names, string prefix, string suffix)
    {
        var all = new HashSet<string>(names, System.StringComparer.Ordinal);
        var result = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (var name in names)
        {
            string lowered = char.ToLowerInvariant(name[0]) + name.Substring(1);
            result[name] = prefix + (lowered != name && all.Contains(lowered) ? name : lowered) + suffix;
        }

        return result;
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

    /// <summary>The parameter a generated call takes the body's model as.</summary>
    public const string RequestParameter = "request";

    /// <summary>The local a generated multipart call counts the bytes of every file in.</summary>
    public const string UploadLocal = "upload";

    /// <summary>The lambda parameter for each file of a repeated file part.</summary>
    public const string PartLambda = "part";

    /// <summary>Every name a path or query parameter may not take: the generated methods' own parameters, locals and lambda names.</summary>
    public static readonly IReadOnlyList<string> PollingParameterNames = new[]
    {
        ApiParameter, OptionsParameter, ProgressParameter, CancellationTokenParameter, FetchToken, ItemLambda, ErrorLambda, RequestParameter, UploadLocal, PartLambda,
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

    /// <summary>What a model sent as a form gets beside its properties.</summary>
    public static readonly IReadOnlyList<string> FormMembers = new[] { "ToFormContent" };

    /// <summary>The name an array body's element goes by in the JSON context (<c>String</c>, <c>Job</c>).</summary>
    public static string ElementName(Model.TypeRef type) => type.Name ?? PrimitiveTypes.Of(type).ElementName;

    /// <summary>The JSON context property of an array body (<c>StringArray</c>).</summary>
    public static string ArrayTypeInfo(string element) => element + "Array";

    /// <summary>The JSON context property of a read-only list body (<c>StringList</c>).</summary>
    public static string ListTypeInfo(string element) => element + "List";

    /// <summary>The class of an endpoint's generated calls (form, multipart, file and event answers).</summary>
    public static string CallExtensions(string endpointName) => endpointName + "Extensions";

    /// <summary>The generated call that reads a file answer.</summary>
    public static string FileCall(string endpointName) => endpointName + "FileAsync";

    /// <summary>The generated call that reads an event stream.</summary>
    public static string EventsCall(string endpointName) => endpointName + "EventsAsync";

    /// <summary>The generated call that sends a form or multipart body from its model.</summary>
    public static string BodyCall(string endpointName) => endpointName + "Async";

    /// <summary>The per-namespace table of every endpoint's budget family.</summary>
    public const string RateBudgets = "RateBudgets";

    /// <summary>The table's property in <see cref="RateBudgets"/>.</summary>
    public const string RateBudgetTable = "Table";

    /// <summary>
    /// The constant that names a budget family in <see cref="RateBudgets"/>: <c>task-status</c>
    /// becomes <c>TaskStatusFamily</c>. Family names are words that each start with a letter,
    /// so two families never get one constant, and none is <see cref="RateBudgetTable"/>.
    /// </summary>
    public static string BudgetFamilyConstant(string family)
    {
        var builder = new System.Text.StringBuilder(family.Length + 6);
        bool upper = true;
        foreach (char c in family)
        {
            if (c == '-')
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.Append("Family").ToString();
    }

    /// <summary>The members of a generated event type beside one property per kind.</summary>
    public static readonly IReadOnlyList<string> EventMembers = new[] { "Kind", "UnknownJson", "Decode" };

    /// <summary>The members of every generated polling extensions class, beside the polling methods.</summary>
    public static readonly IReadOnlyList<string> PollingExtensionsMembers = new[] { "MinimumInterval", "ClassifyRefitFault" };
}
