namespace Contracts.Runtime.Diagnostics;

/// <summary>
/// The tag names on the runtime's activities and instruments, in one place. They follow
/// OpenTelemetry's conventions: lower case, dot-separated namespaces, the standard attribute where
/// one exists (<c>error.type</c>, <c>http.response.status_code</c>, <c>url.template</c>).
/// </summary>
internal static class TelemetryTags
{
    public const string Subject = "contracts.wait.subject";
    public const string BatchId = "contracts.wait.batch_id";
    public const string Outcome = "contracts.wait.outcome";
    public const string Attempts = "contracts.wait.attempts";
    public const string Answers = "contracts.wait.answers";
    public const string SharedAnswers = "contracts.wait.shared_answers";
    public const string Succeeded = "contracts.wait.items.succeeded";
    public const string Failed = "contracts.wait.items.failed";
    public const string Pending = "contracts.wait.items.pending";
    public const string Attempt = "contracts.poll.attempt";
    public const string Result = "contracts.poll.result";
    public const string PollKind = "contracts.poll.kind";
    public const string WaitsAnswered = "contracts.poll.waits_answered";
    public const string BudgetFamily = "contracts.rate_budget.family";
    public const string ApiCode = "contracts.api.code";
    public const string CallAttempts = "contracts.call.attempts";
    public const string ErrorType = "error.type";
    public const string HttpStatusCode = "http.response.status_code";
    public const string RequestMethod = "http.request.method";
    public const string UrlTemplate = "url.template";
}
