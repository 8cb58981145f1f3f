namespace Elena.Sdk.Certificates.Cards;

/// <summary>Where a signature card stands (seeds 002/003, procedure §8).</summary>
public enum CardState
{
    /// <summary>Applied for.</summary>
    Applied,

    /// <summary>The applicant was identified (post, point of sale, chamber, bank).</summary>
    Identified,

    /// <summary>The issuing body (chamber) approved.</summary>
    Approved,

    /// <summary>Produced by the provider.</summary>
    Produced,

    /// <summary>Shipped; the PIN letter follows; unlock within the deadline.</summary>
    Shipped,

    /// <summary>Unlocked (Freischaltung); the PINs still have to be set.</summary>
    Unlocked,

    /// <summary>In use: PINs set.</summary>
    Active,

    /// <summary>Within the reminder period before the end of validity: apply for the follow-up card.</summary>
    Expiring,

    /// <summary>Replaced by a follow-up card.</summary>
    Renewed,

    /// <summary>Revoked for good (by ICCSN, or because it was not unlocked in time).</summary>
    Revoked,
}

/// <summary>Deadlines of a card provider.</summary>
public sealed class SignatureCardPolicy
{
    /// <summary>Days to unlock after shipping before the reminder.</summary>
    public int UnlockDays { get; init; } = 14;

    /// <summary>Days after the reminder before the card is revoked (0 when the provider sends no reminder).</summary>
    public int DaysAfterReminder { get; init; } = 14;

    /// <summary>Validity of the card's certificates (at most 5 years).</summary>
    public int ValidityYears { get; init; } = 5;

    /// <summary>Months before the end of validity when the renewal reminder comes.</summary>
    public int ExpiryReminderMonths { get; init; } = 3;

    /// <summary>The common policy: 14 days, a reminder, 14 more days.</summary>
    public static SignatureCardPolicy Default { get; } = new();

    /// <summary>A provider that gives 28 days without a reminder.</summary>
    public static SignatureCardPolicy TwentyEightDays { get; } = new() { UnlockDays = 28, DaysAfterReminder = 0 };
}

/// <summary>What <see cref="SignatureCardLifecycle.Evaluate"/> found due.</summary>
public enum CardNotice
{
    /// <summary>Nothing due.</summary>
    None,

    /// <summary>The unlock deadline passed: remind the holder; the final deadline runs.</summary>
    UnlockReminder,

    /// <summary>The card was not unlocked in time and is revoked.</summary>
    RevokedNotUnlocked,

    /// <summary>The end of validity is near: apply for the follow-up card (simplified, no new identification when data are unchanged).</summary>
    ExpiryReminder,
}

/// <summary>
/// The lifecycle of one signature card with its deadlines, driven by a <see cref="TimeProvider"/>. Transitions go forward
/// only; revocation is irreversible.
/// </summary>
public sealed class SignatureCardLifecycle
{
    private readonly SignatureCardPolicy policy;
    private readonly TimeProvider time;
    private bool reminded;
    private bool expiryReminded;

    /// <summary>Starts the lifecycle of an applied-for card.</summary>
    /// <param name="iccsn">The card's ICCSN.</param>
    /// <param name="policy">The provider's deadlines.</param>
    /// <param name="timeProvider">The clock.</param>
    public SignatureCardLifecycle(string iccsn, SignatureCardPolicy? policy = null, TimeProvider? timeProvider = null)
    {
        if (!CardIdentifiers.IsValidIccsn(iccsn))
        {
            throw new ArgumentException("The ICCSN must have 20 digits starting with 80.", nameof(iccsn));
        }

        Iccsn = iccsn;
        this.policy = policy ?? SignatureCardPolicy.Default;
        time = timeProvider ?? TimeProvider.System;
        AppliedAt = time.GetUtcNow();
    }

    /// <summary>The ICCSN.</summary>
    public string Iccsn { get; }

    /// <summary>The state.</summary>
    public CardState State { get; private set; } = CardState.Applied;

    /// <summary>When it was applied for.</summary>
    public DateTimeOffset AppliedAt { get; }

    /// <summary>When it was shipped.</summary>
    public DateTimeOffset? ShippedAt { get; private set; }

    /// <summary>The end of validity (set at activation).</summary>
    public DateTimeOffset? ValidUntil { get; private set; }

    /// <summary>The unlock deadline before the reminder.</summary>
    public DateTimeOffset? UnlockReminderAt => ShippedAt?.AddDays(policy.UnlockDays);

    /// <summary>The final unlock deadline; after it the card is revoked.</summary>
    public DateTimeOffset? UnlockDeadline => ShippedAt?.AddDays(policy.UnlockDays + policy.DaysAfterReminder);

    /// <summary>Identified.</summary>
    public void Identify() => Move(CardState.Applied, CardState.Identified);

    /// <summary>Approved by the issuing body.</summary>
    public void Approve() => Move(CardState.Identified, CardState.Approved);

    /// <summary>Produced.</summary>
    public void Produce() => Move(CardState.Approved, CardState.Produced);

    /// <summary>Shipped: the unlock deadline starts.</summary>
    public void Ship()
    {
        Move(CardState.Produced, CardState.Shipped);
        ShippedAt = time.GetUtcNow();
    }

    /// <summary>Unlocked by the holder; refused (and the card revoked) after the final deadline.</summary>
    /// <exception cref="InvalidOperationException">Too late, or not shipped.</exception>
    public void Unlock()
    {
        Evaluate();
        Move(CardState.Shipped, CardState.Unlocked);
    }

    /// <summary>The PINs are set: the card is in use for <see cref="SignatureCardPolicy.ValidityYears"/> years.</summary>
    public void Activate()
    {
        Move(CardState.Unlocked, CardState.Active);
        ValidUntil = time.GetUtcNow().AddYears(policy.ValidityYears);
    }

    /// <summary>Replaced by a follow-up card.</summary>
    public void Renew()
    {
        Evaluate();
        if (State is not (CardState.Active or CardState.Expiring))
        {
            throw new InvalidOperationException($"A card in state {State} cannot be renewed.");
        }

        State = CardState.Renewed;
    }

    /// <summary>Revokes the card by its ICCSN; irreversible.</summary>
    /// <param name="iccsn">The ICCSN of the card to revoke (must be this card's).</param>
    public void Revoke(string iccsn)
    {
        if (!string.Equals(iccsn, Iccsn, StringComparison.Ordinal))
        {
            throw new ArgumentException("The ICCSN does not identify this card.", nameof(iccsn));
        }

        State = CardState.Revoked;
    }

    /// <summary>Applies the deadlines at the current time.</summary>
    /// <returns>What became due (each notice is returned once).</returns>
    public CardNotice Evaluate()
    {
        var now = time.GetUtcNow();
        if (State == CardState.Shipped)
        {
            if (now > UnlockDeadline)
            {
                State = CardState.Revoked;
                return CardNotice.RevokedNotUnlocked;
            }

            if (!reminded && policy.DaysAfterReminder > 0 && now > UnlockReminderAt)
            {
                reminded = true;
                return CardNotice.UnlockReminder;
            }
        }

        if (State is CardState.Active && ValidUntil is { } end && now >= end.AddMonths(-policy.ExpiryReminderMonths))
        {
            State = CardState.Expiring;
        }

        if (State == CardState.Expiring && !expiryReminded)
        {
            expiryReminded = true;
            return CardNotice.ExpiryReminder;
        }

        return CardNotice.None;
    }

    private void Move(CardState from, CardState to)
    {
        if (State == CardState.Revoked)
        {
            throw new InvalidOperationException("The card is revoked; revocation is irreversible.");
        }

        if (State != from)
        {
            throw new InvalidOperationException($"A card in state {State} cannot move to {to}.");
        }

        State = to;
    }
}
