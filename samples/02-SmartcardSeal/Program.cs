// Sample 02: seal a monthly file with the employer's key on a smartcard (PKCS#11) and open it again.
//
//   dotnet run --project samples/02-SmartcardSeal [-- <number of employees>]
//
// A real signature card or HSM comes with its vendor's PKCS#11 module. This sample uses SoftHSMv2 instead (Debian/Ubuntu:
// `sudo apt-get install softhsm2`), with a private token in a temporary folder, so it leaves nothing behind:
//
// 1. Creates the token (softhsm2-util) and opens it with Pkcs11Token; the PIN comes from a callback.
// 2. Generates the employer's RSA key pair on the token (the private key never leaves it).
// 3. Has a test CA issue the employer certificate for that key and stores it on the token, as the ITSG Trust Center's
//    certificate would be (sample 04 shows the real request and renewal).
// 4. Seals a monthly file: signed on the token (RSASSA-PSS, SHA-256), encrypted for the central storage office (ZSS).
// 5. Opens it as the ZSS would and checks the signer and the content.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.Tokens;
using Elena.Sdk.Testing;
using Elena.Sdk.Testing.Data;

const string ModulePath = "/usr/lib/softhsm/libsofthsm2.so"; // your card's PKCS#11 module in production
const string TokenLabel = "elena-sample";
const string KeyLabel = "employer";
const string EmployerNumber = "33526082";
const string SamplePin = "482916";   // a demo token's PIN; a real application asks the user and never stores or logs it
const string SamplePuk = "73519264";  // the token's security officer PIN (the PUK of a card)

int employees = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;

string? softhsmUtil = FindOnPath("softhsm2-util");
if (softhsmUtil is null || !File.Exists(ModulePath))
{
    Console.Error.WriteLine("SoftHSMv2 is not installed: this sample needs softhsm2-util on PATH and the PKCS#11 module " + ModulePath + ".");
    Console.Error.WriteLine("Install it (Debian/Ubuntu: sudo apt-get install softhsm2) and run the sample again.");
    return 2;
}

var work = Directory.CreateTempSubdirectory("elena-sample02-");
try
{
    // 1. A private token. SoftHSM finds its configuration through SOFTHSM2_CONF, which it reads with the C library's
    //    getenv(): Environment.SetEnvironmentVariable does not reach that, so the variable is set natively, before the
    //    module is loaded. A real card needs none of this.
    string tokens = Directory.CreateDirectory(Path.Combine(work.FullName, "tokens")).FullName;
    string conf = Path.Combine(work.FullName, "softhsm2.conf");
    File.WriteAllText(conf, $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
    NativeEnvironment.Set("SOFTHSM2_CONF", conf);
    RunTool(softhsmUtil, ["--init-token", "--free", "--label", TokenLabel, "--so-pin", SamplePuk, "--pin", SamplePin], conf);

    int pinRequests = 0;
    using var token = Pkcs11Token.Open(new Pkcs11TokenOptions { ModulePath = ModulePath, TokenLabel = TokenLabel }, request =>
    {
        // Called on the first private-key use and again after every 254 signatures (one PIN entry per batch).
        pinRequests++;
        Console.WriteLine($"PIN requested for token '{request.TokenLabel}': {request.Reason}, attempt {request.Attempt}.");
        return SamplePin; // return null to cancel
    });
    Console.WriteLine($"Opened token '{token.Label}' ({token.ManufacturerId.Trim()} {token.Model.Trim()}, serial {token.SerialNumber}).");

    // 2. The employer's key pair, generated on the token: the private key is not extractable.
    using var tokenKey = token.GenerateRsaKey(KeyLabel, 2048);
    Console.WriteLine($"Generated RSA-{tokenKey.KeySize} key '{tokenKey.Label}' (id {tokenKey.IdHex}) on the token.");

    // 3. The certificate for the token key, from a test CA, stored on the token next to its key (same CKA_ID).
    using var caKey = RSA.Create(2048);
    var caRequest = new CertificateRequest("CN=Sample Test CA, O=ITSG TrustCenter fuer Arbeitgeber, C=DE", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
    caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
    using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
    using (var issued = Issue(ca, caKey, $"CN=Demo Arbeitgeber GmbH, OU=BN{EmployerNumber}, O=ITSG TrustCenter fuer Arbeitgeber, C=DE", tokenKey))
    {
        token.ImportCertificate(issued, KeyLabel, tokenKey.GetId());
    }

    // From here on the token is used as a real card is: certificate and key both come from it.
    using var employerCertificate = token.GetCertificate(KeyLabel)
        ?? throw new InvalidOperationException($"The token holds no certificate labelled '{KeyLabel}'.");
    using var signingKey = token.GetKey(KeyLabel);
    Console.WriteLine($"Employer certificate on the token: {employerCertificate.Subject}");

    // The ZSS certificate comes from the acceptance-office key list (annahme-rsa4096.key) in production.
    using var zssKey = RSA.Create(2048);
    using var zssCertificate = Issue(ca, caKey, $"CN=ZSS, OU=BN{ReferenceParties.CentralStorageOffice}, O=ITSG TrustCenter fuer Arbeitgeber, C=DE", zssKey).CopyWithPrivateKey(zssKey);

    // 4. The monthly file, sealed with the token key.
    string plainPath = Path.Combine(work.FullName, "EENA0000001.txt");
    string sealedPath = Path.Combine(work.FullName, "EENA0000001.p7m");
    await using (var plain = File.Create(plainPath))
    {
        long records = await SyntheticFileGenerator.WriteAsync(plain, new SyntheticFileOptions { EarningsRecords = employees, Employer = EmployerNumber, Seed = 2 });
        Console.WriteLine($"Wrote a monthly file of {records} records ({plain.Length:N0} bytes).");
    }

    var sealer = new MessageSealer(new SealOptions { SignerCertificate = employerCertificate, SignerKey = signingKey });
    var stopwatch = Stopwatch.StartNew();
    await using (var plain = File.OpenRead(plainPath))
    await using (var sealedFile = File.Create(sealedPath))
    {
        await sealer.SealAsync(plain, sealedFile, zssCertificate);
    }

    Console.WriteLine($"Sealed on the token in {stopwatch.ElapsedMilliseconds} ms: {new FileInfo(sealedPath).Length:N0} bytes, {pinRequests} PIN request(s).");

    // 5. Open it as the ZSS: decrypt with the ZSS key, verify the signature and the chain to the CA.
    var opener = new MessageOpener(new OpenOptions
    {
        DecryptionKeys = [new DecryptionKey(zssCertificate, zssKey)],
        TrustAnchors = [ca],
    });
    using var opened = new MemoryStream();
    VerificationResult result;
    await using (var sealedFile = File.OpenRead(sealedPath))
    {
        result = await opener.OpenAsync(sealedFile, opened);
    }

    bool sameContent = SHA256.HashData(opened.ToArray()).AsSpan().SequenceEqual(SHA256.HashData(File.ReadAllBytes(plainPath)));
    Console.WriteLine($"Opened: signed by {result.Signer?.Value} ({result.Scheme}, chain {result.Chain}) at {result.SigningTime:u}.");
    Console.WriteLine(sameContent ? "Content matches the monthly file." : "Content DIFFERS from the monthly file.");
    return sameContent && result.Signer?.Value == EmployerNumber && result.Chain == ChainStatus.Trusted ? 0 : 1;
}
catch (TokenException e)
{
    // The PKCS#11 return code says what happened (CKR_PIN_INCORRECT, CKR_TOKEN_NOT_PRESENT, …); never a PIN.
    Console.Error.WriteLine($"Token error {e.ReturnCode}: {e.Message}");
    return 1;
}
catch (SecureMessageException e)
{
    Console.Error.WriteLine($"Sealing or opening failed ({e.Error}): {e.Message}");
    return 1;
}
finally
{
    work.Delete(recursive: true);
}

// A certificate for an employer or office key, signed by the test CA (RSASSA-PSS, as the ITSG signs).
static X509Certificate2 Issue(X509Certificate2 ca, RSA caKey, string subject, RSA subjectKey)
{
    var request = new CertificateRequest(subject, subjectKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
    request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
    var now = DateTimeOffset.UtcNow;
    return request.Create(ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pss), now.AddMinutes(-5), now.AddYears(3), RandomNumberGenerator.GetBytes(8));
}

static string? FindOnPath(string command) =>
    (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(directory => Path.Combine(directory, command))
        .FirstOrDefault(File.Exists);

static void RunTool(string tool, string[] arguments, string conf)
{
    var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (string argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    start.Environment["SOFTHSM2_CONF"] = conf;
    using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
    string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{Path.GetFileName(tool)} {arguments[0]} failed (exit {process.ExitCode}): {output.Trim()}");
    }
}

/// <summary>The C library's environment, which native PKCS#11 modules read.</summary>
internal static partial class NativeEnvironment
{
    /// <summary>Sets a variable with the C library's <c>setenv</c> (and in .NET's view of the environment).</summary>
    public static void Set(string name, string value)
    {
        if (OperatingSystem.IsWindows())
        {
            Environment.SetEnvironmentVariable(name, value); // the Windows CRT reads the process environment block
            return;
        }

        if (setenv(Encoding.UTF8.GetBytes(name + "\0"), Encoding.UTF8.GetBytes(value + "\0"), 1) != 0)
        {
            throw new InvalidOperationException($"setenv({name}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        Environment.SetEnvironmentVariable(name, value);
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int setenv(byte[] name, byte[] value, int overwrite);
}
