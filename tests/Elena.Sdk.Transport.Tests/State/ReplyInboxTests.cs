using System.Collections.Concurrent;
using Elena.Sdk.Transport.Replies;
using ReplyChannel = Elena.Sdk.Transport.Replies.ReplyChannel;
using Elena.Sdk.Transport.State;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;
using static Elena.Sdk.Transport.Tests.State.StateTestData;

namespace Elena.Sdk.Transport.Tests.State;

/// <summary>The reply inbox rules; runs once per provider (subclasses below).</summary>
public abstract class ReplyInboxTests(IStateDatabase databases, ITestOutputHelper output)
{
    protected FakeTimeProvider Clock { get; } = new(Start);

    private async Task<(ClientStateStore Store, string ConnectionString)> OpenAsync()
    {
        string connectionString = await databases.CreateAsync();
        return (await ClientStateStore.OpenAsync(connectionString, Clock), connectionString);
    }

    private static InMemoryReplySource SourceWith(int count, string employer = Employer)
    {
        var source = new InMemoryReplySource();
        for (int i = 1; i <= count; i++)
        {
            source.Add(Reply(i, fileNumber: ((i % 7) + 1).ToString("D6"), employer: employer));
        }

        return source;
    }

    private static ReplyInbox Inbox(ClientStateStore store, IReplySource source, int batch = 10, string? worker = null, string employer = Employer) =>
        new(store, source, Office, employer, new ReplyInboxOptions { FetchBatchSize = batch, WorkerId = worker });

    private sealed class Handled
    {
        public ConcurrentDictionary<string, int> Counts { get; } = new();

        public Task HandleAsync(StoredReply reply, CancellationToken cancellationToken)
        {
            Counts.AddOrUpdate(reply.Reply.Id, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task RunOnce_StoresAcknowledgesAndHandsOutEveryReplyOnce()
    {
        var (store, _) = await OpenAsync();
        await using var _s = store;
        var source = SourceWith(25);
        var handled = new Handled();

        var result = await Inbox(store, source).RunOnceAsync(handled.HandleAsync);

        Assert.Equal(new ReplyInboxResult(25, 25, 25, 25), result);
        Assert.Equal(0, source.Pending);
        Assert.Equal(25, handled.Counts.Count);
        Assert.All(handled.Counts.Values, n => Assert.Equal(1, n));
        Assert.Equal("000025", await store.GetFetchCursorAsync(Office, Employer));
        Assert.Empty(await store.GetUnacknowledgedRepliesAsync());
        Assert.Empty(await store.GetUnhandledRepliesAsync());
        Assert.All(await store.GetRepliesForFileAsync(Employer, "000001"), r => Assert.Equal(Start, r.HandledAt));

        Assert.Equal(new ReplyInboxResult(0, 0, 0, 0), await Inbox(store, source).RunOnceAsync(handled.HandleAsync));
        Assert.Equal(25, handled.Counts.Values.Sum());
    }

    [Fact]
    public async Task CrashBetweenFetchAndStore_FetchesAgainAndHandsOutOnce()
    {
        var (store, _) = await OpenAsync();
        await using var _s = store;
        var source = SourceWith(12);
        // A worker fetched and died before storing: nothing of it is in the store, the source still has everything.
        Assert.Equal(10, (await source.FetchAsync(await store.GetFetchCursorAsync(Office, Employer), 10)).Count);

        var handled = new Handled();
        var result = await Inbox(store, source).RunOnceAsync(handled.HandleAsync);

        Assert.Equal(12, result.Stored);
        Assert.Equal(12, handled.Counts.Count);
        Assert.All(handled.Counts.Values, n => Assert.Equal(1, n));
        Assert.Equal(0, source.Pending);
    }

    [Fact]
    public async Task CrashBetweenStoreAndAcknowledge_NextRunAcknowledgesFromTheStore()
    {
        var (store, cs) = await OpenAsync();
        var source = SourceWith(8);
        source.CrashBeforeAcknowledge();
        var handled = new Handled();

        await Assert.ThrowsAsync<IOException>(() => Inbox(store, source).RunOnceAsync(handled.HandleAsync));
        // Stored durably, cursor moved with them, nothing acknowledged, nothing handed out yet.
        Assert.Equal(8, (await store.GetUnacknowledgedRepliesAsync(Office, Employer)).Count);
        Assert.Equal("000008", await store.GetFetchCursorAsync(Office, Employer));
        Assert.Equal(8, source.Pending);
        Assert.Empty(handled.Counts);
        await store.DisposeAsync();

        // The process restarts.
        await using var restarted = await ClientStateStore.OpenAsync(cs, Clock);
        var result = await Inbox(restarted, source).RunOnceAsync(handled.HandleAsync);

        Assert.Equal(8, result.Acknowledged);
        Assert.Equal(0, result.Stored);
        Assert.Equal(0, source.Pending);
        Assert.Empty(await restarted.GetUnacknowledgedRepliesAsync());
        Assert.Equal(8, handled.Counts.Count);
        Assert.All(handled.Counts.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task LostAcknowledge_IsRepeatedAndTheSourceTakesItAgain()
    {
        var (store, _) = await OpenAsync();
        await using var _s = store;
        var source = SourceWith(5);
        source.LoseAcknowledge();
        var handled = new Handled();

        await Assert.ThrowsAsync<IOException>(() => Inbox(store, source).FetchAsync());
        Assert.Equal(0, source.Pending); // the source did take it
        Assert.Equal(5, (await store.GetUnacknowledgedRepliesAsync()).Count);

        var result = await Inbox(store, source).RunOnceAsync(handled.HandleAsync);
        Assert.Equal(new ReplyInboxResult(0, 0, 5, 5), result);
        Assert.Empty(await store.GetUnacknowledgedRepliesAsync());
        Assert.Equal(2, source.AcknowledgeCalls);
    }

    [Fact]
    public async Task SameReplyFetchedAgain_IsStoredAndHandedOutOnce()
    {
        var (store, _) = await OpenAsync();
        await using var _s = store;
        var source = SourceWith(3);
        var handled = new Handled();
        await Inbox(store, source).RunOnceAsync(handled.HandleAsync);

        // The server hands the same reply out again (fetch with EQ, or a cursor moved back by hand).
        source.Add(Reply(2, fileNumber: "000003"));
        await store.SetFetchCursorAsync(Office, Employer, "000000");
        var result = await Inbox(store, source).RunOnceAsync(handled.HandleAsync);

        Assert.Equal(new ReplyInboxResult(1, 0, 1, 0), result);
        Assert.Equal(1, handled.Counts["000002"]);
        Assert.Equal(0, source.Pending);
    }

    [Fact]
    public async Task FourWorkersOnOneDatabase_HandEachOf200RepliesOutExactlyOnce()
    {
        string cs = await databases.CreateAsync();
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ClientStateStore.OpenAsync(cs, Clock)));
        // The replies answer seven logged files, so storing them also updates the send log (lock order matters).
        string employer = "";
        for (int file = 1; file <= 7; file++)
        {
            employer = (await stores[0].RecordSentFileAsync(new MemoryStream(await FileAsync(mvds: 1, fileNumber: file)),
                new SentFileInfo { SendId = $"send-{file}", Channel = ReplyChannel.Extra })).EmployerNumber;
        }

        var source = SourceWith(200, employer);
        var handled = new Handled();
        var perWorker = new ConcurrentDictionary<string, int>();
        try
        {
            var workers = stores.Select((store, i) => Task.Run(async () =>
            {
                var inbox = Inbox(store, source, batch: 25, worker: $"worker-{i}", employer: employer);
                // Each worker fetches and handles in turns, as a polling service would, so fetches overlap.
                for (int round = 0; round < 3; round++)
                {
                    var result = await inbox.RunOnceAsync(async (reply, ct) =>
                    {
                        await handled.HandleAsync(reply, ct);
                        await Task.Yield();
                    });
                    perWorker.AddOrUpdate(inbox.WorkerId, result.Handled, (_, n) => n + result.Handled);
                }
            })).ToList();
            await Task.WhenAll(workers);

            Assert.Equal(200, handled.Counts.Count);
            Assert.All(handled.Counts, c => Assert.True(c.Value == 1, $"reply {c.Key} handled {c.Value} times"));
            Assert.Equal(200, perWorker.Values.Sum());
            Assert.Equal(0, source.Pending);
            Assert.Empty(await stores[0].GetUnacknowledgedRepliesAsync());
            Assert.Empty(await stores[0].GetUnhandledRepliesAsync());
            Assert.Empty(await stores[0].GetFilesWithoutReplyAsync(TimeSpan.Zero));
            output.WriteLine("handled per worker: " + string.Join(", ", perWorker.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}")));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ConcurrentClaims_NeverGiveOneReplyToTwoWorkers()
    {
        string cs = await databases.CreateAsync();
        await using (var seed = await ClientStateStore.OpenAsync(cs, Clock))
        {
            await seed.StoreRepliesAsync([.. Enumerable.Range(1, 200).Select(i => Reply(i))]);
        }

        var claims = new ConcurrentBag<(string Worker, string Id)>();
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ClientStateStore.OpenAsync(cs, Clock)));
        try
        {
            await Task.WhenAll(stores.Select((store, i) => Task.Run(async () =>
            {
                string worker = $"w{i}";
                while (await store.ClaimNextReplyAsync(worker, TimeSpan.FromMinutes(5), Office, Employer, CancellationToken.None) is { } reply)
                {
                    claims.Add((worker, reply.Reply.Id));
                    Assert.True(await store.CompleteClaimAsync(reply, worker, CancellationToken.None));
                }
            })));

            Assert.Equal(200, claims.Count);
            Assert.Equal(200, claims.Select(c => c.Id).Distinct().Count());
            output.WriteLine("claims per worker: " + string.Join(", ", claims.GroupBy(c => c.Worker).OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Count()}")));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task CrashedWorkersClaim_IsTakenOverAfterTheClaimTimeout()
    {
        var (store, _) = await OpenAsync();
        await using var _s = store;
        await store.StoreRepliesAsync([Reply(1), Reply(2)]);
        var crashed = await store.ClaimNextReplyAsync("crashed", TimeSpan.FromMinutes(5), Office, Employer, CancellationToken.None);
        Assert.Equal("000001", crashed!.Reply.Id);
        var handled = new Handled();
        var inbox = new ReplyInbox(store, new InMemoryReplySource(), Office, Employer, new ReplyInboxOptions { ClaimTimeout = TimeSpan.FromMinutes(5) });

        Assert.Equal(1, await inbox.HandleAsync(handled.HandleAsync));
        Assert.Equal(["000002"], handled.Counts.Keys);

        Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await inbox.HandleAsync(handled.HandleAsync)); // the claim runs until its last moment
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await inbox.HandleAsync(handled.HandleAsync));
        Assert.Equal(1, handled.Counts["000001"]);

        // The crashed worker comes back late: its claim is gone and it cannot mark the reply.
        Assert.False(await store.CompleteClaimAsync(crashed, "crashed", CancellationToken.None));
        Assert.Equal(2, (await store.GetReplyAsync(Office, "000001"))!.Attempts);
    }

    [Fact]
    public async Task FailingHandler_GivesTheClaimBack_AndTheReplyIsHandedOutAgain()
    {
        var (store, _) = await OpenAsync();
        await using var _s = store;
        var source = SourceWith(1);
        var inbox = Inbox(store, source);
        await inbox.FetchAsync();

        await Assert.ThrowsAsync<InvalidDataException>(() => inbox.HandleAsync((_, _) => throw new InvalidDataException("payroll import failed")));

        var handled = new Handled();
        Assert.Equal(1, await Inbox(store, source, worker: "other").HandleAsync(handled.HandleAsync));
        var reply = await store.GetReplyAsync(Office, "000001");
        Assert.Equal(2, reply!.Attempts);
        Assert.NotNull(reply.HandledAt);
    }

    [Fact]
    public async Task SourceHandingOutAMismatchedReply_IsRefusedBeforeAnythingIsStored()
    {
        var (store, _) = await OpenAsync();
        await using var _s = store;
        var source = new InMemoryReplySource();
        source.Add(Reply(1));
        source.Add(Reply(2, employer: "87654321"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Inbox(store, source).FetchAsync());
        Assert.Empty(await store.GetUnacknowledgedRepliesAsync());
        Assert.Null(await store.GetFetchCursorAsync(Office, Employer));
        Assert.Equal(0, source.AcknowledgeCalls);
        Assert.Equal(2, source.Pending);
    }

    [Fact]
    public async Task RepliesAnsweringLoggedFiles_MarkThemAnswered()
    {
        var (store, _) = await OpenAsync();
        await using var _s = store;
        var sent = await store.RecordSentFileAsync(new MemoryStream(await FileAsync(mvds: 2, fileNumber: 4)),
            new SentFileInfo { SendId = "req-4", Channel = ReplyChannel.Extra });
        var source = new InMemoryReplySource();
        Clock.Advance(TimeSpan.FromDays(2));
        source.Add(Reply(1, "000004", ReplyKind.RecordNotices, employer: sent.EmployerNumber, receivedAt: Clock.GetUtcNow()));

        await new ReplyInbox(store, source, Office, sent.EmployerNumber).FetchAsync();

        Assert.Equal(Clock.GetUtcNow(), (await store.GetSentFileAsync("req-4"))!.FirstReplyAt);
        Assert.Equal(SentFileStatus.Answered, (await store.GetSentFileStateAsync(sent.EmployerNumber, "000004"))!.Status);
        Clock.Advance(TimeSpan.FromDays(10));
        Assert.Empty(await store.GetFilesWithoutReplyAsync());
    }
}

public sealed class SqliteReplyInboxTests : ReplyInboxTests, IDisposable
{
    private readonly SqliteDatabases _databases;

    public SqliteReplyInboxTests(ITestOutputHelper output)
        : this(new SqliteDatabases(), output)
    {
    }

    private SqliteReplyInboxTests(SqliteDatabases databases, ITestOutputHelper output)
        : base(databases, output) => _databases = databases;

    public void Dispose() => _databases.Dispose();
}

[Collection(PostgresGroup.Name)]
public sealed class PostgresReplyInboxTests(PostgresServer server, ITestOutputHelper output) : ReplyInboxTests(new PostgresDatabases(server), output);

/// <summary>Every conformance suite runs against both providers (a forgotten subclass fails here).</summary>
public sealed class StateSuiteCoverageTests
{
    [Fact]
    public void EveryStateSuite_HasASqliteAndAPostgresSubclass()
    {
        var types = typeof(StateSuiteCoverageTests).Assembly.GetTypes();
        var suites = types.Where(t => t.IsAbstract && !t.IsSealed && t.Namespace == typeof(StateSuiteCoverageTests).Namespace
            && t.GetMethods().Any(m => m.GetCustomAttributes(typeof(FactAttribute), true).Length > 0)).ToList();
        Assert.Equal(2, suites.Count);
        foreach (var suite in suites)
        {
            var subclasses = types.Where(t => !t.IsAbstract && t.IsSubclassOf(suite)).Select(t => t.Name).ToList();
            Assert.Contains(subclasses, n => n.StartsWith("Sqlite", StringComparison.Ordinal));
            Assert.Contains(subclasses, n => n.StartsWith("Postgres", StringComparison.Ordinal));
        }
    }
}
