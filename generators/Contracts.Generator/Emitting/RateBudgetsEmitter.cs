using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Contracts.Generator.Model;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Emitting;

/// <summary>
/// Emits a namespace's <c>RateBudgets.Table</c>: each budget family's limit and the family of each
/// endpoint, from every contract in the namespace. The per-account budgets, the HTTP handler that
/// takes their turns and the simulator all read it, so a limit is written once, in a contract.
/// </summary>
internal static class RateBudgetsEmitter
{
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

        var writer = SourceWriter.ForFile(table.Namespace);
        DocComment.Write(
            writer,
            "The rate budgets of the contracts in this namespace: each family's limit per account, and the family of each endpoint.",
            "Generated from the contracts' <c>rateLimit</c>: the per-account budgets, the HTTP handler that takes their turns and a simulator read this one table.");
        writer.Line(CSharp.GeneratedCodeAttribute);
        using (writer.Block($"public static partial class {GeneratedNames.RateBudgets}"))
        {
            foreach (var family in families)
            {
                writer.Line($"/// <summary>The {DocComment.Code(family.Family)} family: {Describe(family)}.</summary>");
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
