namespace Contracts.Generator;

/// <summary>The names of the pipeline's steps, so that tests can check each one is cached on a second run.</summary>
internal static class TrackingNames
{
    /// <summary>The additional files that are contracts.</summary>
    public const string ContractFiles = nameof(ContractFiles);

    /// <summary>Each contract file's text and JSON tree, with the name and namespace that join it to its contract.</summary>
    public const string ContractTexts = nameof(ContractTexts);

    /// <summary>The files of each contract: one, or several with the same name and namespace.</summary>
    public const string ContractSources = nameof(ContractSources);

    /// <summary>Each contract parsed into a model and its diagnostics.</summary>
    public const string Parse = nameof(Parse);

    /// <summary>The model of each contract: what of it is consistent (null without a usable name or namespace).</summary>
    public const string Model = nameof(Model);

    /// <summary>The diagnostics of each contract.</summary>
    public const string Diagnostics = nameof(Diagnostics);

    /// <summary>Every generated type name of every contract, for cross-file collision checks.</summary>
    public const string DeclaredNames = nameof(DeclaredNames);

    /// <summary>Every generated type with the contract file that owns it, so that no two contracts emit one file.</summary>
    public const string OwnedNames = nameof(OwnedNames);

    /// <summary>The methods of hand-declared Refit interfaces with their locations, for the drift diagnostics.</summary>
    public const string RefitMethodSites = nameof(RefitMethodSites);

    /// <summary>The same methods without locations (null without Refit), for the polling methods.</summary>
    public const string RefitMethods = nameof(RefitMethods);

    /// <summary>What the emit step of each contract reads: its model, the names other contracts own, the Refit methods.</summary>
    public const string EmitInput = nameof(EmitInput);

    /// <summary>One item per generated file, with the part of the contract it is made from.</summary>
    public const string EmitUnits = nameof(EmitUnits);

    /// <summary>What the drift diagnostics of each contract read: its parse result and the located Refit methods.</summary>
    public const string DriftInput = nameof(DriftInput);

    /// <summary>Whether the compilation references Refit at all (no drift check without it).</summary>
    public const string RefitAvailable = nameof(RefitAvailable);

    /// <summary>Every namespace a using directive of the project imports.</summary>
    public const string ImportedNamespaces = nameof(ImportedNamespaces);

    /// <summary>Every namespace a <c>global using</c> of the project imports.</summary>
    public const string GlobalImports = nameof(GlobalImports);

    /// <summary>Generated type names that an imported namespace also holds.</summary>
    public const string Ambiguities = nameof(Ambiguities);

    /// <summary>The namespaces of every usable contract that can be imported without ambiguity, for the global usings.</summary>
    public const string Namespaces = nameof(Namespaces);

    /// <summary>The namespace of each contract, with where it is written.</summary>
    public const string ContractNamespaces = nameof(ContractNamespaces);

    /// <summary>Generated types the project already has, or namespaces that are types.</summary>
    public const string TypeConflicts = nameof(TypeConflicts);

    /// <summary>The project's C# version, when it is older than the generated code needs.</summary>
    public const string LanguageTooOld = nameof(LanguageTooOld);

    /// <summary>The contract files that generate nothing: a type conflict, or a C# version too old for any of them.</summary>
    public const string BlockedContracts = nameof(BlockedContracts);

    /// <summary>The generated files of contracts that are not blocked.</summary>
    public const string EmittedUnits = nameof(EmittedUnits);

    /// <summary>Each namespace's table of rate budgets, from the models of its contracts that generate.</summary>
    public const string BudgetTables = nameof(BudgetTables);

    /// <summary>Tables of rate budgets the project already declares.</summary>
    public const string BudgetTableConflicts = nameof(BudgetTableConflicts);

    /// <summary>Budget families that two contracts of one namespace declare with different limits.</summary>
    public const string BudgetFamilyMismatches = nameof(BudgetFamilyMismatches);
}
