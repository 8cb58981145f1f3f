using System.Security.Cryptography;
using Elena.Sdk.Certificates.Cards;
using Elena.Sdk.Testing.Cards;

namespace Elena.Sdk.Testing.Conformance;

/// <summary>
/// Runs the signature-card cases (<see cref="ConformanceCase.Card"/>, ids <c>PIN-…</c>): PIN rules and counters on a
/// fresh <see cref="SimulatedSignatureCard"/>, identifier checks with <see cref="CardIdentifiers"/>, and the card's
/// deadlines with <see cref="SignatureCardLifecycle"/> on a manual clock. Outcomes and failures never contain a PIN or PUK.
/// </summary>
public static class CardCaseRunner
{
    /// <summary>The ICCSN of the simulated card (synthetic: MII 80, country 276, a made-up issuer and serial).</summary>
    public const string CardIccsn = "80276883110000095711";

    // Synthetic secrets of a simulated card; they never appear in an outcome or a failure.
    private const string TransportQes = "47110";
    private const string TransportCh = "08150";
    private const string PukQes = "31415926";
    private const string PukCh = "27182818";
    private const string WrongSecret = "90817263";

    /// <summary>Runs one card case.</summary>
    /// <param name="scenario">The case; <see cref="ConformanceCase.Card"/> must be set.</param>
    /// <param name="cancellationToken">Cancels the run (between steps).</param>
    /// <returns>The result: a failure for the first step whose outcome differs from its expectation, or for the final outcome.</returns>
    public static Task<CaseResult> RunAsync(ConformanceCase scenario, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var card = scenario.Card ?? throw new ArgumentException($"Case {scenario.Id} has no card scenario.", nameof(scenario));
        var failures = new List<string>();
        if (scenario.Expect.Outcome is null)
        {
            failures.Add("outcome: the case names no expected outcome");
        }

        if (card.Policy is not ("default" or "28-days"))
        {
            failures.Add($"policy: '{card.Policy}' is not a card policy (default, 28-days)");
            return Task.FromResult(new CaseResult(scenario, failures, null));
        }

        using var run = new Run(card.Policy);
        string? outcome = null;
        for (int i = 0; i < card.Steps.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = card.Steps[i];
            try
            {
                for (int time = 0; time < Math.Max(1, step.Times); time++)
                {
                    outcome = run.Execute(step);
                }
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                failures.Add($"step {i + 1} ({step.Action}): {e.GetType().Name}: {e.Message}");
                return Task.FromResult(new CaseResult(scenario, failures, null));
            }

            if (step.Expect is { } expected && !string.Equals(expected, outcome, StringComparison.Ordinal))
            {
                failures.Add($"step {i + 1} ({step.Action}): expected {expected}, got {outcome}");
                return Task.FromResult(new CaseResult(scenario, failures, null));
            }
        }

        if (scenario.Expect.Outcome is { } final && !string.Equals(final, outcome, StringComparison.Ordinal))
        {
            failures.Add($"outcome: expected {final}, got {outcome ?? "nothing (no steps)"}");
        }

        return Task.FromResult(new CaseResult(scenario, failures, null));
    }

    private static string Describe(CardPinException e) => e.Error switch
    {
        CardPinError.WrongPin => $"wrong-pin {e.RemainingTries} left",
        CardPinError.WrongPuk => $"wrong-puk {e.RemainingTries} left",
        CardPinError.Blocked => "blocked",
        CardPinError.TransportPinActive => "transport-pin-active",
        CardPinError.LockedForGood => "locked-for-good",
        CardPinError.RuleViolation => "refused " + e.Violation,
        _ => "not-supported",
    };

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()));

    private sealed class Run : IDisposable
    {
        private readonly ManualTimeProvider clock = new(new DateTimeOffset(2011, 2, 3, 9, 0, 0, TimeSpan.Zero));
        private readonly SimulatedSignatureCard card = new(CardIccsn, TransportQes, TransportCh, PukQes, PukCh);
        private readonly SignatureCardLifecycle lifecycle;
        private readonly Dictionary<PinKind, string> personal = [];

        public Run(string policy)
        {
            lifecycle = new SignatureCardLifecycle(CardIccsn, policy == "28-days" ? SignatureCardPolicy.TwentyEightDays : SignatureCardPolicy.Default, clock);
        }

        public string Execute(CardStep step)
        {
            var kind = step.Pin switch
            {
                "qes" => PinKind.Qes,
                "ch" => PinKind.CardHolder,
                _ => throw new ArgumentException($"Unknown PIN '{step.Pin}'.", nameof(step)),
            };
            try
            {
                return step.Action switch
                {
                    "change" => Change(kind, step),
                    "verify" => Verify(kind, step),
                    "unblock" => Unblock(kind, step),
                    "sign" => Sign(step),
                    "state" => State(kind),
                    "iccsn" => CardIdentifiers.IsValidIccsn(step.Value) ? "valid" : "invalid",
                    "efn" => CardIdentifiers.IsValidEfn(step.Value) ? "valid" : "invalid",
                    "can" => CardIdentifiers.IsValidCan(step.Value) ? "valid" : "invalid",
                    "ship" => Ship(),
                    "wait" => Wait(step),
                    "evaluate" => Kebab(lifecycle.Evaluate().ToString()),
                    "unlock" => Move(lifecycle.Unlock, "unlocked"),
                    "activate" => Move(lifecycle.Activate, "active"),
                    "renew" => Move(lifecycle.Renew, "renewed"),
                    "revoke" => Revoke(step),
                    "card-state" => Kebab(lifecycle.State.ToString()),
                    _ => throw new ArgumentException($"Unknown card step '{step.Action}'.", nameof(step)),
                };
            }
            catch (CardPinException e)
            {
                return Describe(e);
            }
        }

        public void Dispose() => card.Dispose();

        private string Secret(PinKind kind, string? name, bool puk = false) => name switch
        {
            null => throw new ArgumentException("The step needs a PIN or PUK (with).", nameof(name)),
            "transport" => kind == PinKind.Qes ? TransportQes : TransportCh,
            "personal" => personal.TryGetValue(kind, out var pin) ? pin : throw new ArgumentException("No personal PIN was set before.", nameof(name)),
            "puk" => kind == PinKind.Qes ? PukQes : PukCh,
            "wrong" => puk ? WrongSecret : WrongSecret[..6],
            _ when name.All(char.IsAsciiDigit) => name,
            _ => throw new ArgumentException("A PIN is a name (transport, personal, puk, wrong) or digits.", nameof(name)),
        };

        private string Change(PinKind kind, CardStep step)
        {
            string newPin = Secret(kind, step.To);
            card.ChangePin(kind, Secret(kind, step.With), newPin);
            personal[kind] = newPin;
            return "changed";
        }

        private string Verify(PinKind kind, CardStep step)
        {
            card.VerifyPin(kind, Secret(kind, step.With));
            return "verified";
        }

        private string Unblock(PinKind kind, CardStep step)
        {
            string newPin = Secret(kind, step.To);
            card.UnblockPin(kind, Secret(kind, step.With, puk: true), newPin);
            personal[kind] = newPin;
            return "unblocked";
        }

        private string Sign(CardStep step)
        {
            var hashes = Enumerable.Range(0, step.Documents).Select(i => SHA256.HashData(BitConverter.GetBytes(i))).ToList();
            IReadOnlyList<byte[]> signatures;
            try
            {
                signatures = card.SignBatch(Secret(PinKind.Qes, step.With), hashes);
            }
            catch (ArgumentException) when (step.Documents > PinRules.MaxBatchSignatures)
            {
                return "refused batch-limit";
            }

            using var key = card.PublicKey;
            int good = hashes.Zip(signatures).Count(p => key.VerifyHash(p.First, p.Second, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
            return good == hashes.Count ? $"signed {good}" : $"signed {good} of {hashes.Count} verifiable";
        }

        private string State(PinKind kind)
        {
            var state = card.GetPinState(kind);
            return $"{Kebab(state.Status.ToString())} {state.RemainingTries} tries";
        }

        private string Ship()
        {
            lifecycle.Identify();
            lifecycle.Approve();
            lifecycle.Produce();
            lifecycle.Ship();
            return "shipped";
        }

        private string Wait(CardStep step)
        {
            var now = clock.GetUtcNow();
            clock.Advance(now.AddMonths(step.Months).AddDays(step.Days) - now);
            return "waited";
        }

        private string Move(Action transition, string done)
        {
            try
            {
                transition();
                return done;
            }
            catch (InvalidOperationException)
            {
                return "refused " + Kebab(lifecycle.State.ToString());
            }
        }

        private string Revoke(CardStep step)
        {
            try
            {
                lifecycle.Revoke(step.Value ?? CardIccsn);
                return "revoked";
            }
            catch (ArgumentException)
            {
                return "refused wrong-iccsn";
            }
        }
    }
}
