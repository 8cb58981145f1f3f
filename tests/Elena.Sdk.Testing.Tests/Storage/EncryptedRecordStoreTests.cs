using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Elena.Sdk.Testing.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Elena.Sdk.Testing.Tests.Storage;

public class EncryptedRecordStoreTests
{
    private const string Zid = "ZID0000000001";
    private const string Employer = "33526082";
    private static readonly DateOnly March = new(2010, 3, 1);

    private static byte[] Mvds(string marker) =>
        Encoding.Latin1.GetBytes("MVDS" + marker + " Jördis Müller-Lüdenscheidt Straße 1 EUR 3.141,59");

    private static (EncryptedRecordStore Store, InMemoryMasterKeyVault Vault, FakeTimeProvider Time) Create()
    {
        var vault = new InMemoryMasterKeyVault(seed: 1);
        var time = new FakeTimeProvider(new DateTimeOffset(2010, 4, 5, 8, 0, 0, TimeSpan.Zero));
        return (new EncryptedRecordStore(vault, time), vault, time);
    }

    [Fact]
    public void Read_AfterStore_ReturnsSameBytesMonthEmployerAndTime()
    {
        var (store, _, time) = Create();
        var record = Mvds("ROUNDTRIP");
        var id = store.CreateWriter().StoreReport(Zid, new DateOnly(2010, 3, 17), Employer, record, isCancellation: false);

        var reports = store.CreateReader().Read(Zid);

        var report = Assert.Single(reports);
        Assert.Equal(id, report.EntryId);
        Assert.Equal(record, report.RecordBytes.ToArray());
        Assert.Equal(March, report.Month);
        Assert.Equal(Employer, report.EmployerNumber);
        Assert.Equal(time.GetUtcNow(), report.StoredAt);
        Assert.Empty(store.CreateReader().Read("ZID-OTHER"));
    }

    [Fact]
    public void StoreReport_ManyRecords_EachHasFreshWrappedKeyAndNonce()
    {
        var (store, vault, _) = Create();
        var writer = store.CreateWriter();
        for (var i = 0; i < 50; i++)
        {
            writer.StoreReport(Zid, March.AddMonths(-i), Employer, Mvds("SAME"), isCancellation: false);
        }

        var entries = store.Entries;
        Assert.Equal(50, entries.Count);
        Assert.Equal(50, entries.Select(e => Convert.ToHexString(e.WrappedKey.Span)).Distinct().Count());
        Assert.Equal(50, entries.Select(e => Convert.ToHexString(e.Nonce.Span)).Distinct().Count());
        Assert.Equal(50, entries.Select(e => Convert.ToHexString(vault.UnwrapKey(e.WrappedKey.Span))).Distinct().Count());
        Assert.All(entries, e =>
        {
            Assert.Equal(EncryptedRecordStore.NonceSize, e.Nonce.Length);
            Assert.Equal(EncryptedRecordStore.TagSize, e.TagLength);
            Assert.Equal(vault.KeyId, e.MasterKeyId);
            Assert.Equal(InMemoryMasterKeyVault.NonceSize + EncryptedRecordStore.SessionKeySize + InMemoryMasterKeyVault.TagSize, e.WrappedKey.Length);
        });
    }

    [Fact]
    public void Entries_AfterStore_CiphertextDoesNotContainPlaintext()
    {
        var (store, _, _) = Create();
        var record = Mvds("DISTINCTIVE-MARKER-4711");
        store.CreateWriter().StoreReport(Zid, March, Employer, record, isCancellation: false);

        var entry = Assert.Single(store.Entries);
        var marker = Encoding.Latin1.GetBytes("DISTINCTIVE-MARKER-4711");
        Assert.Equal(record.Length, entry.Ciphertext.Length);
        Assert.Equal(-1, entry.Ciphertext.Span.IndexOf(marker));
        Assert.Equal(-1, entry.Ciphertext.Span.IndexOf(Encoding.Latin1.GetBytes("Müller")));
        Assert.Equal(-1, entry.WrappedKey.Span.IndexOf(marker));
    }

    [Fact]
    public void Read_TamperedCiphertext_ThrowsAuthenticationTagMismatch()
    {
        var (store, _, _) = Create();
        store.CreateWriter().StoreReport(Zid, March, Employer, Mvds("TAMPER"), isCancellation: false);
        store.CorruptCiphertext(0, 5);

        var ex = Assert.ThrowsAny<CryptographicException>(() => store.CreateReader().Read(Zid));
        Assert.IsType<AuthenticationTagMismatchException>(ex);
    }

    [Fact]
    public void Read_VaultWithOtherMasterKey_Throws()
    {
        var (store, vault, _) = Create();
        store.CreateWriter().StoreReport(Zid, March, Employer, Mvds("OTHERKEY"), isCancellation: false);
        using var other = new InMemoryMasterKeyVault(seed: 2);

        Assert.NotEqual(vault.KeyId, other.KeyId);
        Assert.ThrowsAny<CryptographicException>(() => store.CreateReaderWithVault(other).Read(Zid));
        Assert.ThrowsAny<CryptographicException>(() => other.UnwrapKey(store.Entries[0].WrappedKey.Span));
        using var random = new InMemoryMasterKeyVault();
        Assert.ThrowsAny<CryptographicException>(() => store.CreateReaderWithVault(random).Read(Zid));
    }

    [Fact]
    public void IStoreWriter_Members_HaveNoReadAccess()
    {
        var members = typeof(IStoreWriter).GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static);

        var methods = members.Select(m => Assert.IsAssignableFrom<MethodInfo>(m)).OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
        Assert.Equal([nameof(IStoreWriter.StoreReport), nameof(IStoreWriter.StoreReports)], methods.Select(m => m.Name));
        Assert.Equal(typeof(Guid), methods[0].ReturnType);
        Assert.Equal(typeof(IReadOnlyList<Guid>), methods[1].ReturnType);
        Assert.Empty(typeof(IStoreWriter).GetInterfaces());
        Assert.DoesNotContain(members, m => m.Name.Contains("Read", StringComparison.OrdinalIgnoreCase) || m.Name.Contains("Get", StringComparison.OrdinalIgnoreCase));

        var writer = new EncryptedRecordStore(new InMemoryMasterKeyVault(seed: 1), TimeProvider.System).CreateWriter();
        Assert.False(writer is IStoreReader);
    }

    [Fact]
    public void IStoreReader_Members_HaveNoWriteAccess()
    {
        var method = Assert.IsAssignableFrom<MethodInfo>(Assert.Single(typeof(IStoreReader).GetMembers()));
        Assert.Equal(nameof(IStoreReader.Read), method.Name);
        var reader = new EncryptedRecordStore(new InMemoryMasterKeyVault(seed: 1), TimeProvider.System).CreateReader();
        Assert.False(reader is IStoreWriter);
    }

    [Fact]
    public void StoreReport_CancellationThenNewReport_ReaderSeesOnlyNewReport()
    {
        var (store, _, time) = Create();
        var writer = store.CreateWriter();
        writer.StoreReport(Zid, March, Employer, Mvds("ORIGINAL"), isCancellation: false);
        writer.StoreReport(Zid, March.AddMonths(-1), Employer, Mvds("FEBRUARY"), isCancellation: false);
        writer.StoreReport(Zid, March, "99999999", Mvds("OTHEREMPLOYER"), isCancellation: false);
        time.Advance(TimeSpan.FromDays(1));
        writer.StoreReport(Zid, March, Employer, Mvds("STORNO"), isCancellation: true);

        var afterCancel = store.CreateReader().Read(Zid);
        Assert.Equal(2, afterCancel.Count);
        Assert.DoesNotContain(afterCancel, r => r.Month == March && r.EmployerNumber == Employer);

        writer.StoreReport(Zid, March, Employer, Mvds("CORRECTED"), isCancellation: false);

        var reports = store.CreateReader().Read(Zid);
        Assert.Equal(3, reports.Count);
        var march = Assert.Single(reports, r => r.Month == March && r.EmployerNumber == Employer);
        Assert.Equal(Mvds("CORRECTED"), march.RecordBytes.ToArray());
        Assert.Equal([March.AddMonths(-1), March, March], reports.Select(r => r.Month));
        Assert.Equal(5, store.Count);
        Assert.Single(store.Entries, e => e.IsCancelled);
        Assert.Single(store.Entries, e => e.IsCancellation);
    }

    [Fact]
    public void MoveParticipant_VidToZid_MovesAllData()
    {
        var (store, _, _) = Create();
        const string Vid = "VID0000000042";
        var writer = store.CreateWriter();
        writer.StoreReport(Vid, March, Employer, Mvds("A"), isCancellation: false);
        writer.StoreReport(Vid, March.AddMonths(1), Employer, Mvds("B"), isCancellation: false);
        writer.StoreReport("VID-OTHER", March, Employer, Mvds("C"), isCancellation: false);

        var moved = store.MoveParticipant(Vid, Zid);

        Assert.Equal(2, moved);
        var reader = store.CreateReader();
        Assert.Empty(reader.Read(Vid));
        Assert.Equal([Mvds("A"), Mvds("B")], reader.Read(Zid).Select(r => r.RecordBytes.ToArray()));
        Assert.Single(reader.Read("VID-OTHER"));
        Assert.Equal(0, store.MoveParticipant(Vid, Zid));
    }

    [Fact]
    public void StoreReport_InvalidArguments_Throw()
    {
        var writer = Create().Store.CreateWriter();
        Assert.ThrowsAny<ArgumentException>(() => writer.StoreReport("", March, Employer, Mvds("X"), false));
        Assert.ThrowsAny<ArgumentException>(() => writer.StoreReport(Zid, March, " ", Mvds("X"), false));
        Assert.Throws<ArgumentNullException>(() => new EncryptedRecordStore(null!, TimeProvider.System));
    }

    [Fact]
    public void StoreReport_EightThreadsThousandEach_AllStoredAndReadable()
    {
        var (store, _, _) = Create();
        const int Threads = 8;
        const int PerThread = 1000;
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var writer = store.CreateWriter();
            start.SignalAndWait();
            for (var i = 0; i < PerThread; i++)
            {
                writer.StoreReport($"ZID-{t}", March.AddMonths(-(i % 60)), Employer, Mvds($"T{t}-R{i}"), isCancellation: false);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(Threads * PerThread, store.Count);
        var reader = store.CreateReader();
        for (var t = 0; t < Threads; t++)
        {
            var reports = reader.Read($"ZID-{t}");
            Assert.Equal(PerThread, reports.Count);
            var expected = Enumerable.Range(0, PerThread).Select(i => Convert.ToHexString(Mvds($"T{t}-R{i}"))).Order();
            Assert.Equal(expected, reports.Select(r => Convert.ToHexString(r.RecordBytes.Span)).Order());
        }
    }

    [Fact]
    public void StoreReports_ParallelBatch_CommitsInOrderSoCancellationThenReplacementHolds()
    {
        var (store, _, _) = Create();
        var batch = new List<ReportToStore>();
        for (int i = 0; i < 200; i++)
        {
            string zid = "ZID" + i.ToString("D10", CultureInfo.InvariantCulture);
            batch.Add(new ReportToStore(zid, March, Employer, Mvds("ORIGINAL" + i), false));
            batch.Add(new ReportToStore(zid, March, Employer, Mvds("STORNO" + i), true));
            batch.Add(new ReportToStore(zid, March, Employer, Mvds("CORRECTED" + i), false));
        }

        var ids = store.CreateWriter().StoreReports(batch, parallelism: 4);

        Assert.Equal(store.Entries.Select(e => e.EntryId), ids);
        var reader = store.CreateReader();
        for (int i = 0; i < 200; i++)
        {
            var report = Assert.Single(reader.Read("ZID" + i.ToString("D10", CultureInfo.InvariantCulture)));
            Assert.Equal(Mvds("CORRECTED" + i), report.RecordBytes.ToArray());
        }
    }

    [Fact]
    public void EntryIds_SameSeedSameIds_OtherSeedOtherIds()
    {
        var vault = new InMemoryMasterKeyVault(seed: 1);
        var time = new FakeTimeProvider();
        Guid[] Run(int seed)
        {
            var store = new EncryptedRecordStore(vault, time, seed);
            var writer = store.CreateWriter();
            writer.StoreReport(Zid, March, Employer, Mvds("A"), false);
            return [.. writer.StoreReports([new ReportToStore(Zid, March, Employer, Mvds("B"), false), new ReportToStore(Zid, March, Employer, Mvds("C"), false)], parallelism: 2), .. store.Entries.Select(e => e.EntryId)];
        }

        var first = Run(5);
        Assert.Equal(first, Run(5));
        Assert.Equal(3, first.Skip(2).Distinct().Count());
        Assert.Empty(first.Intersect(Run(6)));
    }
}
