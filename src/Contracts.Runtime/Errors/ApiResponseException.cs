namespace Contracts.Runtime;

/// <summary>
/// The API answered, but with a business code other than success (usually inside an HTTP 200).
/// Carries the code and the API's message; never request headers, so never the API key.
/// </summary>
public class ApiResponseException : Exception
{
    /// <summary>Creates the exception for a business code and the API's message.</summary>
    /// <param name="code">The business code, with its meaning.</param>
    /// <param name="apiMessage">The message the API sent, if any.</param>
    public ApiResponseException(BusinessCode code, string? apiMessage)
        : base(Describe(code, apiMessage))
    {
        BusinessCode = code;
        ApiMessage = apiMessage;
    }

    /// <summary>The code as the API sent it, such as <c>0401</c>.</summary>
    public string Code => BusinessCode.Code;

    /// <summary>The code with its meaning, category and retryability.</summary>
    public BusinessCode BusinessCode { get; }

    /// <summary>The message the API sent with the code.</summary>
    public string? ApiMessage { get; }

    /// <summary>True when sending the same request again later can succeed.</summary>
    public bool IsRetryable => BusinessCode.IsRetryable;

    private static string Describe(BusinessCode code, string? apiMessage)
    {
        string meaning = code.Name == "Unlisted" ? "a code the contract does not list" : code.Meaning;
        return string.IsNullOrWhiteSpace(apiMessage)
            ? $"The API answered code {code.Code} ({meaning})."
            : $"The API answered code {code.Code} ({meaning}): {apiMessage}";
    }
}
