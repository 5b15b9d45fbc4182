namespace Contracts.Testing;

/// <summary>
/// The seed of the generated-input (CsCheck) tests. Fixed, so that a failure in CI is the same
/// failure on any machine; to look further, run a test with another seed, and keep any input that
/// fails as a named regression test.
/// </summary>
internal static class Seeds
{
    public const string Default = "0N0XIzNsQ0O2";
}
