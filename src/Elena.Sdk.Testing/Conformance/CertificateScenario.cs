namespace Elena.Sdk.Testing.Conformance;

/// <summary>
/// A certificate lifecycle case (seed 000): steps against the simulated trust center with the SDK's
/// <c>TrustCenterWorkflow</c> and a certificate store in a temporary folder, on a manual clock. Each step has an outcome
/// (see <see cref="CertificateStep.Action"/>); the outcome of the last step is checked against
/// <see cref="Expectation.Outcome"/>, and a step's own <see cref="CertificateStep.Expect"/> is checked where given.
/// </summary>
public sealed record CertificateScenario
{
    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<CertificateStep> Steps { get; init; } = [];
}

/// <summary>
/// One step of a <see cref="CertificateScenario"/>. Outcomes are short, stable strings; a refusal of the trust center is
/// <c>refused &lt;code&gt;</c> (e.g. <c>refused OSTC-E03</c>).
/// </summary>
public sealed record CertificateStep
{
    /// <summary>
    /// What to do, and its outcome when it succeeds:
    /// <list type="bullet">
    /// <item><c>request</c> — first request through the workflow with <see cref="Registration"/> and <see cref="Contact"/>: <c>ordered</c>;
    /// <c>request-pending</c> when one is pending; <c>not-sent guid-required</c> when there is no GUID.</item>
    /// <item><c>unlock</c> — the letter for the pending order is read, its hash compared with the software's, its unlock code
    /// (or a wrong one, <see cref="Code"/>) entered in the portal: <c>unlocked</c>, <c>unlock-refused</c>, <c>no-letter</c>,
    /// <c>letter-hash-differs</c>.</item>
    /// <item><c>letter</c> — whether the trust center sent a letter for the pending order: <c>letter</c> or <c>no-letter</c>.</item>
    /// <item><c>confirm</c> — order confirmation with the pending key's hash (or a wrong one, <see cref="Hash"/>; or an unknown
    /// order, <see cref="Order"/>): <c>confirmed</c>.</item>
    /// <item><c>wait</c> — the clock moves <see cref="Days"/> days: <c>waited</c>.</item>
    /// <item><c>fetch</c> — asks for the certificate and imports it (<see cref="Order"/> <c>unknown</c>: asks for an order the
    /// trust center never gave): <c>issued</c> or <c>not-yet-issued</c>.</item>
    /// <item><c>import</c> — imports a certificate reply given by hand (<see cref="Reply"/>): <c>issued</c>, or
    /// <c>not-imported reply-unreadable</c> / <c>not-imported reply-does-not-match</c> when the store is unchanged.</item>
    /// <item><c>renew</c> — renewal through the workflow (signed with the current certificate, no GUID): <c>ordered</c>;
    /// <c>first-request-required</c> (expired, contact person changed, no certificate).</item>
    /// <item><c>application</c> — an application built by hand and put on the wire as another vendor's software might
    /// (<see cref="Registration"/>, <see cref="Signed"/>): <c>ordered</c>.</item>
    /// <item><c>revoke</c> — the trust center revokes the current certificate: <c>revoked</c>.</item>
    /// <item><c>status</c> — the workflow's status: <c>empty</c>, <c>pending</c>, <c>issued</c>, <c>expiring</c>, <c>expired</c>, <c>revoked</c>.</item>
    /// <item><c>check</c> — the renewal check: <c>due expiring</c>, <c>due expired</c> or <c>nothing-due</c>.</item>
    /// <item><c>reopen</c> — closes the store and opens it again with the right or a wrong <see cref="Password"/>: <c>opened</c> or <c>wrong-password</c>.</item>
    /// <item><c>start-over</c> — the password is forgotten: the old file is moved aside and a new empty store made: <c>started-over</c>.</item>
    /// <item><c>backup</c> / <c>restore</c> — a backup of the whole store (with a pending key pair) is written, or restored over the store: <c>backed-up</c>, <c>restored</c>.</item>
    /// <item><c>discard</c> — the pending request is discarded on purpose: <c>discarded</c>.</item>
    /// </list>
    /// </summary>
    public required string Action { get; init; }

    /// <summary>The registration-portal GUID sent: <c>portal</c> (issued for the employer; default for first requests), <c>unknown</c> (never issued),
    /// <c>other-employer</c> (issued for another Betriebsnummer), <c>none</c>.</summary>
    public string? Registration { get; init; }

    /// <summary>The contact person's surname (default <c>Müller</c>); a different one is a change of contact person.</summary>
    public string? Contact { get; init; }

    /// <summary>For <c>application</c>: signed with the current certificate and sealed to the trust center (a renewal on the wire).</summary>
    public bool Signed { get; init; }

    /// <summary>For <c>unlock</c>: <c>letter</c> (default) or <c>wrong</c>.</summary>
    public string? Code { get; init; }

    /// <summary>For <c>confirm</c>: <c>own</c> (default) or <c>wrong</c>.</summary>
    public string? Hash { get; init; }

    /// <summary>For <c>confirm</c> and <c>fetch</c>: <c>own</c> (default) or <c>unknown</c>.</summary>
    public string? Order { get; init; }

    /// <summary>For <c>import</c>: <c>issued</c> (the trust center's reply for the pending order), <c>unreadable</c> (bytes that are no certificate),
    /// <c>other</c> (a well-formed reply holding certificates of someone else).</summary>
    public string? Reply { get; init; }

    /// <summary>For <c>reopen</c>: <c>right</c> (default) or <c>wrong</c>.</summary>
    public string? Password { get; init; }

    /// <summary>For <c>wait</c>: days.</summary>
    public int Days { get; init; }

    /// <summary>The outcome this step must have, or <see langword="null"/> to check only the last step's (against <see cref="Expectation.Outcome"/>).</summary>
    public string? Expect { get; init; }
}

/// <summary>
/// A signature-card case (seeds 002, 003): PIN entries and changes on a <c>SimulatedSignatureCard</c>, identifier checks,
/// and the card's lifecycle deadlines on a manual clock. The outcome of the last step is checked against
/// <see cref="Expectation.Outcome"/>; a step's own <see cref="CardStep.Expect"/> is checked where given.
/// </summary>
public sealed record CardScenario
{
    /// <summary>The card provider's deadlines: <c>default</c> (14 days, reminder, 14 days) or <c>28-days</c> (28 days, no reminder).</summary>
    public string Policy { get; init; } = "default";

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<CardStep> Steps { get; init; } = [];
}

/// <summary>
/// One step of a <see cref="CardScenario"/>. Secrets are named, not spelled out, where they are the card's own:
/// <c>transport</c> (the 5-digit transport PIN), <c>personal</c> (the PIN set last), <c>wrong</c> (a PIN or PUK the card does not hold),
/// <c>puk</c>; anything else is taken as the digits entered. Outcomes never contain a PIN or PUK.
/// </summary>
public sealed record CardStep
{
    /// <summary>
    /// What to do, and its outcome when it succeeds (a refused PIN operation gives <c>wrong-pin N left</c>, <c>blocked</c>,
    /// <c>transport-pin-active</c>, <c>wrong-puk N left</c>, <c>locked-for-good</c> or <c>refused &lt;rule&gt;</c>, e.g. <c>refused AscendingRun</c>):
    /// <list type="bullet">
    /// <item><c>change</c> — changes <see cref="Pin"/> from <see cref="With"/> to <see cref="To"/>: <c>changed</c>.</item>
    /// <item><c>verify</c> — enters <see cref="With"/>: <c>verified</c>.</item>
    /// <item><c>unblock</c> — enters the PUK <see cref="With"/> and sets <see cref="To"/>: <c>unblocked</c>.</item>
    /// <item><c>sign</c> — batch signature of <see cref="Documents"/> documents with one entry of PIN.QES <see cref="With"/>; every signature is
    /// verified: <c>signed N</c>, or <c>refused batch-limit</c> above 254.</item>
    /// <item><c>state</c> — the PIN's state: <c>transport</c>, <c>verifiable</c>, <c>blocked</c>, <c>locked-for-good</c>, followed by
    /// <c>N tries</c> (e.g. <c>verifiable 3 tries</c>).</item>
    /// <item><c>iccsn</c>, <c>efn</c>, <c>can</c> — checks <see cref="Value"/>: <c>valid</c> or <c>invalid</c>.</item>
    /// <item><c>ship</c> — the card is identified, approved, produced and shipped (the unlock deadline starts): <c>shipped</c>.</item>
    /// <item><c>wait</c> — the clock moves <see cref="Days"/> days and <see cref="Months"/> months: <c>waited</c>.</item>
    /// <item><c>evaluate</c> — applies the deadlines: <c>none</c>, <c>unlock-reminder</c>, <c>revoked-not-unlocked</c>, <c>expiry-reminder</c>.</item>
    /// <item><c>unlock</c>, <c>activate</c>, <c>renew</c> — the lifecycle moves on: <c>unlocked</c>, <c>active</c>, <c>renewed</c>;
    /// <c>refused revoked</c> or <c>refused &lt;state&gt;</c> when it cannot.</item>
    /// <item><c>revoke</c> — revokes the card by <see cref="Value"/> (default: its own ICCSN): <c>revoked</c>, or <c>refused wrong-iccsn</c>.</item>
    /// <item><c>card-state</c> — the lifecycle state in lower case with hyphens (e.g. <c>active</c>, <c>expiring</c>, <c>revoked</c>).</item>
    /// </list>
    /// </summary>
    public required string Action { get; init; }

    /// <summary>Which PIN: <c>qes</c> (PIN.QES, default) or <c>ch</c> (PIN.CH).</summary>
    public string Pin { get; init; } = "qes";

    /// <summary>The PIN or PUK entered (see the type's remarks for the names).</summary>
    public string? With { get; init; }

    /// <summary>The new PIN.</summary>
    public string? To { get; init; }

    /// <summary>How often the step is repeated (the outcome is the last one's).</summary>
    public int Times { get; init; } = 1;

    /// <summary>For <c>sign</c>: how many documents.</summary>
    public int Documents { get; init; } = 1;

    /// <summary>For identifier checks and <c>revoke</c>: the value.</summary>
    public string? Value { get; init; }

    /// <summary>For <c>wait</c>: days.</summary>
    public int Days { get; init; }

    /// <summary>For <c>wait</c>: months.</summary>
    public int Months { get; init; }

    /// <summary>The outcome this step must have, or <see langword="null"/> to check only the last step's.</summary>
    public string? Expect { get; init; }
}
