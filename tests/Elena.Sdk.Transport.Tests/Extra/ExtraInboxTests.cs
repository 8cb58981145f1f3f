using Elena.Sdk.Transport.Replies;
using Elena.Sdk.Transport.State;
using Elena.Sdk.Transport.Tests.Extra.Support;
using Elena.Sdk.Testing;

namespace Elena.Sdk.Transport.Tests.Extra;

/// <summary>The durable inbox fetching from the reference eXTra server: stored first, then acknowledged, handled once.</summary>
public sealed class ExtraInboxTests : IDisposable
{
    private readonly ExtraEnvironment _env = new();
    private readonly string _database = Path.Combine(Path.GetTempPath(), "elena-inbox-" + Guid.NewGuid().ToString("N") + ".db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_database);
    }

    [Fact]
    public async Task RunOnce_FetchesStoresAcknowledgesAndHandlesEachReplyOnce()
    {
        var client = _env.Client();
        await client.SendAsync(_env.Seal(_env.File(mvds: 3, known: false, seed: 9)), ExtraEnvironment.Send());
        await client.SendAsync(_env.Seal(_env.File(dsvv: 2, seed: 11, fileNumber: 2)), ExtraEnvironment.Send(fileName: "EENA0000002"));
        int onServer = _env.Zss.ServerReplies.Count;
        Assert.True(onServer >= 2);
        await using var store = await ClientStateStore.OpenAsync($"Data Source={_database}");
        var inbox = new ReplyInbox(store, client, ReferenceParties.CentralStorageOffice, ExtraEnvironment.EmployerNumber);
        var handled = new List<ReplyKind>();

        var first = await inbox.RunOnceAsync((reply, _) => { handled.Add(reply.Reply.Kind); return Task.CompletedTask; });
        var second = await inbox.RunOnceAsync((reply, _) => { handled.Add(reply.Reply.Kind); return Task.CompletedTask; });

        Assert.Equal((onServer, onServer, onServer), (first.Fetched, first.Stored, first.Acknowledged));
        Assert.Equal(0, second.Fetched);
        Assert.Empty(_env.Zss.ServerReplies); // acknowledged at the office only after they were stored
        Assert.Equal(onServer, handled.Count);
        Assert.Contains(ReplyKind.RecordRejection, handled);
        Assert.Contains(ReplyKind.NumberAssignment, handled);
    }
}
