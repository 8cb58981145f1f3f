using Elena.Sdk.Testing.Conformance;
using Elena.Sdk.Testing.Mail;

namespace Elena.Sdk.Testing.Tests.Conformance;

/// <summary>A loopback mail server (aiosmtpd + dovecot) for the mail-transport catalogue run.</summary>
public sealed class ConformanceMailFixture : IAsyncLifetime
{
    private LoopbackMailServer? _server;

    public ConformanceRunnerOptions Options => new()
    {
        Transport = ConformanceTransport.Mail,
        MailServer = new ConformanceMailServer { Smtp = _server!.Smtp, Imap = _server.Imap("-"), Password = LoopbackMailServer.Password },
    };

    public async Task InitializeAsync() => _server = await LoopbackMailServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>The catalogue over mail: the built-in subject sends with MailSender to the reference ZSS's mailbox and reads replies with MailReplyReceiver.</summary>
public sealed class MailCatalogueTests(ConformanceMailFixture mail) : IClassFixture<ConformanceMailFixture>
{
    private static readonly IReadOnlyList<ConformanceCase> Catalogue = ConformanceCatalogue.Load();

    public static TheoryData<string> MailCaseIds() =>
        [.. Catalogue.Where(c => c.Certificate is null && c.Card is null && c.Send.Channel == "mail" && !c.Send.Direct).Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(MailCaseIds))]
    public async Task Case_PassesOverMail(string id)
    {
        var scenario = Catalogue.Single(c => c.Id == id);

        var result = await new ConformanceRunner(new BuiltInSubject(), mail.Options).RunAsync(scenario);

        Assert.True(result.Passed, $"{id} ({scenario.Seed}): {string.Join("; ", result.Failures)}");
        Assert.Equal(ConformanceTransport.Mail, result.Delivery);
    }

    [Fact]
    public void MailCases_EveryRouteOnTheMailChannel()
    {
        Assert.True(MailCaseIds().Count >= 12, $"only {MailCaseIds().Count} cases go over mail");
    }

    [Fact]
    public async Task Mail_RecordRejectionByMail_ReceivedBySubjectWithTheReceipt()
    {
        var scenario = Catalogue.Single(c => c.Id == "RTE-016"); // mail, FERUECK J, VERBEST N, one unknown employee

        var result = await new ConformanceRunner(new BuiltInSubject(), mail.Options).RunAsync(scenario);

        Assert.True(result.Passed, string.Join("; ", result.Failures));
        Assert.Equal(["AcceptanceReceipt", "RecordRejection"], result.Received.Order(StringComparer.Ordinal));
    }
}
