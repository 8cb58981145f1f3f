using System.Diagnostics;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Testing.Replies;
using Elena.Sdk.Transport.Replies;
using ReplyChannel = Elena.Sdk.Transport.Replies.ReplyChannel;
using Elena.Sdk.Transport.State;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;
using static Elena.Sdk.Transport.Tests.State.StateTestData;

namespace Elena.Sdk.Transport.Tests.State;

/// <summary>The client state contract; runs once per provider (subclasses below).</summary>
public abstract class ClientStateStoreTests(IStateDatabase databases, ITestOutputHelper output)
{
    protected FakeTimeProvider Clock { get; } = new(Start);

    protected abstract ClientStateProvider ExpectedProvider { get; }

    private async Task<(ClientStateStore Store, string ConnectionString)> OpenAsync(ClientStateStoreOptions? options = null)
    {
        string connectionString = await databases.CreateAsync();
        return (await ClientStateStore.OpenAsync(connectionString, Clock, options), connectionString);
    }

    private static async Task<List<SendLogEntry>> LogAsync(IAsyncEnumerable<SendLogEntry> entries)
    {
        var list = new List<SendLogEntry>();
        await foreach (var entry in entries)
        {
            list.Add(entry);
        }

        return list;
    }

    private static SentFileInfo Send(string id, DateTimeOffset? at = null, string? resendOf = null) =>
        new() { SendId = id, Channel = ReplyChannel.Extra, SentAt = at, ResendOf = resendOf };

    // ------------------------------------------------------------ schema

    [Fact]
    public async Task Open_CreatesTheSchema_AndReopeningKeepsTheData()
    {
        var (store, cs) = await OpenAsync();
        Assert.Equal(ExpectedProvider, store.Provider);
        Assert.Equal(1, store.SchemaVersion);
        await store.RecordSentFileAsync(new MemoryStream(await FileAsync(mvds: 2)), Send("send-1"));
        await store.DisposeAsync();

        await using var reopened = await ClientStateStore.OpenAsync(cs, Clock);
        Assert.Equal(1, reopened.SchemaVersion);
        Assert.Equal(2, (await reopened.GetSentFileAsync("send-1"))!.RecordCount);
    }

    [Fact]
    public async Task Open_ByManyStoresAtOnce_MigratesOnce()
    {
        string cs = await databases.CreateAsync();
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => ClientStateStore.OpenAsync(cs, Clock))));
        Assert.All(stores, s => Assert.Equal(1, s.SchemaVersion));
        foreach (var s in stores)
        {
            await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task Open_DatabaseOfANewerVersion_SaysToUpdate()
    {
        var (store, cs) = await OpenAsync();
        await store.DisposeAsync();
        await ExecuteRawAsync(cs, "INSERT INTO elena_schema_version (version, applied_at) VALUES (99, 0)");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ClientStateStore.OpenAsync(cs, Clock));
        Assert.Contains("newer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_ConnectionStringWithoutDatabase_IsRejectedWithoutRepeatingIt()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => ClientStateStore.OpenAsync("User Id=x;Password=secret-pin", Clock));
        Assert.DoesNotContain("secret-pin", e.Message, StringComparison.Ordinal);
    }

    // ------------------------------------------------------------ send log

    [Fact]
    public async Task RecordSentFile_LogsEveryRecordWithMonthInsuranceNumberAndBetriebsnummer()
    {
        var (store, _) = await OpenAsync();
        await using var _s = store;
        byte[] file = await FileAsync(mvds: 3, fileNumber: 42);
        var records = await RecordsAsync(file);
        var header = (FileHeader)records[0];

        var sent = await store.RecordSentFileAsync(new MemoryStream(file), Send("req-42"));

        Assert.Equal(header.Sender, sent.EmployerNumber);
        Assert.Equal(header.Receiver, sent.OfficeNumber);
        Assert.Equal("000042", sent.FileNumber);
        Assert.Equal(Start, sent.SentAt);
        Assert.Equal(3, sent.RecordCount);
        var log = await LogAsync(store.GetSendLogAsync("req-42"));
        var mvds = records.OfType<EarningsRecord>().ToList();
        Assert.Equal(mvds.Select(m => m.InsuranceNumber), log.Select(e => e.InsuranceNumber));
        Assert.Equal(mvds.Select(m => m.EstablishmentNumber), log.Select(e => e.EstablishmentNumber));
        Assert.All(log, e =>
        {
            Assert.Equal("MVDS", e.RecordType);
            Assert.Equal("2011-01", e.ReportingMonth);
            Assert.Equal(Start, e.SentAt);
            Assert.Equal("000042", e.FileNumber);
            Assert.Equal(header.Sender, e.EmployerNumber);
            Assert.Equal(ReplyChannel.Extra, e.Channel);
            Assert.Equal("req-42", e.SendId);
        });
        Assert.Equal([3L, 4L, 5L], log.Select(e => e.RecordNumber));

        var byPerson = Assert.Single(await LogAsync(store.FindSendLogAsync(mvds[1].InsuranceNumber)));
        Assert.Equal(4, byPerson.RecordNumber);
    }

    [Fact]
    public async Task RecordSentFile_NumberRequests_AreLoggedWithoutMonthOrNumber()
    {
        var (store, _) = await OpenAsync();
        await using var _s = store;
        var sent = await store.RecordSentFileAsync(new MemoryStream(await FileAsync(dsvv: 2)),
            new SentFileInfo { SendId = "<m1@example.test>", Channel = ReplyChannel.Mail });

        var log = await LogAsync(store.GetSendLogAsync(sent.SendId));
        Assert.Equal(2, log.Count);
        Assert.All(log, e =>
        {
            Assert.Equal("DSVV", e.RecordType);
            Assert.Null(e.ReportingMonth);
            Assert.Null(e.InsuranceNumber);
            Assert.Equal(ReplyChannel.Mail, e.Channel);
        });
    }

    [Fact]
    public async Task RecordSentFile_SameSendIdTwice_IsRefusedAndTheFirstStays()
    {
        var (store, _) = await OpenAsync();
        await using var _s = store;
        await store.RecordSentFileAsync(new MemoryStream(await FileAsync(mvds: 2)), Send("dup"));

        byte[] other = await FileAsync(mvds: 5, seed: 2);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.RecordSentFileAsync(new MemoryStream(other), Send("dup")));

        Assert.Equal(2, (await store.GetSentFileAsync("dup"))!.RecordCount);
        Assert.Equal(2, (await LogAsync(store.GetSendLogAsync("dup"))).Count);
    }

    [Fact]
    public async Task RecordSentFile_FailureMidFile_LeavesNoPartialEntry()
    {
        var (store, _) = await OpenAsync(new ClientStateStoreOptions { SendLogBatchSize = 10 });
        await using var _s = store;
        byte[] file = await FileAsync(mvds: 200);
        var first = (EarningsRecord)(await RecordsAsync(file))[2];

        // 200 MVDS with batches of 10: several batches are inserted before the read fails at two thirds.
        await Assert.ThrowsAsync<IOException>(() =>
            store.RecordSentFileAsync(new FailingStream(new MemoryStream(file), file.Length * 2 / 3), Send("broken")));

        Assert.Null(await store.GetSentFileAsync("broken"));
        Assert.Empty(await LogAsync(store.FindSendLogAsync(first.InsuranceNumber)));
        Assert.Null(await store.GetSentFileStateAsync(first.Sender, "000001"));

        // The same send id can be logged once the file reads.
        var sent = await store.RecordSentFileAsync(new MemoryStream(file), Send("broken"));
        Assert.Equal(200, sent.RecordCount);
    }

    [Fact]
    public async Task RecordSentFile_Cancelled_LeavesNothing()
    {
        var (store, _) = await OpenAsync(new ClientStateStoreOptions { SendLogBatchSize = 10 });
        await using var _s = store;
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        byte[] file = await FileAsync(mvds: 50);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            store.RecordSentFileAsync(new MemoryStream(file), Send("cancelled"), cancel.Token));
        Assert.Null(await store.GetSentFileAsync("cancelled"));
    }

    [Fact]
    public async Task RecordSentFile_NotARecordFile_SaysSoWithoutQuotingIt()
    {
        var (store, _) = await OpenAsync();
        await using var _s = store;
        byte[] file = await FileAsync(mvds: 1);
        var mvds = (EarningsRecord)(await RecordsAsync(file))[2];
        byte[] withoutHeader = [.. file.Skip(Array.IndexOf(file, (byte)'\n') + 1)];

        var e = await Assert.ThrowsAnyAsync<FormatException>(() => store.RecordSentFileAsync(new MemoryStream(withoutHeader), Send("x")));

        Assert.DoesNotContain(mvds.InsuranceNumber, e.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetSentFileAsync("x"));
    }

    [Fact]
    public async Task RecordSentFile_20000Mvds_IsQuickAndMemoryDoesNotGrowWithTheFile()
    {
        var (store, _) = await OpenAsync();
        await using var _s = store;
        string path = Path.Combine(Path.GetTempPath(), $"elena-20k-{Guid.NewGuid():N}.txt");
        try
        {
            await using (var write = File.Create(path))
            {
                await Elena.Sdk.Testing.Data.SyntheticFileGenerator.WriteAsync(write, new Elena.Sdk.Testing.Data.SyntheticFileOptions { EarningsRecords = 20_000 });
            }

            long size = new FileInfo(path).Length;
            await store.RecordSentFileAsync(new MemoryStream(await FileAsync(mvds: 10)), Send("warm-up"));

            var watch = Stopwatch.StartNew();
            SentFile sent;
            await using (var read = File.OpenRead(path))
            {
                sent = await store.RecordSentFileAsync(read, Send("big"));
            }

            watch.Stop();
            await using (var read = File.OpenRead(path))
            {
                var sampling = new HeapSamplingStream(read, size / 8);
                await store.RecordSentFileAsync(sampling, Send("big-sampled"));
                long growth = sampling.Samples[^1] - sampling.Samples[0];
                output.WriteLine($"{ExpectedProvider}: 20,000 MVDS ({size / 1_000_000.0:F1} MB) logged in {watch.ElapsedMilliseconds} ms; " +
                    $"live heap samples (MB): {string.Join(", ", sampling.Samples.Select(s => (s / 1_000_000.0).ToString("F1")))}");
                // The file is ~size bytes; a store that kept records would grow by tens of MB between the first and last sample.
                Assert.True(growth < size / 4, $"Live heap grew by {growth} bytes while reading a {size}-byte file.");
            }

            Assert.Equal(20_000, sent.RecordCount);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"Logging 20,000 MVDS took {watch.Elapsed}.");
        }
        finally
        {
            File.Delete(path);
        }
    }

    // ------------------------------------------------------------ retention and overdue files

    [Fact]
    public async Task Purge_DeletesWhatIsOlderThanTwoYears_ButNotWhatIsOnLegalHold()
    {
        var (store, _) = await OpenAsync();
        await using var _s = store;
        var old = await store.RecordSentFileAsync(new MemoryStream(await FileAsync(mvds: 3, fileNumber: 1)), Send("old"));
        var held = await store.RecordSentFileAsync(new MemoryStream(await FileAsync(mvds: 2, fileNumber: 2)), Send("held"));
        Assert.True(await store.SetLegalHoldAsync("held", hold: true));
        await store.StoreReplyAsync(Reply(1, "000001", employer: old.EmployerNumber, receivedAt: Start.AddDays(1)));
        await store.StoreReplyAsync(Reply(2, "000002", employer: held.EmployerNumber, receivedAt: Start.AddDays(1)));
        await store.StoreReplyAsync(Reply(3, "000001", employer: old.EmployerNumber, receivedAt: Start.AddDays(1))); // never handled
        await store.MarkAcknowledgedAsync(Office, ["000001", "000002", "000003"]);
        await HandleAllAsync(store, except: "000003");
        Clock.Advance(TimeSpan.FromDays(365));
        await store.RecordSentFileAsync(new MemoryStream(await FileAsync(mvds: 1, fileNumber: 3)), Send("young"));

        Clock.SetUtcNow(Start.AddYears(2).AddMinutes(-1));
        Assert.Equal(new PurgeResult(0, 0, 0), await store.PurgeAsync());

        Clock.SetUtcNow(Start.AddYears(2).AddDays(1).AddMinutes(1));
        Assert.Equal(new PurgeResult(1, 3, 1), await store.PurgeAsync());
        Assert.Null(await store.GetSentFileAsync("old"));
        Assert.NotNull(await store.GetSentFileAsync("held"));
        Assert.NotNull(await store.GetSentFileAsync("young"));
        Assert.Null(await store.GetReplyAsync(Office, "000001"));
        Assert.NotNull(await store.GetReplyAsync(Office, "000002"));
        Assert.NotNull(await store.GetReplyAsync(Office, "000003"));

        Assert.True(await store.SetLegalHoldAsync("held", hold: false));
        Assert.Equal(new PurgeResult(1, 2, 1), await store.PurgeAsync());
        Assert.Null(await store.GetSentFileAsync("held"));
        Assert.Equal(1, (await store.GetSentFileAsync("young"))!.RecordCount);
    }

    private static async Task HandleAllAsync(ClientStateStore store, string except)
    {
        while (await store.ClaimNextReplyAsync("test", TimeSpan.FromMinutes(1), null, null, CancellationToken.None) is { } claimed)
        {
            if (claimed.Reply.Id != except)
            {
                Assert.True(await store.CompleteClaimAsync(claimed, "test", CancellationToken.None));
            }
        }
    }

    [Fact]
    public async Task FilesWithoutReply_AreThoseSentFiveDaysAgoWithNoReplyAtAll()
    {
        var (store, _) = await OpenAsync();
        await using var _s = store;
        var a = await store.RecordSentFileAsync(new MemoryStream(await FileAsync(mvds: 1, fileNumber: 1)), Send("a"));
        var b = await store.RecordSentFileAsync(new MemoryStream(await FileAsync(mvds: 1, fileNumber: 2)), Send("b"));
        Clock.Advance(TimeSpan.FromDays(1));
        await store.RecordSentFileAsync(new MemoryStream(await FileAsync(mvds: 1, fileNumber: 3)), Send("c"));
        await store.RecordSentFileAsync(new MemoryStream(await FileAsync(mvds: 1, fileNumber: 4)), Send("d"));
        await store.RecordReceiptAsync("d");

        Clock.Advance(TimeSpan.FromDays(4).Subtract(TimeSpan.FromMinutes(1)));
        Assert.Empty(await store.GetFilesWithoutReplyAsync());

        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["a", "b"], (await store.GetFilesWithoutReplyAsync()).Select(f => f.SendId));

        await store.StoreReplyAsync(Reply(7, a.FileNumber, ReplyKind.RecordNotices, employer: a.EmployerNumber, receivedAt: Clock.GetUtcNow()));
        Assert.Equal(["b"], (await store.GetFilesWithoutReplyAsync()).Select(f => f.SendId));

        // Sent again: the original leaves the list, the resend joins it five days later unless answered.
        await store.RecordSentFileAsync(new MemoryStream(await FileAsync(mvds: 1, fileNumber: 2)), Send("b-again", resendOf: "b"));
        Assert.Equal("b-again", (await store.GetSentFileAsync("b"))!.ResentAs);
        Assert.Empty(await store.GetFilesWithoutReplyAsync());
        Clock.Advance(TimeSpan.FromDays(5));
        Assert.Equal(["c", "b-again"], (await store.GetFilesWithoutReplyAsync()).Select(f => f.SendId));
        Assert.Equal(["c"], (await store.GetFilesWithoutReplyAsync(TimeSpan.FromDays(6))).Select(f => f.SendId));
        Assert.Equal(b.FileNumber, (await store.GetSentFileAsync("b-again"))!.FileNumber);
    }

    [Fact]
    public async Task ResendOf_AnUnknownSend_IsRefusedAndNothingIsLogged()
    {
        var (store, _) = await OpenAsync();
        await using var _s = store;
        byte[] file = await FileAsync(mvds: 1);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.RecordSentFileAsync(new MemoryStream(file), Send("r", resendOf: "nope")));
        Assert.Null(await store.GetSentFileAsync("r"));
    }

    [Fact]
    public async Task FileState_GoesFromSentToReceivedToAnswered()
    {
        var (store, _) = await OpenAsync();
        await using var _s = store;
        var sent = await store.RecordSentFileAsync(new MemoryStream(await FileAsync(mvds: 2, fileNumber: 9)), new SentFileInfo
        {
            SendId = "<file9@example.test>",
            Channel = ReplyChannel.Mail,
        });

        var state = await store.GetSentFileStateAsync(sent.EmployerNumber, "000009");
        Assert.Equal(SentFileStatus.Sent, state!.Status);
        Assert.Empty(state.Replies);

        Clock.Advance(TimeSpan.FromHours(1));
        Assert.True(await store.StoreReplyAsync(Reply(1, "000009", ReplyKind.AcceptanceReceipt, employer: sent.EmployerNumber, receivedAt: Clock.GetUtcNow())));
        state = await store.GetSentFileStateAsync(sent.EmployerNumber, "000009");
        Assert.Equal(SentFileStatus.Received, state!.Status);
        Assert.Equal(Clock.GetUtcNow(), state.Sends.Single().ReceiptAt);
        Assert.Equal(Clock.GetUtcNow(), state.Sends.Single().FirstReplyAt);

        Clock.Advance(TimeSpan.FromDays(1));
        await store.StoreReplyAsync(Reply(2, "000009", ReplyKind.RecordRejection, employer: sent.EmployerNumber, receivedAt: Clock.GetUtcNow()));
        await store.StoreReplyAsync(Reply(3, "000008", ReplyKind.RecordRejection, employer: sent.EmployerNumber, receivedAt: Clock.GetUtcNow()));
        state = await store.GetSentFileStateAsync(sent.EmployerNumber, "000009");
        Assert.Equal(SentFileStatus.Answered, state!.Status);
        Assert.Equal([ReplyKind.AcceptanceReceipt, ReplyKind.RecordRejection], state.Replies.Select(r => r.Reply.Kind));
        Assert.Equal(Start.AddHours(1), state.Sends.Single().FirstReplyAt);
        Assert.Equal(["000001", "000002"], (await store.GetRepliesForFileAsync(sent.EmployerNumber, "000009")).Select(r => r.Reply.Id));
    }

    [Fact]
    public async Task ReceiptStoredBeforeTheSendLogEntry_StillCounts()
    {
        var (store, _) = await OpenAsync();
        await using var _s = store;
        byte[] file = await FileAsync(mvds: 1, fileNumber: 5);
        string employer = ((FileHeader)(await RecordsAsync(file))[0]).Sender;
        var sentAt = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromSeconds(2));
        await store.StoreReplyAsync(Reply(1, "000005", ReplyKind.AcceptanceReceipt, employer: employer, receivedAt: Clock.GetUtcNow()));

        var sent = await store.RecordSentFileAsync(new MemoryStream(file), Send("late-log", at: sentAt));

        Assert.Equal(Clock.GetUtcNow(), sent.ReceiptAt);
        Assert.Equal(Clock.GetUtcNow(), sent.FirstReplyAt);
    }

    // ------------------------------------------------------------ cursor and replies

    [Fact]
    public async Task FetchCursor_IsKeptPerOfficeAndEmployer()
    {
        var (store, _) = await OpenAsync();
        await using var _s = store;
        Assert.Null(await store.GetFetchCursorAsync(Office, Employer));

        await store.SetFetchCursorAsync(Office, Employer, "000010");
        await store.SetFetchCursorAsync(Office, "87654321", "000003");
        await store.StoreRepliesAsync([Reply(11), Reply(12)], new FetchCursor(Office, Employer, "000012"));

        Assert.Equal("000012", await store.GetFetchCursorAsync(Office, Employer));
        Assert.Equal("000003", await store.GetFetchCursorAsync(Office, "87654321"));
        Assert.Null(await store.GetFetchCursorAsync("99999999", Employer));
    }

    [Fact]
    public async Task StoreReply_KeepsTheReplyFileAndItsMetadata_OncePerOfficeAndId()
    {
        var (store, _) = await OpenAsync();
        await using var _s = store;
        byte[] file = await FileAsync(mvds: 1, fileNumber: 3);
        var records = await RecordsAsync(file);
        byte[] content = new ReplyFileBuilder(Office, Clock).ProcessingConfirmation((FileHeader)records[0], (CommunicationRecord)records[1], (FileTrailer)records[^1], 1);
        var reply = Reply(5, "000003", ReplyKind.ProcessingConfirmation, employer: ((FileHeader)records[0]).Sender, receivedAt: Start.AddMinutes(3), content: content);

        Assert.True(await store.StoreReplyAsync(reply));
        Assert.False(await store.StoreReplyAsync(reply));
        Assert.True(await store.StoreReplyAsync(Reply(5, office: "66667777")));

        var stored = await store.GetReplyAsync(Office, "000005");
        Assert.NotNull(stored);
        Assert.Equal(ReplyKind.ProcessingConfirmation, stored.Reply.Kind);
        Assert.Equal(ReplyChannel.Extra, stored.Reply.Channel);
        Assert.Equal(reply.EmployerNumber, stored.Reply.EmployerNumber);
        Assert.Equal("000003", stored.Reply.FileNumber);
        Assert.Equal(Start.AddMinutes(3), stored.Reply.ReceivedAt);
        Assert.Equal(content, stored.Reply.Content!.Value.ToArray());
        Assert.Equal("000003", stored.Reply.File!.AnsweredFileNumber);
        Assert.Equal(Start, stored.StoredAt);
        Assert.Null(stored.AcknowledgedAt);
        Assert.Null(stored.HandledAt);
        Assert.True(await store.StoreReplyAsync(Reply(6, kind: ReplyKind.FileRejection)));
        Assert.Equal("framing", (await store.GetReplyAsync(Office, "000006"))!.Reply.Reason);
        Assert.Null((await store.GetReplyAsync("66667777", "000005"))!.Reply.Content);
    }

    [Fact]
    public async Task MarkAcknowledged_RemovesRepliesFromTheUnacknowledgedList()
    {
        var (store, _) = await OpenAsync();
        await using var _s = store;
        Assert.Equal(3, await store.StoreRepliesAsync([Reply(1), Reply(2), Reply(3, employer: "87654321")]));

        Assert.Equal(["000001", "000002", "000003"], (await store.GetUnacknowledgedRepliesAsync()).Select(r => r.Reply.Id));
        Assert.Equal(["000001", "000002"], (await store.GetUnacknowledgedRepliesAsync(Office, Employer)).Select(r => r.Reply.Id));

        Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, await store.MarkAcknowledgedAsync(Office, ["000001", "000002", "000999"]));
        Assert.Equal(0, await store.MarkAcknowledgedAsync(Office, ["000001"]));

        Assert.Equal(["000003"], (await store.GetUnacknowledgedRepliesAsync()).Select(r => r.Reply.Id));
        Assert.Equal(Clock.GetUtcNow(), (await store.GetReplyAsync(Office, "000001"))!.AcknowledgedAt);
        Assert.Equal(3, (await store.GetUnhandledRepliesAsync()).Count);
    }
}

public sealed class SqliteClientStateStoreTests : ClientStateStoreTests, IDisposable
{
    private readonly SqliteDatabases _databases;

    public SqliteClientStateStoreTests(ITestOutputHelper output)
        : this(new SqliteDatabases(), output)
    {
    }

    private SqliteClientStateStoreTests(SqliteDatabases databases, ITestOutputHelper output)
        : base(databases, output) => _databases = databases;

    protected override ClientStateProvider ExpectedProvider => ClientStateProvider.Sqlite;

    public void Dispose() => _databases.Dispose();
}

[Collection(PostgresGroup.Name)]
public sealed class PostgresClientStateStoreTests(PostgresServer server, ITestOutputHelper output) : ClientStateStoreTests(new PostgresDatabases(server), output)
{
    protected override ClientStateProvider ExpectedProvider => ClientStateProvider.PostgreSql;
}
