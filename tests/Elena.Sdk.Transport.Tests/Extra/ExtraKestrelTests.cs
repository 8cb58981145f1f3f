using Elena.Sdk.Transport.Extra;
using Elena.Sdk.Transport.Replies;
using Elena.Sdk.Transport.Tests.Extra.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Elena.Sdk.Transport.Tests.Extra;

/// <summary>The client over real http: the reference eXTra server on Kestrel (127.0.0.1, free port), and the client from IHttpClientFactory.</summary>
public sealed class ExtraKestrelTests
{
    private readonly ExtraEnvironment _env = new();

    [Fact]
    public async Task SendFetchAcknowledge_OverLoopbackKestrel()
    {
        await using var running = await _env.Server.StartAsync();
        using var http = new HttpClient { BaseAddress = running.Url };
        var client = new ExtraClient(http, _env.ClientOptions());

        var receipt = await client.SendAsync(_env.Seal(_env.File(mvds: 50)), ExtraEnvironment.Send());
        var replies = await client.FetchAsync(null);
        await client.AcknowledgeAsync(replies.Select(r => r.Id));

        Assert.Equal("127.0.0.1", running.Url.Host);
        Assert.Equal(ReplyKind.AcceptanceReceipt, receipt.Kind);
        Assert.Equal(50, _env.Zss.Submissions.Single().StoredCount);
        Assert.Equal(ReplyKind.ProcessingConfirmation, Assert.Single(replies).Kind);
        Assert.Empty(_env.Zss.ServerReplies);
    }

    [Fact]
    public async Task AddElenaExtraClient_FromHttpClientFactory_SendsAndHonoursRetryLater()
    {
        await using var running = await _env.Server.StartAsync();
        var services = new ServiceCollection();
        var template = _env.ClientOptions();
        services.AddElenaExtraClient(running.Url, o =>
        {
            o.EmployerCertificate = template.EmployerCertificate;
            o.OfficeCertificate = template.OfficeCertificate;
            o.TrustAnchors = template.TrustAnchors;
            o.RetryDelay = TimeSpan.FromMilliseconds(10);
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ExtraClient>();
        _env.Server.Availability = Elena.Sdk.Testing.Extra.ExtraServerAvailability.RetryLater;
        _env.Server.RetryAfter = TimeSpan.FromMilliseconds(1);

        var busy = await Assert.ThrowsAsync<ExtraServiceException>(() => client.FetchAsync(null));
        _env.Server.Availability = Elena.Sdk.Testing.Extra.ExtraServerAvailability.Available;
        var receipt = await client.SendAsync(_env.Seal(_env.File(mvds: 2)), ExtraEnvironment.Send());

        Assert.True(busy.IsTransient);
        Assert.Equal(503, busy.StatusCode);
        Assert.Equal(4 + 1, _env.Server.RequestCount); // four attempts, then the send
        Assert.Equal(ReplyKind.AcceptanceReceipt, receipt.Kind);
    }
}
