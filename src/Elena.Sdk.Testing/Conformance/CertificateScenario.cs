namespace Elena.Sdk.Testing.Conformance;

/// <summary>
/// A certificate lifecycle case: steps against the simulated trust center (seed 000), checked by
/// <see cref="Expectation.Outcome"/>.
/// </summary>
public sealed record CertificateScenario
{
    /// <summary>The steps, in order (e.g. <c>request</c>, <c>confirm</c>, <c>import</c>, <c>renew</c>).</summary>
    public IReadOnlyList<string> Steps { get; init; } = [];
}

/// <summary>
/// A signature-card case: PIN entries and changes on a simulated card, checked by <see cref="Expectation.Outcome"/>.
/// </summary>
public sealed record CardScenario
{
    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<string> Steps { get; init; } = [];
}
