using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Elena.Sdk.Certificates.Store;
using Elena.Sdk.Certificates.Tests.Support;

namespace Elena.Sdk.Certificates.Tests.Store;

public sealed class CertificateStoreTests
{
    [Fact]
    public void Create_ThenOpen_KeepsPendingRequestWithKeyAndOrderNumber()
    {
        using var folder = new TempFolder();
        string path = folder.File("employer.p12");
        var pending = StoreTestData.NewPending();
        byte[] signature;
        using (var store = CertificateStore.Create(path, StoreTestData.Password, StoreTestData.Options()))
        {
            store.SetPending(pending);
            pending.OrderNumber = "A-4711";
            pending.Confirmed = true;
            store.SaveChanges();
            signature = pending.PrivateKey!.SignData([1, 2, 3], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        using var reopened = CertificateStore.Open(path, StoreTestData.Password, StoreTestData.Options());
        var loaded = Assert.IsType<PendingRequest>(reopened.Pending);
        Assert.Equal("A-4711", loaded.OrderNumber);
        Assert.True(loaded.Confirmed);
        Assert.Equal(pending.PublicKeyHash, loaded.PublicKeyHash);
        Assert.Equal(pending.Pkcs10, loaded.Pkcs10);
        Assert.Equal(signature, loaded.PrivateKey!.SignData([1, 2, 3], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void CompletePending_StoresCertificateWithKey_AndClearsPending()
    {
        using var folder = new TempFolder();
        string path = folder.File("employer.p12");
        var pending = StoreTestData.NewPending();
        using var issued = StoreTestData.IssueFor(pending);
        using (var store = CertificateStore.Create(path, StoreTestData.Password, StoreTestData.Options()))
        {
            store.SetPending(pending);
            store.CompletePending(issued, []);
        }

        using var reopened = CertificateStore.Open(path, StoreTestData.Password, StoreTestData.Options());
        Assert.Null(reopened.Pending);
        var stored = Assert.Single(reopened.Certificates);
        Assert.Equal(issued.Thumbprint, stored.Certificate.Thumbprint);
        using var withKey = stored.GetCertificateWithKey();
        Assert.True(withKey.HasPrivateKey);
        Assert.Equal("12345678", stored.Party!.Value.Value);
    }

    [Fact]
    public void Open_WrongPassword_ClearErrorWithoutPassword_AndFileUnchanged()
    {
        using var folder = new TempFolder();
        string path = folder.File("employer.p12");
        using (var store = CertificateStore.Create(path, StoreTestData.Password, StoreTestData.Options()))
        {
            store.SetPending(StoreTestData.NewPending());
        }

        byte[] before = File.ReadAllBytes(path);
        const string wrong = "Wrong-Secret-9876";
        var error = Assert.Throws<CertificateStoreException>(() => CertificateStore.Open(path, wrong, StoreTestData.Options()));

        Assert.Equal(CertificateStoreError.WrongPassword, error.Error);
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(StoreTestData.Password, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
        using var reopened = CertificateStore.Open(path, StoreTestData.Password, StoreTestData.Options());
        Assert.NotNull(reopened.Pending);
    }

    [Fact]
    public void Open_DamagedFile_IsCorrupt()
    {
        using var folder = new TempFolder();
        string path = folder.File("employer.p12");
        File.WriteAllBytes(path, [0x30, 0x03, 0x02, 0x01, 0x03, 0xFF]);
        var error = Assert.Throws<CertificateStoreException>(() => CertificateStore.Open(path, StoreTestData.Password, StoreTestData.Options()));
        Assert.Equal(CertificateStoreError.Corrupt, error.Error);
    }

    [Fact]
    public void Open_Missing_IsNotFound()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<CertificateStoreException>(() => CertificateStore.Open(folder.File("none.p12"), StoreTestData.Password, StoreTestData.Options()));
        Assert.Equal(CertificateStoreError.NotFound, error.Error);
    }

    [Fact]
    public void Save_CrashMidWrite_LeavesOldStoreIntact_AndNoTempFile()
    {
        using var folder = new TempFolder();
        string path = folder.File("employer.p12");
        using (var store = CertificateStore.Create(path, StoreTestData.Password, StoreTestData.Options()))
        {
            store.SetPending(StoreTestData.NewPending());
        }

        byte[] before = File.ReadAllBytes(path);
        using (var store = CertificateStore.Open(path, StoreTestData.Password, StoreTestData.Options(interceptor: s => new FailingStream(s, failAfter: 300))))
        {
            var error = Assert.Throws<CertificateStoreException>(() => store.DiscardPending());
            Assert.Equal(CertificateStoreError.WriteFailed, error.Error);
        }

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(folder.Path));
        using var reopened = CertificateStore.Open(path, StoreTestData.Password, StoreTestData.Options());
        Assert.NotNull(reopened.Pending);
    }

    [Fact]
    public void BackupAndRestore_IncludesPendingRequest_WithOwnPassword()
    {
        using var folder = new TempFolder();
        var pending = StoreTestData.NewPending();
        using var backup = new MemoryStream();
        using (var store = CertificateStore.Create(folder.File("a.p12"), StoreTestData.Password, StoreTestData.Options()))
        {
            store.SetPending(pending);
            pending.OrderNumber = "A-1";
            store.SaveChanges();
            store.Backup(backup, "Backup-Secret-1");
        }

        backup.Position = 0;
        var wrong = Assert.Throws<CertificateStoreException>(() =>
            CertificateStore.Restore(backup, "nope-nope", folder.File("b.p12"), "New-Store-Pw", StoreTestData.Options()));
        Assert.Equal(CertificateStoreError.WrongPassword, wrong.Error);
        Assert.False(File.Exists(folder.File("b.p12")));

        backup.Position = 0;
        using (var restored = CertificateStore.Restore(backup, "Backup-Secret-1", folder.File("b.p12"), "New-Store-Pw", StoreTestData.Options()))
        {
            Assert.Equal("A-1", restored.Pending!.OrderNumber);
        }

        using var reopened = CertificateStore.Open(folder.File("b.p12"), "New-Store-Pw", StoreTestData.Options());
        Assert.Equal(pending.PublicKeyHash, reopened.Pending!.PublicKeyHash);
        Assert.NotNull(reopened.Pending.PrivateKey);
    }

    [Fact]
    public void StartOver_ForgottenPassword_MovesOldFileAside_AndCreatesEmptyStore()
    {
        using var folder = new TempFolder();
        string path = folder.File("employer.p12");
        using (var store = CertificateStore.Create(path, StoreTestData.Password, StoreTestData.Options()))
        {
            store.SetPending(StoreTestData.NewPending());
        }

        using var fresh = CertificateStore.StartOver(path, "Brand-New-Pw", StoreTestData.Options());
        Assert.Null(fresh.Pending);
        Assert.Empty(fresh.Certificates);
        Assert.Equal(2, Directory.GetFiles(folder.Path).Length);
        Assert.Single(Directory.GetFiles(folder.Path, "employer.p12.forgotten-*"));
    }

    [Fact]
    public void File_UsesAes256Pbkdf2Sha256_WithConfiguredIterations()
    {
        using var folder = new TempFolder();
        string path = folder.File("employer.p12");
        using (var store = CertificateStore.Create(path, StoreTestData.Password, new CertificateStoreOptions()))
        {
            store.SetPending(StoreTestData.NewPending());
        }

        var info = Pkcs12Info.Decode(File.ReadAllBytes(path), out _);
        var shrouded = info.AuthenticatedSafe.SelectMany(s => s.ConfidentialityMode == Pkcs12ConfidentialityMode.None ? s.GetBags() : [])
            .OfType<Pkcs12ShroudedKeyBag>().Single();
        // EncryptedPrivateKeyInfo → PBES2 (1.2.840.113549.1.5.13) with PBKDF2 and AES-256-CBC (2.16.840.1.101.3.4.1.42).
        string der = Convert.ToHexString(shrouded.EncryptedPkcs8PrivateKey.Span);
        Assert.Contains("06092A864886F70D01050D", der, StringComparison.Ordinal);
        Assert.Contains("060960864801650304012A", der, StringComparison.Ordinal);
        Assert.Contains("06082A864886F70D0209", der, StringComparison.Ordinal); // hmacWithSHA256
        Assert.Contains("02030927C0", der, StringComparison.Ordinal); // 600000 iterations
        Assert.Equal(CertificateStoreOptions.DefaultIterations, 600_000);
    }

    [Fact]
    public void Options_WeakIterations_Refused()
    {
        using var folder = new TempFolder();
        Assert.Throws<ArgumentOutOfRangeException>(() => CertificateStore.Create(folder.File("x.p12"), StoreTestData.Password, new CertificateStoreOptions { Iterations = 1000 }));
    }

    [Fact]
    public void Hash_GroupsOfFour_AndTypedComparison()
    {
        Assert.Equal("ABCD EF01 23", PublicKeyHashes.Group("ABCDEF0123"));
        Assert.True(PublicKeyHashes.Matches("abcd ef01 23", "ABCDEF0123"));
        Assert.False(PublicKeyHashes.Matches("abcd ef01 24", "ABCDEF0123"));
    }

    private sealed class FailingStream(Stream inner, int failAfter) : Stream
    {
        private int written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            int room = Math.Max(0, failAfter - written);
            inner.Write(buffer[..Math.Min(room, buffer.Length)]);
            written += buffer.Length;
            if (written > failAfter)
            {
                throw new IOException("Simulated crash: disk gone mid-write.");
            }
        }
    }
}
