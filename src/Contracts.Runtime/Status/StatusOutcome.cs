namespace Contracts.Runtime;

/// <summary>What a status value means to someone waiting on it, as declared in the contract.</summary>
public enum StatusOutcome
{
    /// <summary>Still in progress; keep waiting. Values the contract does not list count as pending.</summary>
    Pending = 0,

    /// <summary>Finished successfully.</summary>
    Success = 1,

    /// <summary>Finished and failed; waiting longer will not change it.</summary>
    Failure = 2,
}
