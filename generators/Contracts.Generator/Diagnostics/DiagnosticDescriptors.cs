using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Contracts.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator can report, in one table with one id prefix. Each message
/// says what is wrong and what to write instead; each is located inside the contract file.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Contracts";

    private const string HelpPage = "https://github.com/memories-contracts/memories-contracts/blob/main/docs/diagnostics.md";

    // Declared before the descriptors: static fields initialize in the order they are written.
    private static readonly Dictionary<string, DiagnosticDescriptor> ById = new();

    public static readonly DiagnosticDescriptor InvalidJson = Error(
        "CTR001", "Contract is not valid JSON", "The contract is not valid JSON: {0}");

    public static readonly DiagnosticDescriptor UnknownKey = Error(
        "CTR002", "Unknown key in contract", "Unknown key '{0}' in {1}; {2}");

    public static readonly DiagnosticDescriptor UnknownType = Error(
        "CTR003", "Unknown type in contract", "Unknown type '{0}'; write one of {1}");

    public static readonly DiagnosticDescriptor DuplicateName = Error(
        "CTR004", "Duplicate name in contract", "Duplicate {0} '{1}'; {0} names must be unique {2}, rename one of them");

    public static readonly DiagnosticDescriptor InvalidIdentifier = Error(
        "CTR005", "Name is not a valid C# identifier", "'{0}' is not a valid C# identifier for {1}; write a name such as '{2}'");

    public static readonly DiagnosticDescriptor PathWithoutLeadingSlash = Error(
        "CTR006", "Endpoint path must start with '/'", "Path '{0}' must start with '/'; write \"/{0}\"");

    public static readonly DiagnosticDescriptor DefaultOfWrongType = Error(
        "CTR007", "Default value does not fit its type", "Default value {0} of '{1}' does not fit its type '{2}'; write {3}");

    public static readonly DiagnosticDescriptor OutputNameCollision = Error(
        "CTR008", "Generated names collide", "{0} '{1}' collides with {2}; give one of them another name");

    public static readonly DiagnosticDescriptor MissingKey = Error(
        "CTR009", "Required key missing", "Missing required key '{0}' in {1}; add \"{0}\": {2}");

    public static readonly DiagnosticDescriptor WrongValueKind = Error(
        "CTR010", "Value has the wrong JSON kind", "'{0}' must be {1}, not {2}");

    public static readonly DiagnosticDescriptor InvalidValue = Error(
        "CTR011", "Value is not allowed here", "'{0}' is not a valid value for '{1}'; write {2}");

    public static readonly DiagnosticDescriptor InvalidPolling = Error(
        "CTR012", "Polling annotation does not match the response model", "Polling annotation '{0}': {1}");

    public static readonly DiagnosticDescriptor GeneratorFailure = Error(
        "CTR013", "The generator failed on this contract", "The generator failed on this contract ({0}); please report this with the contract attached");

    public static readonly DiagnosticDescriptor RefitMethodMissing = Warning("CTR014",
        "No Refit method for a contract endpoint",
        "No Refit method declares {0} {1} of endpoint '{2}'; declare it on {3}: {4}");

    public static readonly DiagnosticDescriptor RefitRouteDrift = Error(
        "CTR015", "Refit method route differs from the contract", "{0} declares {1}, but endpoint '{2}' of {3} is {4}; write {5}");

    public static readonly DiagnosticDescriptor RefitQueryDrift = Error(
        "CTR016", "Refit method query or path keys differ from the contract", "{0} {1}, but endpoint '{2}' of {3} declares {4}; {5}");

    public static readonly DiagnosticDescriptor RefitParameterUnsupported = Error(
        "CTR017", "Refit method parameter cannot be passed on by the generated methods", "{0} has parameter '{1}' that the generated methods cannot pass on: {2}");

    public static readonly DiagnosticDescriptor RefitReturnTypeDrift = Error(
        "CTR019", "Refit method return type does not fit the generated methods", "{0} returns {1}, but the generated methods of endpoint '{2}' read its answer as {3}; declare that return type");

    public static readonly DiagnosticDescriptor GlobalUsingWithheld = Info("CTR018",
        "No global using for a contract namespace whose type name is taken",
        "Generated type '{0}' has the name of '{1}', which this project imports: 'global using {2};' would make '{3}' ambiguous, so the generator does not add it; write {2}.{3} (global::{2}.{3} in a Refit interface), add the using to the files that need it, or rename the type");

    public static readonly DiagnosticDescriptor PathParameterMismatch = Error(
        "CTR020", "Path placeholder and path parameter do not match", "{0}; {1}");

    public static readonly DiagnosticDescriptor RefitBodyDrift = Error(
        "CTR021", "Refit method body differs from the contract", "{0} {1}, but endpoint '{2}' of {3} {4}; {5}");

    public static readonly DiagnosticDescriptor PollingMethodsWithheld = Warning("CTR022",
        "Refit method cannot carry generated methods",
        "{0} is the Refit method of endpoint '{1}', but it gets no generated methods (polling, form, multipart, file or event calls): {2}");

    public static readonly DiagnosticDescriptor NoInterfaceNamed = Warning("CTR023",
        "Contract names no Refit interface",
        "Contract '{0}' declares endpoints but names no Refit interface, so they are not checked against one and get no polling methods; add \"interface\": \"{1}\" naming the interface they are declared on");

    public static readonly DiagnosticDescriptor GeneratedTypeConflict = Error(
        "CTR024", "Generated type conflicts with a type or namespace of the project", "Generated type '{0}' cannot be declared: {1}; {2}");

    public static readonly DiagnosticDescriptor UnqualifiedWithoutGlobalUsing = Error(
        "CTR025",
        "Refit method names a contract type that Refit's generated code cannot resolve",
        "{0} writes '{1}' unqualified, but namespace '{2}' gets no global using ({3}), so Refit's generated code cannot resolve it; write global::{2}.{1}");

    public static readonly DiagnosticDescriptor ContractTypeShadowsName = Error(
        "CTR026",
        "A contract type takes over a name a Refit method uses",
        "{0} uses '{1}' for another type, but the contract generates '{2}.{1}', which its file sees by that name and which would take its place; rename the type in {3}, or write the type {0} means with its namespace");

    public static readonly DiagnosticDescriptor NoRateBudget = Warning("CTR027",
        "Endpoint declares no rate budget",
        "Endpoint '{0}' declares no \"rateLimit\": it runs with no budget, and a busy caller meets the API's own limit instead; add the API's limit, \"rateLimit\": {{ \"requests\": 1, \"perSeconds\": 1 }}, whose budget family is then '{1}' (\"budget\" names a family shared with other endpoints)");

    public static readonly DiagnosticDescriptor BudgetFamilyMismatch = Error(
        "CTR028",
        "Budget family declared with different limits",
        "Budget family '{0}' is declared here as {1}, but as {2} {3}; every endpoint of a family shares one budget, so declare one limit, or give this endpoint its own family");

    public static readonly DiagnosticDescriptor RefitEventsNotAsked = Error(
        "CTR029",
        "Refit method of an event stream does not ask for events",
        "{0} does not send 'Accept: text/event-stream', but endpoint '{1}' answers server-sent events, which the API sends only when asked; add {2} to the method");

    public static readonly DiagnosticDescriptor SecondEnvelope = Error(
        "CTR030",
        "A contract split over several files declares its envelope twice",
        "Contract '{0}' already declares its envelope in {1}; the files of one contract (one name, one namespace) share one envelope, so declare it in one of them, or give this file's contract another name");

    public static readonly DiagnosticDescriptor LanguageVersionTooOld = Error(
        "CTR031",
        "The project's C# version is older than the generated code needs",
        "The project compiles C# {0}, but the code generated from contract '{1}' needs C# {2} or later (required members, collection expressions), so nothing is generated from it; remove <LangVersion>{0}</LangVersion> from a project that targets .NET 8 or later, or set <LangVersion>{2}</LangVersion>");

    /// <summary>The descriptor of <paramref name="id"/>; every descriptor registers itself as it is declared.</summary>
    public static DiagnosticDescriptor Get(string id) => ById[id];

    /// <summary>Every descriptor, in the order they are declared.</summary>
    public static IReadOnlyCollection<DiagnosticDescriptor> All => ById.Values;

    /// <summary>Where a diagnostic is explained: its section of the diagnostics page.</summary>
    public static string HelpLink(string id) => HelpPage + "#" + id.ToLowerInvariant();

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        Register(id, title, message, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        Register(id, title, message, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Info(string id, string title, string message) =>
        Register(id, title, message, DiagnosticSeverity.Info);

    private static DiagnosticDescriptor Register(string id, string title, string message, DiagnosticSeverity severity)
    {
        var descriptor = new DiagnosticDescriptor(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpLink(id));
        ById[id] = descriptor;   // a repeated id is caught by DiagnosticDocumentationTests, not by failing every build
        return descriptor;
    }
}
