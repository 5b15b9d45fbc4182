using System.Text;

namespace Contracts.Benchmarks.Serialization;

/// <summary>The task-status answers the decoding benchmarks read, built once, seeded.</summary>
public static class Payloads
{
    /// <summary>Which answer a benchmark reads.</summary>
    public enum Kind
    {
        /// <summary>The documentation's answer: two videos, numbers as strings.</summary>
        TwoVideos,

        /// <summary>1,000 videos with durations and timestamps as JSON numbers.</summary>
        ThousandWithNumbers,

        /// <summary>1,000 videos with durations and timestamps as strings, as some answers send them.</summary>
        ThousandWithNumericStrings,
    }

    public static byte[] TaskAnswer(Kind kind) => kind switch
    {
        Kind.TwoVideos => Envelope(2, numbersAsStrings: true),
        Kind.ThousandWithNumbers => Envelope(1_000, numbersAsStrings: false),
        _ => Envelope(1_000, numbersAsStrings: true),
    };

    private static byte[] Envelope(int videos, bool numbersAsStrings)
    {
        var random = new Random(2026);
        string[] statuses = ["PARSE", "UNPARSE", "FAIL"];
        var text = new StringBuilder("{\"code\":\"0000\",\"msg\":\"success\",\"data\":{\"videos\":[");
        for (int i = 0; i < videos; i++)
        {
            string duration = random.Next(5, 600).ToString(System.Globalization.CultureInfo.InvariantCulture);
            string created = (1_758_262_500_019L + (i * 1_000L)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            string quote = numbersAsStrings ? "\"" : string.Empty;
            text.Append(i == 0 ? string.Empty : ",")
                .Append("{\"video_no\":\"VI").Append(625_239_098_370_850_816L + i).Append('"')
                .Append(",\"video_name\":\"clip ").Append(i).Append('"')
                .Append(",\"duration\":").Append(quote).Append(duration).Append(quote)
                .Append(",\"create_time\":").Append(quote).Append(created).Append(quote)
                .Append(",\"status\":\"").Append(statuses[random.Next(statuses.Length)]).Append('"')
                .Append(",\"video_url\":\"https://cdn.example.com/v/").Append(i).Append(".mp4\"}");
        }

        text.Append("]},\"success\":true,\"failed\":false}");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
