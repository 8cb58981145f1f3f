using Elena.Sdk.Testing.Conformance;
using Elena.Sdk.Transport.Replies;

namespace Elena.Sdk.Testing.Tests.Conformance;

/// <summary>The catalogue over eXTra: the built-in subject sends with ExtraClient to the reference eXTra server, fetches and acknowledges.</summary>
public sealed class TransportCatalogueTests
{
    private static readonly IReadOnlyList<ConformanceCase> Catalogue = ConformanceCatalogue.Load();

    public static TheoryData<string> ExtraCaseIds() =>
        [.. Catalogue.Where(c => c.Certificate is null && c.Card is null && new ConformanceRunner(new BuiltInSubject(), new ConformanceRunnerOptions { Transport = ConformanceTransport.Extra }).DeliveryOf(c) == ConformanceTransport.Extra).Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(ExtraCaseIds))]
    public async Task Case_PassesOverExtra(string id)
    {
        var scenario = Catalogue.Single(c => c.Id == id);
        var runner = new ConformanceRunner(new BuiltInSubject(), new ConformanceRunnerOptions { Transport = ConformanceTransport.Extra });

        var result = await runner.RunAsync(scenario);

        Assert.True(result.Passed, $"{id} ({scenario.Seed}): {string.Join("; ", result.Failures)}");
        Assert.Equal(ConformanceTransport.Extra, result.Delivery);
        Assert.NotEmpty(result.Received); // at least the synchronous eXTra answer
    }

    [Fact]
    public void ExtraCases_MostOfTheCatalogue()
    {
        Assert.True(ExtraCaseIds().Count >= 80, $"only {ExtraCaseIds().Count} cases go over eXTra");
    }

    [Fact]
    public async Task Extra_ServerRepliesFetchedAndAcknowledged_ReceivedBySubject()
    {
        var scenario = Catalogue.Single(c => c.Id == "RTE-002"); // FERUECK K: the record rejection waits on the server
        var runner = new ConformanceRunner(new BuiltInSubject(), new ConformanceRunnerOptions { Transport = ConformanceTransport.Extra });

        var result = await runner.RunAsync(scenario);

        Assert.True(result.Passed, string.Join("; ", result.Failures));
        Assert.Equal([nameof(ReplyKind.AcceptanceReceipt), nameof(ReplyKind.RecordRejection)], result.Received);
    }

    [Fact]
    public async Task Extra_SubjectThatDoesNotAcknowledge_Fails()
    {
        var scenario = Catalogue.Single(c => c.Id == "RTE-002");
        var runner = new ConformanceRunner(new ForgetfulSubject(), new ConformanceRunnerOptions { Transport = ConformanceTransport.Extra });

        var result = await runner.RunAsync(scenario);

        Assert.False(result.Passed);
        Assert.Contains(result.Failures, f => f.StartsWith("fetched over Extra: expected [RecordRejection], the subject got []", StringComparison.Ordinal));
        Assert.Contains(result.Failures, f => f.Contains("still on the server", StringComparison.Ordinal));
    }

    /// <summary>A subject that sends but never fetches: the runner must notice.</summary>
    private sealed class ForgetfulSubject : IConformanceSubject
    {
        private readonly BuiltInSubject _inner = new();

        public Task<byte[]> BuildFileAsync(ConformanceCase scenario, string employerNumber, CancellationToken cancellationToken) => _inner.BuildFileAsync(scenario, employerNumber, cancellationToken);

        public Task<byte[]> SealAsync(byte[] plainFile, System.Security.Cryptography.X509Certificates.X509Certificate2 signer, System.Security.Cryptography.X509Certificates.X509Certificate2 recipient, CancellationToken cancellationToken)
            => _inner.SealAsync(plainFile, signer, recipient, cancellationToken);

        public Task<Reply?> SendAsync(ConformanceFile file, ConformanceConnection connection, CancellationToken cancellationToken) => _inner.SendAsync(file, connection, cancellationToken);

        public Task<IReadOnlyList<Reply>> FetchAsync(ConformanceConnection connection, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Reply>>([]);
    }
}

/// <summary>The routing and acceptance cases over real HTTP: the reference eXTra server on Kestrel (loopback), one per case.</summary>
public sealed class KestrelCatalogueTests
{
    private static readonly IReadOnlyList<ConformanceCase> Catalogue = ConformanceCatalogue.Load();

    public static TheoryData<string> Ids() => [.. Catalogue.Where(c => c.Id.StartsWith("RTE-0", StringComparison.Ordinal) || c.Id.StartsWith("ACC-", StringComparison.Ordinal))
        .Where(c => c.Send.Channel != "mail" && c.Send.Cipher is null).Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task Case_PassesOverKestrel(string id)
    {
        var scenario = Catalogue.Single(c => c.Id == id);
        var runner = new ConformanceRunner(new BuiltInSubject(), new ConformanceRunnerOptions { Transport = ConformanceTransport.Extra, ExtraOverHttp = true });

        var result = await runner.RunAsync(scenario);

        Assert.True(result.Passed, $"{id} ({scenario.Seed}): {string.Join("; ", result.Failures)}");
        Assert.Equal(ConformanceTransport.Extra, result.Delivery);
    }
}
