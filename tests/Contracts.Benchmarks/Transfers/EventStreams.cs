using System.Globalization;
using System.Net;
using System.Text;
using Acme.Everything;
using Acme.Everything.Client;
using Refit;

namespace Contracts.Benchmarks.Transfers;

/// <summary>An event stream as a server sends it, and a client of the everything contract that reads it from memory.</summary>
internal static class EventStreams
{
    /// <summary><paramref name="count"/> events, progress and log lines in turn, then the end marker: one <c>data:</c> line each.</summary>
    public static byte[] Create(int count)
    {
        var text = new StringBuilder(count * 64);
        for (int i = 0; i < count; i++)
        {
            text.Append(i % 2 == 0
                ? string.Create(CultureInfo.InvariantCulture, $"data: {{\"type\":\"progress\",\"percent\":{i % 100}.5,\"at\":{1_758_262_500_000L + i}}}\n\n")
                : string.Create(CultureInfo.InvariantCulture, $"data: {{\"type\":\"log_line\",\"text\":\"step {i} of the job, done\"}}\n\n"));
        }

        text.Append("data: [DONE]\n\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A client whose every request is answered with <paramref name="body"/>, read from memory as if from the connection.</summary>
    public static IAcmeApi Client(byte[] body, string contentType = "text/event-stream") =>
        RestService.ForGenerated<IAcmeApi>(
            new HttpClient(new Answering(body, contentType)) { BaseAddress = new Uri("http://acme.invalid") },
            EverythingJsonContext.Default);

    private sealed class Answering(byte[] body, string contentType) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(new MemoryStream(body, writable: false));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
