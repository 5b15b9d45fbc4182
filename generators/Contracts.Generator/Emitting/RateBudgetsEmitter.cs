using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Contracts.Generator.Model;

namespace Contracts.Generator.Emitting;

/// <summary>One endpoint's budget, as the namespace's table lists it.</summary>
internal sealed record BudgetRoute(string Method, string Path, string Family, long IntervalTicks, int Burst);

/// <summary>The budget routes of every contract of one namespace.</summary>
internal sealed record BudgetTableModel(string Namespace, string FirstContract, EquatableArray<BudgetRoute> Routes);

/// <summary>
/// Emits a namespace's <c>RateBudgets.Table</c>: each budget family's limit and the family of each
/// endpoint, from every contract in the namespace. The per-account budgets, the HTTP handler that
/// takes their turns and the simulator all read it, so a limit is written once, in a contract.
/// </summary>
internal static class RateBudgetsEmitter
{
    /// <summary>The tables of every namespace, from the contracts' models (a family's first declaration wins; CTR028 reports the others).</summary>
    public static EquatableArray<BudgetTableModel> Tables(IEnumerable<ContractModel> contracts) =>
        contracts
            .GroupBy(c => c.Namespace, System.StringComparer.Ordinal)
            .OrderBy(g => g.Key, System.StringComparer.Ordinal)
            .Select(g => g.Where(c => c.Endpoints.Any(e => e.RateLimit is not null)).OrderBy(c => c.FilePath, System.StringComparer.Ordinal).ToList())
            .Where(budgeted => budgeted.Count > 0)
            .Select(budgeted => new BudgetTableModel(budgeted[0].Namespace, budgeted[0].FilePath, budgeted
                .SelectMany(c => c.Endpoints)
                .Where(e => e.RateLimit is not null)
                .Select(e => new BudgetRoute(e.Method, e.Path, e.RateLimit!.Budget, e.RateLimit.IntervalTicks, e.RateLimit.Burst))
                .Distinct()   // endpoints that share a route (one per shape of answer) share its row
                .ToEquatableArray()))
            .ToEquatableArray();

    public static string Emit(BudgetTableModel table)
    {
        var families = new List<BudgetRoute>();
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var route in table.Routes)
        {
            if (seen.Add(route.Family))
            {
                families.Add(route);
            }
        }

        var writer = CSharp.NewFile(table.Namespace);
        CSharp.Doc(
            writer,
            "The rate budgets of the contracts in this namespace: each family's limit per account, and the family of each endpoint.",
            "Generated from the contracts' <c>rateLimit</c>: the per-account budgets, the HTTP handler that takes their turns and a simulator read this one table.");
        writer.Line(CSharp.GeneratedCodeAttribute);
        using (writer.Block($"public static partial class {GeneratedNames.RateBudgets}"))
        {
            foreach (var family in families)
            {
                writer.Line($"/// <summary>The {CSharp.Code(family.Family)} family: {Describe(family)}.</summary>");
                writer.Line($"public const string {GeneratedNames.BudgetFamilyConstant(family.Family)} = {CSharp.StringLiteral(family.Family)};");
                writer.Line();
            }

            writer.Line("/// <summary>Each family's limit, and the family of each endpoint.</summary>");
            writer.Line($"public static {KnownTypes.RateBudgetTable} {GeneratedNames.RateBudgetTable} {{ get; }} = new(");
            using (writer.Indent())
            {
                writer.Line($"new {KnownTypes.RateBudget}[]");
                writer.Line("{");
                using (writer.Indent())
                {
                    foreach (var family in families)
                    {
                        writer.Line($"new({CSharp.StringLiteral(family.Family)}, {CSharp.Interval(family.IntervalTicks)}, {family.Burst.ToString(CultureInfo.InvariantCulture)}),");
                    }
                }

                writer.Line("},");
                writer.Line($"new {KnownTypes.RateBudgetRoute}[]");
                writer.Line("{");
                using (writer.Indent())
                {
                    foreach (var route in table.Routes)
                    {
                        writer.Line($"new({CSharp.StringLiteral(route.Method)}, {CSharp.StringLiteral(route.Path)}, {CSharp.StringLiteral(route.Family)}),");
                    }
                }

                writer.Line("});");
            }
        }

        return writer.ToString();
    }

    /// <summary>"one request every 200 ms, burst 5", as the constant's documentation says it.</summary>
    private static string Describe(BudgetRoute family)
    {
        var interval = System.TimeSpan.FromTicks(family.IntervalTicks);
        string every = interval.TotalSeconds >= 1 && interval.Ticks % System.TimeSpan.TicksPerSecond == 0
            ? ((long)interval.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s"
            : interval.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
        return "one request every " + every + " per account" + (family.Burst == 1 ? string.Empty : ", " + family.Burst.ToString(CultureInfo.InvariantCulture) + " at once after a pause");
    }

    /// <summary>The hint name of a namespace's table.</summary>
    public static string HintName(string ns) => GeneratedNames.HintName(ns, GeneratedNames.RateBudgets);
}
