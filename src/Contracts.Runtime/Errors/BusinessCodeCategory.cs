namespace Contracts.Runtime;

/// <summary>The kind of answer a business code gives, so that callers can react without knowing every code.</summary>
public enum BusinessCodeCategory
{
    /// <summary>A code the contract does not list.</summary>
    Other = 0,

    /// <summary>The request succeeded.</summary>
    Success,

    /// <summary>The request's parameters were wrong.</summary>
    InvalidRequest,

    /// <summary>The credentials were missing or wrong.</summary>
    Unauthorized,

    /// <summary>The account has not enough balance or points.</summary>
    InsufficientBalance,

    /// <summary>The account or key may not do this.</summary>
    Forbidden,

    /// <summary>What was asked for does not exist.</summary>
    NotFound,

    /// <summary>The request repeats or contradicts an earlier one.</summary>
    Conflict,

    /// <summary>Too many requests; back off and retry.</summary>
    RateLimited,

    /// <summary>The service failed; a retry may succeed.</summary>
    ServerError,
}
