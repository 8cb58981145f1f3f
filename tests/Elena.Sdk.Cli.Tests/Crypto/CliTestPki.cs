using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Elena.Sdk.Cli.Tests.Crypto;

/// <summary>
/// A small test PKI for the CLI tests (a copy of the Crypto tests' <c>TestPki</c>, which this project cannot see):
/// root CAs and end-entity certificates with ITSG-style subjects (<c>OU=BN…</c>). Keys are cached per name and size,
/// because 4096-bit generation takes a second.
/// </summary>
internal static class CliTestPki
{
    private static readonly ConcurrentDictionary<string, RSA> Keys = new();
    private static readonly ConcurrentDictionary<string, X509Certificate2> Certificates = new();
    private static readonly Lazy<X509Certificate2> LazyRoot = new(() => CreateRoot("CN=ELENA CLI Test Root, O=Elena.Sdk Tests, C=DE"));
    private static readonly Lazy<X509Certificate2> LazyOtherRoot = new(() => CreateRoot("CN=Unrelated Test Root, O=Elsewhere, C=DE"));

    /// <summary>The root CA that issues every end-entity certificate here (RSA-2048, valid 2000–2099).</summary>
    public static X509Certificate2 Root => LazyRoot.Value;

    /// <summary>A root CA that issued none of the certificates here.</summary>
    public static X509Certificate2 OtherRoot => LazyOtherRoot.Value;

    public static RSA Key(string name, int bits = 2048) => Keys.GetOrAdd($"{name}/{bits}", _ => RSA.Create(bits));

    public static X509Certificate2 CreateRoot(string subject, int bits = 2048)
    {
        var key = Key(subject, bits);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    /// <summary>
    /// An end-entity certificate with private key, issued by <see cref="Root"/> and cached by name and size. Subject like
    /// the ITSG Trust Center's: <c>CN=name, OU=BNbbnr, OU=name GmbH, O=ITSG TrustCenter fuer Arbeitgeber, C=DE</c>.
    /// </summary>
    public static X509Certificate2 Party(string name, string betriebsnummer, int bits = 2048) =>
        Certificates.GetOrAdd($"{name}/{betriebsnummer}/{bits}", _ => Issue(name, betriebsnummer, bits));

    public static X509Certificate2 Issue(string name, string betriebsnummer, int bits = 2048, X509Certificate2? issuer = null)
    {
        issuer ??= Root;
        var key = Key(name, bits);
        string subject = $"CN={name}, OU=BN{betriebsnummer}, OU={name} GmbH, O=ITSG TrustCenter fuer Arbeitgeber, C=DE";
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.NonRepudiation, true));
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        var issuerKey = issuer.GetRSAPrivateKey() ?? throw new ArgumentException("The issuer needs its private key.", nameof(issuer));
        var generator = X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1);
        using var certificate = request.Create(issuer.SubjectName, generator,
            new DateTimeOffset(2010, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2090, 1, 1, 0, 0, 0, TimeSpan.Zero), serial);
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>Writes <c>name.crt</c> (certificate) and, when it has one, <c>name.key</c> (PKCS#8 key) as PEM; returns the paths.</summary>
    public static (string Certificate, string Key) WritePem(X509Certificate2 certificate, string folder, string name)
    {
        Directory.CreateDirectory(folder);
        string certificatePath = Path.Combine(folder, name + ".crt");
        string keyPath = Path.Combine(folder, name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        if (certificate.GetRSAPrivateKey() is { } key)
        {
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        }

        return (certificatePath, keyPath);
    }

    /// <summary>Writes a certificate only (no key) as PEM, e.g. a trust anchor or a recipient certificate.</summary>
    public static string WriteCertificate(X509Certificate2 certificate, string folder, string fileName)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, fileName);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    /// <summary>Writes a PKCS#12 file with the certificate and its private key, protected by <paramref name="password"/>.</summary>
    public static string WritePkcs12(X509Certificate2 certificate, string folder, string fileName, string password)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, fileName);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }
}

/// <summary>Runs the real <c>openssl</c> command line (installed by ./test.sh) as the independent implementation.</summary>
internal static class OpenSslTool
{
    public static (int ExitCode, string Output, string Error) Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("openssl is not installed; run ./test.sh, which installs it.", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(60_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"openssl {string.Join(' ', arguments)} did not finish within 60 s.");
            }

            return (process.ExitCode, output.Result, error.Result);
        }
    }

    public static void MustRun(string workingDirectory, params string[] arguments)
    {
        var (code, output, error) = Run(workingDirectory, arguments);
        Assert.True(code == 0, $"openssl {string.Join(' ', arguments)} failed ({code}): {error}{output}");
    }
}
