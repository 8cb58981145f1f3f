using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Elena.Sdk.Crypto;

namespace Elena.Sdk.Benchmarks;

/// <summary>
/// Seal (sign + encrypt) and open (decrypt + verify) of a 40 MiB payload with software RSA-4096 keys, in process.
/// Throughput = 40 MiB / mean.
/// </summary>
[MemoryDiagnoser]
public class SealOpenBenchmarks : IDisposable
{
    private const int Size = 40 << 20;
    private byte[] _payload = [];
    private byte[] _sealed = [];
    private MessageSealer _sealer = null!;
    private MessageOpener _opener = null!;
    private X509Certificate2 _office = null!;
    private readonly MemoryStream _output = new(Size + (1 << 20));

    [GlobalSetup]
    public void Setup()
    {
        var root = SelfSigned("CN=Bench Root", 4096);
        var signer = root; // signer = its own trust anchor keeps the setup small
        _office = SelfSigned("CN=Bench Office, OU=BN66660008", 4096);
        _payload = RandomNumberGenerator.GetBytes(Size);
        _sealer = new MessageSealer(new SealOptions { SignerCertificate = signer, SignerKey = signer.GetRSAPrivateKey()!, Signature = SignatureScheme.Pss });
        _opener = new MessageOpener(new OpenOptions { DecryptionKeys = [new(_office, _office.GetRSAPrivateKey()!)], TrustAnchors = [root] });
        using var sealedStream = new MemoryStream();
        _sealer.SealAsync(new MemoryStream(_payload), sealedStream, _office).GetAwaiter().GetResult();
        _sealed = sealedStream.ToArray();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _output.Dispose();
        GC.SuppressFinalize(this);
    }

    private static X509Certificate2 SelfSigned(string subject, int bits)
    {
        var key = RSA.Create(bits);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
    }

    /// <summary>Sign (PSS) then encrypt (OAEP-SHA256, AES-256-CBC) 40 MiB into memory.</summary>
    [Benchmark]
    public long Seal40MiB()
    {
        _output.SetLength(0);
        using (var sealing = _sealer.Open(_output, _office))
        {
            for (int offset = 0; offset < Size; offset += 1 << 20)
            {
                sealing.Write(_payload, offset, 1 << 20);
            }
        }

        return _output.Length;
    }

    /// <summary>Decrypt then verify 40 MiB (chain to the trust anchor included).</summary>
    [Benchmark]
    public long Open40MiB()
    {
        _output.SetLength(0);
        using var opened = _opener.Open(new MemoryStream(_sealed, writable: false));
        opened.CopyTo(_output, 1 << 20);
        return _output.Length;
    }
}
