using System.Diagnostics;
using Elena.Sdk.Testing.Conformance;

namespace Elena.Sdk.Testing.Tests.Conformance;

/// <summary>The certificate lifecycle (CRT-…) and signature-card (PIN-…) cases of the catalogue, and that their checks can fail.</summary>
public sealed class CertificateCardCaseTests
{
    private static readonly IReadOnlyList<ConformanceCase> Catalogue = ConformanceCatalogue.Load();

    private static ConformanceCase Case(string id) => Catalogue.Single(c => c.Id == id);

    private static Task<CaseResult> RunAsync(ConformanceCase scenario) => new ConformanceRunner(new BuiltInSubject()).RunAsync(scenario);

    [Fact]
    public void Catalogue_HoldsCertificateAndCardCases_EachNamingItsSeedAndOutcome()
    {
        var certificates = Catalogue.Where(c => c.Certificate is not null).ToList();
        var cards = Catalogue.Where(c => c.Card is not null).ToList();

        Assert.True(certificates.Count >= 12, $"only {certificates.Count} certificate cases");
        Assert.True(cards.Count >= 10, $"only {cards.Count} card cases");
        Assert.All(certificates, c => Assert.StartsWith("CRT-", c.Id, StringComparison.Ordinal));
        Assert.All(cards, c => Assert.StartsWith("PIN-", c.Id, StringComparison.Ordinal));
        Assert.All(certificates.Concat(cards), c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Seed), c.Id);
            Assert.False(string.IsNullOrWhiteSpace(c.Expect.Outcome), c.Id);
        });
        Assert.All(certificates, c => Assert.Contains("000", c.Seed, StringComparison.Ordinal));
    }

    public static TheoryData<string> CertificateAndCardCaseIds() =>
        [.. Catalogue.Where(c => c.Certificate is not null || c.Card is not null).Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(CertificateAndCardCaseIds))]
    public async Task Case_Passes(string id)
    {
        var result = await RunAsync(Case(id));

        Assert.True(result.Passed, $"{id}: {string.Join("; ", result.Failures)}");
        Assert.Null(result.Submission);
    }

    [Fact]
    public async Task FirstRequestPath_BestOfThree_UnderThreeSeconds()
    {
        // The cost is one RSA-2048 key pair (0.1 s on an idle 2-core machine, up to 2 s when it is overloaded) plus
        // a few store saves; the best of three hides an unlucky prime search. 4096-bit keys or 600,000 store
        // iterations would break this bound.
        var best = TimeSpan.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            var result = await RunAsync(Case("CRT-001"));
            Assert.True(result.Passed, string.Join("; ", result.Failures));
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }

        Assert.True(best < TimeSpan.FromSeconds(3), $"CRT-001 took {best.TotalMilliseconds:F0} ms at best");
    }

    [Fact]
    public async Task CertificateCase_WrongFinalOutcome_FailsWithExpectedAndActual()
    {
        var scenario = Case("CRT-013") with { Expect = new Expectation { Outcome = "ordered" } };

        var result = await RunAsync(scenario);

        Assert.False(result.Passed);
        Assert.Equal(["outcome: expected ordered, got first-request-required"], result.Failures);
    }

    [Fact]
    public async Task CertificateCase_WrongStepExpectation_FailsAtThatStep()
    {
        var original = Case("CRT-001");
        var steps = original.Certificate!.Steps.ToList();
        steps[4] = steps[4] with { Expect = "issued" }; // fetching before the issuing delay must say "not yet"
        var scenario = original with { Certificate = new CertificateScenario { Steps = steps } };

        var result = await RunAsync(scenario);

        Assert.Equal(["step 5 (fetch): expected issued, got not-yet-issued"], result.Failures);
    }

    [Fact]
    public async Task CertificateCase_RefusalExpectedButIssued_Fails()
    {
        var scenario = Case("CRT-001") with { Expect = new Expectation { Outcome = "refused OSTC-E01" } };

        var result = await RunAsync(scenario);

        Assert.Equal(["outcome: expected refused OSTC-E01, got issued"], result.Failures);
    }

    [Fact]
    public async Task CardCase_WrongOutcome_FailsWithoutNamingAPin()
    {
        var scenario = Case("PIN-010") with { Expect = new Expectation { Outcome = "signed 1" } };

        var result = await RunAsync(scenario);

        var failure = Assert.Single(result.Failures);
        Assert.Equal("outcome: expected signed 1, got blocked", failure);
        Assert.DoesNotContain("739154", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CardCase_TrivialPinExpectedToPass_Fails()
    {
        var scenario = new ConformanceCase
        {
            Id = "PIN-X",
            Title = "A wrong expectation: an ascending PIN accepted",
            Seed = "003",
            Card = new CardScenario { Steps = [new CardStep { Action = "change", With = "transport", To = "234567", Expect = "changed" }] },
            Expect = new Expectation { Outcome = "changed" },
        };

        var result = await RunAsync(scenario);

        Assert.Equal(["step 1 (change): expected changed, got refused AscendingRun"], result.Failures);
    }

    [Fact]
    public async Task Case_WithoutOutcome_Fails()
    {
        var scenario = Case("PIN-021") with { Expect = new Expectation() };

        var result = await RunAsync(scenario);

        Assert.Contains("outcome: the case names no expected outcome", result.Failures);
    }

    [Fact]
    public async Task Case_UnknownStep_FailsNamingTheStep()
    {
        var scenario = Case("CRT-024") with { Certificate = new CertificateScenario { Steps = [new CertificateStep { Action = "renwe" }] } };

        var result = await RunAsync(scenario);

        var failure = Assert.Single(result.Failures);
        Assert.StartsWith("step 1 (renwe): ArgumentException: Unknown certificate step 'renwe'.", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CertificateStepWithUnknownProperty_Refused()
    {
        using var stream = new MemoryStream("""[{ "id": "X", "title": "t", "seed": "000", "certificate": { "steps": [ { "action": "request", "guid": "x" } ] }, "expect": { "outcome": "ordered" } }]"""u8.ToArray());

        Assert.Throws<InvalidDataException>(() => ConformanceCatalogue.Parse(stream, "x.json"));
    }
}
