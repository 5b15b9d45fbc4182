using System.Collections.Generic;
using System.Linq;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Emitting;

/// <summary>One property a generated reader declares: its wire name (and other names it is read under), the local it fills and how its value is read.</summary>
internal readonly record struct PropertyCase(string WireName, string Local, string ReadExpression, IReadOnlyList<string>? Aliases = null);

/// <summary>
/// The loop every generated reader runs over an object's properties: the converter's
/// <c>WirePropertyNames</c> says which declared property the reader is on (one comparison when
/// the answer keeps the contract's order) and the reader switches on it. The property being read is
/// remembered, so a value that cannot be decoded is reported with its JSON path, model and field
/// (<c>WireJson.AtProperty</c>).
/// </summary>
internal static class PropertySwitch
{
    /// <summary>The converter's table of wire names, in the order of the switch's cases, then the aliases.</summary>
    public static void WriteNames(SourceWriter writer, IReadOnlyList<PropertyCase> cases)
    {
        var names = cases.Select(c => c.WireName).Concat(cases.SelectMany(c => c.Aliases ?? [])).ToList();
        writer.Line("// The wire names of the properties read below, in the order of the switch's cases" + (names.Count > cases.Count ? ", then their aliases." : "."));
        writer.Line($"private static readonly {KnownTypes.WirePropertyNames} {GeneratedNames.WireNamesField} = new(");
        using (writer.Indent())
        {
            for (int i = 0; i < names.Count; i++)
            {
                writer.Line($"{CSharp.StringLiteral(names[i])}{(i == names.Count - 1 ? ");" : ",")}");
            }
        }
    }

    /// <summary>The loop, from the reader on the object's start to its end; unknown properties are skipped.</summary>
    public static void WriteLoop(SourceWriter writer, string typeName, IReadOnlyList<PropertyCase> cases)
    {
        writer.Line($"string? {GeneratedNames.PropertyLocal} = null;");
        writer.Line($"int {GeneratedNames.NextPropertyLocal} = 0;");
        using (writer.Block("try"))
        {
            using (writer.Block($"while ({KnownTypes.WireJson}.NextProperty(ref reader))"))
            {
                using (writer.Block($"switch ({GeneratedNames.WireNamesField}.IndexOf(ref reader, ref {GeneratedNames.NextPropertyLocal}))"))
                {
                    int alias = cases.Count;
                    for (int i = 0; i < cases.Count; i++)
                    {
                        writer.Line($"case {i}:");
                        foreach (var name in cases[i].Aliases ?? [])
                        {
                            writer.Line($"case {alias++}:");
                        }

                        using (writer.Indent())
                        {
                            writer.Line($"{GeneratedNames.PropertyLocal} = {CSharp.StringLiteral(cases[i].WireName)};");
                            writer.Line($"{KnownTypes.WireJson}.MoveToValue(ref reader);");
                            writer.Line($"{cases[i].Local} = {cases[i].ReadExpression};");
                            writer.Line("break;");
                        }
                    }

                    writer.Line("default:");
                    using (writer.Indent())
                    {
                        writer.Line($"{KnownTypes.WireJson}.SkipValue(ref reader);");
                        writer.Line("break;");
                    }
                }

                writer.Line();
                writer.Line($"{GeneratedNames.PropertyLocal} = null;");
            }
        }

        using (writer.Block($"catch ({KnownTypes.JsonException} {GeneratedNames.ErrorLambda}) when ({GeneratedNames.PropertyLocal} is not null)"))
        {
            writer.Line($"throw {KnownTypes.WireJson}.AtProperty({GeneratedNames.ErrorLambda}, {CSharp.StringLiteral(typeName)}, {GeneratedNames.PropertyLocal});");
        }
    }
}
