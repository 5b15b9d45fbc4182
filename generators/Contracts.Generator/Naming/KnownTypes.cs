namespace Contracts.Generator.Naming;

/// <summary>
/// Every type the generated code names that does not come from a contract, spelled once and
/// fully qualified, so that no user type of the same short name can capture it.
/// </summary>
internal static class KnownTypes
{
    public const string Type = "global::System.Type";
    public const string Array = "global::System.Array";
    public const string Uri = "global::System.Uri";
    public const string TimeSpan = "global::System.TimeSpan";
    public const string DateTimeOffset = "global::System.DateTimeOffset";
    public const string InvariantCulture = "global::System.Globalization.CultureInfo.InvariantCulture";
    public const string Exception = "global::System.Exception";
    public const string ArgumentNullException = "global::System.ArgumentNullException";
    public const string ArgumentException = "global::System.ArgumentException";
    public const string StringComparison = "global::System.StringComparison";
    public const string Progress = "global::System.IProgress";
    public const string ReadOnlyList = "global::System.Collections.Generic.IReadOnlyList";

    public const string WireArrays = "global::Contracts.Runtime.Json.WireArrays";
    public const string AsyncEnumerable = "global::System.Collections.Generic.IAsyncEnumerable";
    public const string CancellationToken = "global::System.Threading.CancellationToken";
    public const string Task = "global::System.Threading.Tasks.Task";
    public const string Enumerable = "global::System.Collections.Generic.IEnumerable";
    public const string HttpResponseMessage = "global::System.Net.Http.HttpResponseMessage";
    public const string HttpContent = "global::System.Net.Http.HttpContent";
    public const string FormUrlEncodedContent = "global::System.Net.Http.FormUrlEncodedContent";
    public const string KeyValuePair = "global::System.Collections.Generic.KeyValuePair";
    public const string List = "global::System.Collections.Generic.List";
    public const string EnumeratorCancellation = "global::System.Runtime.CompilerServices.EnumeratorCancellation";
    public const string JsonElement = "global::System.Text.Json.JsonElement";
    public const string GeneratedCodeAttribute = "global::System.CodeDom.Compiler.GeneratedCode";

    public const string EditorBrowsable = "global::System.ComponentModel.EditorBrowsable";

    public const string EditorBrowsableState = "global::System.ComponentModel.EditorBrowsableState";

    public const string Utf8JsonReader = "global::System.Text.Json.Utf8JsonReader";
    public const string Utf8JsonWriter = "global::System.Text.Json.Utf8JsonWriter";
    public const string JsonSerializerOptions = "global::System.Text.Json.JsonSerializerOptions";
    public const string JsonTokenType = "global::System.Text.Json.JsonTokenType";
    public const string JsonException = "global::System.Text.Json.JsonException";

    /// <summary>Both the converter base class (generic) and the attribute that names a converter.</summary>
    public const string JsonConverter = "global::System.Text.Json.Serialization.JsonConverter";
    public const string JsonSerializerContext = "global::System.Text.Json.Serialization.JsonSerializerContext";
    public const string JsonTypeInfo = "global::System.Text.Json.Serialization.Metadata.JsonTypeInfo";
    public const string JsonMetadataServices = "global::System.Text.Json.Serialization.Metadata.JsonMetadataServices";

    public const string WireJson = "global::Contracts.Runtime.Json.WireJson";
    public const string WirePropertyNames = "global::Contracts.Runtime.Json.WirePropertyNames";
    public const string KnownWireValues = "global::Contracts.Runtime.Json.KnownWireValues";
    public const string WireEncoding = "global::Contracts.Runtime.Json.WireEncoding";
    public const string WireTimeUnit = "global::Contracts.Runtime.Json.WireTimeUnit";
    public const string WireValueReader = "global::Contracts.Runtime.Json.WireValueReader";
    public const string WireValueWriter = "global::Contracts.Runtime.Json.WireValueWriter";
    public const string RepeatedText = "global::Contracts.Runtime.Json.RepeatedText";
    public const string StatusOutcome = "global::Contracts.Runtime.StatusOutcome";
    public const string BusinessCode = "global::Contracts.Runtime.BusinessCode";
    public const string BusinessCodeCategory = "global::Contracts.Runtime.BusinessCodeCategory";
    public const string ApiResponseException = "global::Contracts.Runtime.ApiResponseException";

    public const string BatchPoll = "global::Contracts.Runtime.Polling.BatchPoll";
    public const string BatchWaiter = "global::Contracts.Runtime.Polling.BatchWaiter";
    public const string BatchKey = "global::Contracts.Runtime.Polling.BatchKey";
    public const string BatchSnapshot = "global::Contracts.Runtime.Polling.BatchSnapshot";
    public const string WaitResult = "global::Contracts.Runtime.Polling.WaitResult";
    public const string WaitOutcome = "global::Contracts.Runtime.Polling.WaitOutcome";
    public const string PollingOptions = "global::Contracts.Runtime.Polling.PollingOptions";
    public const string PollFault = "global::Contracts.Runtime.Polling.PollFault";

    public const string FilePart = "global::Contracts.Runtime.Http.FilePart";
    public const string FileAnswer = "global::Contracts.Runtime.Http.FileAnswer";
    public const string EventStream = "global::Contracts.Runtime.Http.EventStream";

    public const string EventStreamFailedException = "global::Contracts.Runtime.Http.EventStreamFailedException";

    public const string EventStreamEndedException = "global::Contracts.Runtime.Http.EventStreamEndedException";
    public const string EventStreamFormat = "global::Contracts.Runtime.Http.EventStreamFormat";
    public const string EnvelopeShape = "global::Contracts.Runtime.Http.EnvelopeShape";
    public const string UploadProgress = "global::Contracts.Runtime.Http.UploadProgress";
    public const string WireText = "global::Contracts.Runtime.Json.WireText";
    public const string WireArrayConverter = "global::Contracts.Runtime.Json.WireArrayConverter";
    public const string RateBudgetTable = "global::Contracts.Runtime.Budgets.RateBudgetTable";
    public const string RateBudget = "global::Contracts.Runtime.Budgets.RateBudget";
    public const string RateBudgetRoute = "global::Contracts.Runtime.Budgets.RateBudgetRoute";
    public const string RefitStreamPart = "global::Refit.StreamPart";

    public const string RefitApiException = "global::Refit.ApiException";
    public const string RefitApiRequestException = "global::Refit.ApiRequestException";
}
