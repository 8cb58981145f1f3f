using Elena.Sdk.Testing.Conformance;

namespace Elena.Sdk.Testing.Tests.Conformance;

/// <summary>Every case of the conformance catalogue against the built-in subject (the SDK), in process.</summary>
public sealed class CatalogueTests
{
    private static readonly IReadOnlyList<ConformanceCase> Catalogue = ConformanceCatalogue.Load();

    public static TheoryData<string> CaseIds() => [.. Catalogue.Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(CaseIds))]
    public async Task Case_PassesAgainstTheBuiltInSubject(string id)
    {
        var scenario = Catalogue.Single(c => c.Id == id);

        var result = await new ConformanceRunner(new BuiltInSubject()).RunAsync(scenario);

        Assert.True(result.Passed, $"{id} ({scenario.Seed}): {string.Join("; ", result.Failures)}");
    }

    [Fact]
    public void Catalogue_IdsUniqueEveryCaseNamesItsSeedRule()
    {
        Assert.True(Catalogue.Count >= 120, $"only {Catalogue.Count} cases");
        Assert.Equal(Catalogue.Count, Catalogue.Select(c => c.Id).Distinct().Count());
        Assert.All(Catalogue, c => Assert.False(string.IsNullOrWhiteSpace(c.Seed), c.Id));
    }

    [Fact]
    public async Task Runner_WrongExpectation_Fails()
    {
        var scenario = Catalogue.Single(c => c.Id == "ACC-001") with { Expect = new Expectation { Stored = 4, Replies = ["AcceptanceReceipt"] } };

        var result = await new ConformanceRunner(new BuiltInSubject()).RunAsync(scenario);

        Assert.False(result.Passed);
        Assert.Contains(result.Failures, f => f.StartsWith("stored: expected 4, got 5", StringComparison.Ordinal));
        Assert.Contains(result.Failures, f => f.StartsWith("replies:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Runner_RetrievalThatIsRefused_FailsAnExpectationOfSuccess()
    {
        var scenario = Catalogue.Single(c => c.Id == "RTV-003") with { Expect = new Expectation { Refusal = "none", RetrievedMonths = 1 } };

        var result = await new ConformanceRunner(new BuiltInSubject()).RunAsync(scenario);

        Assert.Contains("retrieval: expected refusal none, got NoConsent", result.Failures);
        Assert.Contains("retrieval: expected 1 months, got 0", result.Failures);
    }

    [Fact]
    public void Parse_UnknownProperty_Refused()
    {
        using var stream = new MemoryStream("""[{ "id": "X", "title": "t", "seed": "s", "expect": {}, "typo": 1 }]"""u8.ToArray());
        Assert.Throws<InvalidDataException>(() => ConformanceCatalogue.Parse(stream, "x.json"));
    }
}
