using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Contracts.Generator.Diagnostics;
using Contracts.Generator.Model;

namespace Contracts.Generator.Conflicts;

/// <summary>
/// Two contracts of one namespace (one API, split by surface) that declare a budget family with
/// different limits: the namespace's table can hold one, so the later contract in path order gets
/// CTR028 at the endpoint that disagrees (one contract's own disagreements are the parser's).
/// </summary>
internal static class BudgetFamilyCheck
{
    public static IEnumerable<DiagnosticInfo> Find(IEnumerable<ContractParseResult> parsed)
    {
        var first = new Dictionary<(string Namespace, string Family), (RateLimitModel Limit, string File, SourceLocation? Location)>();
        foreach (var result in parsed.Where(r => r.Model is not null).OrderBy(r => r.Model!.FilePath, System.StringComparer.Ordinal))
        {
            var model = result.Model!;
            foreach (var endpoint in model.Endpoints.Where(e => e.RateLimit is not null))
            {
                var limit = endpoint.RateLimit!;
                var key = (model.Namespace, limit.Budget);
                var location = result.EndpointLocations.FirstOrDefault(l => l.EndpointName == endpoint.Name)?.Location;
                if (!first.TryGetValue(key, out var known))
                {
                    first[key] = (limit, model.FilePath, location);
                }
                else if (known.File != model.FilePath && (known.Limit.IntervalTicks != limit.IntervalTicks || known.Limit.Burst != limit.Burst))
                {
                    string where = "in " + Path.GetFileName(known.File)
                        + (known.Location is { } at ? ", line " + (at.StartLine + 1).ToString(CultureInfo.InvariantCulture) : string.Empty);
                    yield return new DiagnosticInfo(
                        DiagnosticDescriptors.BudgetFamilyMismatch.Id,
                        location,
                        new[] { limit.Budget, limit.Describe(), known.Limit.Describe(), where }.ToEquatableArray());
                }
            }
        }
    }
}
