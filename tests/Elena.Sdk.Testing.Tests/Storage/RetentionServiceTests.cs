using Elena.Sdk.Testing.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Elena.Sdk.Testing.Tests.Storage;

public class RetentionServiceTests
{
    private static readonly DateTimeOffset Start = new(2010, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Month = new(2009, 12, 1);

    [Fact]
    public void RetentionPolicy_Constants_FiveAndTwoYears()
    {
        Assert.Equal(5, RetentionPolicy.StoredDataRetentionYears);
        Assert.Equal(2, RetentionPolicy.LogRetentionYears);
    }

    [Fact]
    public void Run_StoredData4y364d_Kept()
    {
        var time = new FakeTimeProvider(Start);
        var store = new EncryptedRecordStore(new InMemoryMasterKeyVault(1), time);
        store.CreateWriter().StoreReport("ZID1", Month, "33526082", [1, 2, 3], false);
        var service = new RetentionService(store, new ReportLog(), time);

        time.SetUtcNow(Start.AddYears(5).AddDays(-1));
        var result = service.Run();

        Assert.Equal(new RetentionResult(0, 0), result);
        Assert.Single(store.CreateReader().Read("ZID1"));
    }

    [Fact]
    public void Run_StoredData5yPlus1d_Deleted()
    {
        var time = new FakeTimeProvider(Start);
        var store = new EncryptedRecordStore(new InMemoryMasterKeyVault(1), time);
        var writer = store.CreateWriter();
        writer.StoreReport("ZID1", Month, "33526082", [1, 2, 3], false);
        writer.StoreReport("ZID1", Month, "33526082", [9], true);
        time.Advance(TimeSpan.FromDays(30));
        writer.StoreReport("ZID1", Month, "33526082", [4, 5, 6], false);
        var service = new RetentionService(store, new ReportLog(), time);

        time.SetUtcNow(Start.AddYears(5).AddDays(1));
        var result = service.Run();

        Assert.Equal(new RetentionResult(2, 0), result);
        var remaining = Assert.Single(store.CreateReader().Read("ZID1"));
        Assert.Equal([4, 5, 6], remaining.RecordBytes.ToArray());
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void Run_Logs2yMinus1dKept_2yPlus1dDeleted()
    {
        var time = new FakeTimeProvider(Start);
        var log = new ReportLog();
        log.Add(Start, Month, "12150780M003", "33526082", "file-1");
        log.Add(Start.AddDays(2), Month, "12150780M003", "33526082", "file-2");
        var service = new RetentionService(new EncryptedRecordStore(new InMemoryMasterKeyVault(1), time), log, time);

        time.SetUtcNow(Start.AddYears(2).AddDays(1));
        var result = service.Run();

        Assert.Equal(new RetentionResult(0, 1), result);
        var kept = Assert.Single(log.Entries);
        Assert.Equal("file-2", kept.FileId);
        Assert.True(time.GetUtcNow() - kept.ReceivedAt < TimeSpan.FromDays(2 * 365));
    }

    [Fact]
    public void Run_Log2yMinus1d_Kept()
    {
        var time = new FakeTimeProvider(Start);
        var log = new ReportLog();
        log.Add(Start, Month, "12150780M003", "33526082", "file-1");
        var service = new RetentionService(new EncryptedRecordStore(new InMemoryMasterKeyVault(1), time), log, time);

        time.SetUtcNow(Start.AddYears(2).AddDays(-1));

        Assert.Equal(new RetentionResult(0, 0), service.Run());
        Assert.Single(log.Entries);
    }
}
