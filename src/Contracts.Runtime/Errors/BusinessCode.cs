namespace Contracts.Runtime;

/// <summary>One business code of an API envelope: what it means and whether a retry can help.</summary>
/// <param name="Code">The code as the API sends it, such as <c>0401</c>.</param>
/// <param name="Name">The contract's name for it, such as <c>InvalidAuthorization</c>.</param>
/// <param name="Meaning">What the code means.</param>
/// <param name="Category">The kind of answer.</param>
/// <param name="IsRetryable">True when sending the same request again later can succeed.</param>
public sealed record BusinessCode(string Code, string Name, string Meaning, BusinessCodeCategory Category, bool IsRetryable)
{
    /// <summary>A code that the contract does not list: not retryable, category <see cref="BusinessCodeCategory.Other"/>.</summary>
    /// <param name="code">The code as received.</param>
    /// <returns>A description of the unlisted code.</returns>
    public static BusinessCode Unlisted(string code) =>
        new(code, "Unlisted", "a code the contract does not list", BusinessCodeCategory.Other, IsRetryable: false);
}
