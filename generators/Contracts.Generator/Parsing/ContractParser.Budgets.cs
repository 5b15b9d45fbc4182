using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Contracts.Generator.Diagnostics;
using Contracts.Generator.Json;
using Contracts.Generator.Model;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Parsing;

/// <summary>An endpoint's <c>rateLimit</c>: its budget family, interval and burst, the same for every endpoint of a family.</summary>
internal sealed partial class ContractParser
{
    private static readonly string[] RateLimitKeys = { "requests", "perSeconds", "budget", "burst" };

    /// <summary>Each family's limit as first declared, with where: every other endpoint of the family must declare the same.</summary>
    private readonly Dictionary<string, (RateLimitModel Limit, TextRange Range)> _families = new(System.StringComparer.Ordinal);

    private RateLimitModel? ReadRateLimit(JsonObject node, string where, string? endpointName)
    {
        if (_reader.Object(node, "rateLimit") is not { } rateNode)
        {
            if (node["rateLimit"] is null && endpointName is not null)
            {
                _reader.Report(DiagnosticDescriptors.NoRateBudget, node.Find("name")!.Value.Range, endpointName, IsFamilyName(KebabCase(endpointName)) ? KebabCase(endpointName) : "none: name one with \"budget\"");
            }

            return null;
        }

        string rateWhere = "the rate limit of " + where;
        _reader.CheckKeys(rateNode, rateWhere, RateLimitKeys);
        int? requests = _reader.PositiveInteger(rateNode, "requests", rateWhere, "1");
        int? perSeconds = _reader.PositiveInteger(rateNode, "perSeconds", rateWhere, "1");
        int burst = rateNode["burst"] is null ? 1 : _reader.PositiveInteger(rateNode, "burst", rateWhere, null) ?? 0;
        string? family = BudgetFamily(rateNode, endpointName);
        if (requests is null || perSeconds is null || family is null || burst == 0)
        {
            return null;
        }

        var limit = new RateLimitModel(requests.Value, perSeconds.Value) { Budget = family, Burst = burst };
        var range = rateNode.Find("budget")?.Value.Range ?? rateNode.Range;
        if (_families.TryGetValue(family, out var first))
        {
            if (first.Limit.IntervalTicks != limit.IntervalTicks || first.Limit.Burst != limit.Burst)
            {
                var at = _reader.Locate(first.Range);
                _reader.Report(DiagnosticDescriptors.BudgetFamilyMismatch, range, family, limit.Describe(), first.Limit.Describe(), "on line " + (at.StartLine + 1).ToString(CultureInfo.InvariantCulture));
                return null;
            }
        }
        else
        {
            _families[family] = (limit, range);
        }

        return limit;
    }

    /// <summary>
    /// The family named by <c>budget</c>, else the endpoint's own name in kebab case. A family name
    /// is words of lowercase letters and digits, each starting with a letter, joined by single
    /// dashes: it names a Redis key and a metric tag, and becomes a C# constant
    /// (<c>task-status</c>: <c>TaskStatusFamily</c>), one name for one family.
    /// </summary>
    private string? BudgetFamily(JsonObject rateNode, string? endpointName)
    {
        if (rateNode["budget"] is null)
        {
            if (endpointName is null)
            {
                return null;
            }

            string derived = KebabCase(endpointName);
            if (IsFamilyName(derived))
            {
                return derived;
            }

            _reader.Report(DiagnosticDescriptors.InvalidValue, rateNode.Range, ContractLimits.Shorten(endpointName), "the rate limit", "a \"budget\" naming the family, since the endpoint's name gives none (" + FamilyRule + ")");
            return null;
        }

        var budget = _reader.String(rateNode, "budget", "the rate limit");
        if (budget is null)
        {
            return null;
        }

        if (IsFamilyName(budget.Text))
        {
            return budget.Text;
        }

        _reader.Report(DiagnosticDescriptors.InvalidValue, budget.Range, ContractLimits.Shorten(budget.Text), "budget", "a family name such as \"task-status\": " + FamilyRule);
        return null;
    }

    private const string FamilyRule = "words of lowercase letters and digits, each starting with a letter, joined by single dashes, 64 characters at most; it names the budget's Redis key and metric tag";

    internal static bool IsFamilyName(string name)
    {
        if (name.Length == 0 || name.Length > 64)
        {
            return false;
        }

        bool wordStart = true;
        foreach (char c in name)
        {
            if (c == '-')
            {
                if (wordStart)
                {
                    return false;   // a leading dash, or two in a row
                }

                wordStart = true;
            }
            else if (c is >= 'a' and <= 'z')
            {
                wordStart = false;
            }
            else if (c is >= '0' and <= '9' && !wordStart)
            {
                // digits continue a word
            }
            else
            {
                return false;
            }
        }

        return !wordStart;   // no trailing dash
    }

    /// <summary>
    /// <c>GetVideoIdsByTaskId</c> becomes <c>get-video-ids-by-task-id</c>, <c>V2List</c> <c>v2-list</c>:
    /// a word starts at each capital that follows a lowercase letter or a digit (or starts a
    /// capitalised word after an acronym); digits stay with the word before them; anything else
    /// separates words.
    /// </summary>
    internal static string KebabCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        bool separate = false;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            bool letter = c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z');
            bool digit = c is >= '0' and <= '9';
            if (!letter && !digit)
            {
                separate = builder.Length > 0;
                continue;
            }

            bool upper = c is >= 'A' and <= 'Z';
            bool startsWord = letter && builder.Length > 0 && (separate || (upper && i > 0
                && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1])))));
            if (startsWord)
            {
                builder.Append('-');
            }
            else if (digit && builder.Length == 0)
            {
                continue;   // a word starts with a letter
            }

            separate = false;
            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
