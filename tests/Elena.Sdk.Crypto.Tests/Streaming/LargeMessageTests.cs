using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto.Certificates;
using Elena.Sdk.Crypto.Tests.Support;
using Xunit.Abstractions;

namespace Elena.Sdk.Crypto.Tests.Streaming;

/// <summary>
/// The large-message tests measure the process's managed heap, so they run alone: xunit runs a collection with
/// <c>DisableParallelization</c> after all parallel collections, with nothing else running.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LargeMessageGroup
{
    /// <summary>The collection name for <c>[Collection(LargeMessageGroup.Name)]</c>.</summary>
    public const string Name = "Streaming.LargeMessages";
}

/// <summary>
/// Seals and opens a 400 MiB payload without ever holding it: the payload is generated on the fly, the sealed message
/// goes through a counting stream to a temporary file, and the opened payload is compared 1 MiB at a time with the
/// generator's bytes. The managed heap is sampled every 16 MiB and must stay within 64 MiB of where it started (a
/// buffering implementation would need more than 400 MiB).
/// </summary>
[Collection(LargeMessageGroup.Name)]
public sealed class LargeMessageTests(ITestOutputHelper output)
{
    private const long PayloadSize = 400L * 1024 * 1024;
    private const int ReadSize = 1 << 20;
    private const long SampleInterval = 16L * 1024 * 1024;
    private const long MemoryBound = 64L * 1024 * 1024;
    private const string SignerBetriebsnummer = "33526082";

    [Fact]
    public async Task SealThenOpen_400MiBGeneratedPayload_RoundTripsWithBoundedManagedMemory()
    {
        using var temp = new TempFolder();
        var signer = TestPki.Issue("LargeMessageSigner", SignerBetriebsnummer);
        var recipient = TestPki.Issue("LargeMessageRecipient", "66660008");
        var sealer = new MessageSealer(new SealOptions
        {
            SignerCertificate = signer,
            SignerKey = signer.GetRSAPrivateKey()!,
            Signature = SignatureScheme.Pss,
        });
        var opener = new MessageOpener(new OpenOptions
        {
            DecryptionKeys = [new DecryptionKey(recipient, recipient.GetRSAPrivateKey()!)],
            TrustAnchors = [TestPki.Root],
        });
        WarmUp(sealer, opener, recipient);

        string path = temp.File("large.p7m");
        var probe = MemoryProbe.Start();
        var clock = Stopwatch.StartNew();
        try
        {
            // Seal: generator -> sealer -> counting stream -> file.
            var source = new GeneratedPayloadStream(PayloadSize, probe);
            long sealedLength;
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.SequentialScan))
            {
                var counting = new CountingWriteStream(file, probe);
                await sealer.SealAsync(source, counting, recipient);
                sealedLength = counting.BytesWritten;
            }

            var sealTime = clock.Elapsed;
            Assert.Equal(PayloadSize, source.Position);
            Assert.Equal(sealedLength, new FileInfo(path).Length);
            Assert.InRange(sealedLength, PayloadSize + 16, PayloadSize + (1 << 20));

            // Open: file -> opener, read in 1 MiB reads, compared with the generator's bytes at the same position.
            byte[] actual = new byte[ReadSize];
            byte[] expected = new byte[ReadSize];
            long position = 0;
            long nextSample = SampleInterval;
            VerificationResult? verification;
            await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
            await using (var opened = opener.Open(file))
            {
                Assert.Equal(recipient.RawData, opened.RecipientCertificate.RawData);
                while (true)
                {
                    int n = opened.Read(actual, 0, ReadSize);
                    if (n == 0)
                    {
                        break;
                    }

                    Assert.True(position + n <= PayloadSize, $"the opened payload is longer than {PayloadSize} bytes");
                    Assert.Null(opened.Verification);
                    PseudoRandomBytes.Fill(position, expected.AsSpan(0, n));
                    if (!actual.AsSpan(0, n).SequenceEqual(expected.AsSpan(0, n)))
                    {
                        int at = actual.AsSpan(0, n).CommonPrefixLength(expected.AsSpan(0, n));
                        Assert.Fail($"The opened payload differs from the sealed one at byte {position + at}.");
                    }

                    position += n;
                    if (position >= nextSample)
                    {
                        probe.Sample();
                        nextSample += SampleInterval;
                    }
                }

                verification = opened.Verification;
            }

            var openTime = clock.Elapsed - sealTime;
            probe.Sample();
            output.WriteLine($"sealed {PayloadSize:N0} bytes into {sealedLength:N0} in {sealTime.TotalSeconds:F1} s; opened and compared in {openTime.TotalSeconds:F1} s");
            output.WriteLine(probe.Describe());

            Assert.Equal(PayloadSize, position);
            Assert.NotNull(verification);
            Assert.Equal(SignatureScheme.Pss, verification.Scheme);
            Assert.Equal(ChainStatus.Trusted, verification.Chain);
            Assert.Equal(PartyId.Betriebsnummer(SignerBetriebsnummer), verification.Signer);
            Assert.Equal(signer.RawData, verification.SignerCertificate.RawData);
            Assert.NotNull(verification.SigningTime);
            Assert.Equal(recipient.RawData, verification.RecipientCertificate.RawData);

            Assert.True(probe.Samples >= 2 * (PayloadSize / SampleInterval), $"only {probe.Samples} memory samples were taken");
            Assert.True(probe.PeakTotalMemory - probe.BaselineTotalMemory < MemoryBound,
                $"GC.GetTotalMemory rose by {Mib(probe.PeakTotalMemory - probe.BaselineTotalMemory)} (bound {Mib(MemoryBound)}): the payload is buffered. {probe.Describe()}");
            Assert.True(probe.PeakHeapSize - probe.BaselineHeapSize < MemoryBound,
                $"The GC heap grew by {Mib(probe.PeakHeapSize - probe.BaselineHeapSize)} (bound {Mib(MemoryBound)}): the payload is buffered. {probe.Describe()}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void PseudoRandomBytes_AnySplit_SameBytes()
    {
        // The comparison above relies on the generator giving the same bytes however a range is split into reads.
        byte[] whole = new byte[1000];
        PseudoRandomBytes.Fill(12_345, whole);
        byte[] pieces = new byte[1000];
        int[] cuts = [0, 1, 3, 8, 9, 17, 64, 65, 333, 999, 1000];
        for (int i = 0; i + 1 < cuts.Length; i++)
        {
            PseudoRandomBytes.Fill(12_345 + cuts[i], pieces.AsSpan(cuts[i], cuts[i + 1] - cuts[i]));
        }

        Assert.Equal(whole, pieces);
        Assert.True(whole.Distinct().Count() > 200, "the generator's bytes are not varied");
    }

    private static string Mib(long bytes) => $"{bytes / (1024.0 * 1024.0):F1} MiB";

    /// <summary>A small round trip first, so that JIT, pools and statics are in place before the baseline is taken.</summary>
    private static void WarmUp(MessageSealer sealer, MessageOpener opener, X509Certificate2 recipient)
    {
        using var sealedMessage = new MemoryStream();
        sealer.SealAsync(new GeneratedPayloadStream((3 << 20) + 7, null), sealedMessage, recipient).GetAwaiter().GetResult();
        sealedMessage.Position = 0;
        using var opened = opener.Open(sealedMessage);
        opened.CopyTo(Stream.Null, ReadSize);
        Assert.NotNull(opened.Verification);
    }

    /// <summary>Samples the managed heap: <see cref="GC.GetTotalMemory(bool)"/> (without collecting) and the GC heap size.</summary>
    private sealed class MemoryProbe
    {
        private readonly object _gate = new();

        private MemoryProbe(long totalMemory, long heapSize)
        {
            BaselineTotalMemory = PeakTotalMemory = totalMemory;
            BaselineHeapSize = PeakHeapSize = heapSize;
        }

        public long BaselineTotalMemory { get; }

        public long BaselineHeapSize { get; }

        public long PeakTotalMemory { get; private set; }

        public long PeakHeapSize { get; private set; }

        public int Samples { get; private set; }

        public static MemoryProbe Start()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return new MemoryProbe(GC.GetTotalMemory(forceFullCollection: true), GC.GetGCMemoryInfo().HeapSizeBytes);
        }

        public void Sample()
        {
            long total = GC.GetTotalMemory(forceFullCollection: false);
            long heap = GC.GetGCMemoryInfo().HeapSizeBytes;
            lock (_gate)
            {
                PeakTotalMemory = Math.Max(PeakTotalMemory, total);
                PeakHeapSize = Math.Max(PeakHeapSize, heap);
                Samples++;
            }
        }

        public string Describe()
        {
            lock (_gate)
            {
                return $"{Samples} samples; GC.GetTotalMemory baseline {Mib(BaselineTotalMemory)}, peak {Mib(PeakTotalMemory)} (+{Mib(PeakTotalMemory - BaselineTotalMemory)}); "
                    + $"GC heap size baseline {Mib(BaselineHeapSize)}, peak {Mib(PeakHeapSize)} (+{Mib(PeakHeapSize - BaselineHeapSize)})";
            }
        }
    }

    /// <summary>
    /// Deterministic pseudo-random bytes addressed by position (SplitMix64 of the 8-byte block index), so any range can
    /// be produced on its own, in any split.
    /// </summary>
    private static class PseudoRandomBytes
    {
        private const ulong Seed = 0x5EC0_4E1E_4A00_2025;

        public static void Fill(long position, Span<byte> destination)
        {
            ulong block = (ulong)position >> 3;
            int skip = (int)(position & 7);
            Span<byte> word = stackalloc byte[8];
            int i = 0;
            if (skip != 0)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(word, Mix(block++));
                int n = Math.Min(8 - skip, destination.Length);
                word.Slice(skip, n).CopyTo(destination);
                i = n;
            }

            for (; destination.Length - i >= 8; i += 8)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(destination[i..], Mix(block++));
            }

            if (i < destination.Length)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(word, Mix(block));
                word[..(destination.Length - i)].CopyTo(destination[i..]);
            }
        }

        private static ulong Mix(ulong block)
        {
            ulong z = Seed + ((block + 1) * 0x9E37_79B9_7F4A_7C15UL);
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>
    /// A read-only stream of <see cref="PseudoRandomBytes"/>, generated as it is read. Reads return at most an odd
    /// number of bytes, so the sealer's chunks and the reads never line up. Samples memory every 16 MiB.
    /// </summary>
    private sealed class GeneratedPayloadStream(long length, MemoryProbe? probe) : Stream
    {
        private const int MaxRead = 777_777;
        private long _position;
        private long _nextSample = SampleInterval;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = (int)Math.Min(Math.Min(buffer.Length, MaxRead), length - _position);
            if (n <= 0)
            {
                return 0;
            }

            PseudoRandomBytes.Fill(_position, buffer[..n]);
            _position += n;
            if (probe is not null && _position >= _nextSample)
            {
                probe.Sample();
                _nextSample += SampleInterval;
            }

            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Read(buffer.Span));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A write-only stream that counts the bytes and forwards them; samples memory every 16 MiB.</summary>
    private sealed class CountingWriteStream(Stream inner, MemoryProbe probe) : Stream
    {
        private long _nextSample = SampleInterval;

        public long BytesWritten { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            Count(buffer.Length);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Count(buffer.Length);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void Count(int n)
        {
            BytesWritten += n;
            if (BytesWritten >= _nextSample)
            {
                probe.Sample();
                _nextSample += SampleInterval;
            }
        }
    }
}
