using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Elena.Sdk.Crypto.Tokens;

namespace Elena.Sdk.Crypto.Tests.Tokens;

/// <summary>The xunit collection of all tests that use the SoftHSM token: they share one fixture and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SoftHsmGroup : ICollectionFixture<SoftHsmFixture>
{
    /// <summary>The collection name for <c>[Collection(SoftHsmGroup.Name)]</c>.</summary>
    public const string Name = "Tokens.SoftHSM";
}

/// <summary>
/// A fresh SoftHSMv2 token in a private temporary directory (its own <c>softhsm2.conf</c>, file object store), with
/// one shared RSA-2048 key. SoftHSM reads <c>SOFTHSM2_CONF</c> with the C library's <c>getenv</c> in
/// <c>C_Initialize</c>, and <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach that, so
/// the fixture sets it natively with <c>setenv</c> before the module is first loaded. The configuration is one per
/// process: every fixture instance in the process shares the directory and adds its own token.
/// </summary>
public sealed class SoftHsmFixture : IDisposable
{
    /// <summary>The SoftHSM PKCS#11 module.</summary>
    public const string ModulePath = "/usr/lib/softhsm/libsofthsm2.so";

    /// <summary>The user PIN of the test token.</summary>
    public const string UserPin = "482916";

    /// <summary>The security officer PIN of the test token.</summary>
    public const string SoPin = "73519264";

    /// <summary>Label of the RSA-2048 key generated once for the tests.</summary>
    public const string SharedKeyLabel = "shared-rsa2048";

    private static readonly object EnvironmentGate = new();
    private static string? sharedDirectory;
    private static int fixtures;

    private int disposed;

    public SoftHsmFixture()
    {
        string util = FindOnPath("softhsm2-util") ?? throw new InvalidOperationException(
            "SoftHSMv2 is not installed (softhsm2-util is not on PATH), so the PKCS#11 token tests cannot run. "
            + "Run ./test.sh: it installs the system packages the tests need (softhsm2), or install softhsm2 yourself.");
        if (!File.Exists(ModulePath))
        {
            throw new InvalidOperationException(
                $"The SoftHSMv2 PKCS#11 module {ModulePath} is missing. Run ./test.sh: it installs softhsm2.");
        }

        lock (EnvironmentGate)
        {
            if (sharedDirectory is null)
            {
                string directory = Path.Combine(Path.GetTempPath(), "elena-softhsm-" + Guid.NewGuid().ToString("N")[..12]);
                Directory.CreateDirectory(Path.Combine(directory, "tokens"));
                string conf = Path.Combine(directory, "softhsm2.conf");
                File.WriteAllText(conf,
                    $"directories.tokendir = {Path.Combine(directory, "tokens")}\n"
                    + "objectstore.backend = file\n"
                    + "log.level = ERROR\n"
                    + "slots.removable = false\n");
                if (NativeMethods.SetEnv("SOFTHSM2_CONF", conf, 1) != 0)
                {
                    throw new InvalidOperationException($"setenv(SOFTHSM2_CONF) failed with errno {Marshal.GetLastPInvokeError()}.");
                }

                Environment.SetEnvironmentVariable("SOFTHSM2_CONF", conf);
                sharedDirectory = directory;
            }

            fixtures++;
            StoreDirectory = sharedDirectory;
        }

        ConfPath = Path.Combine(StoreDirectory, "softhsm2.conf");
        TokenLabel = "elena-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        RunUtil(util, $"--init-token --free --label {TokenLabel} --so-pin {SoPin} --pin {UserPin}");

        using var token = Open();
        SharedKeyId = token.GenerateRsaKey(SharedKeyLabel, 2048, [0x5A, 0x01]).GetId();
    }

    /// <summary>The shared directory holding the configuration and the token store.</summary>
    public string StoreDirectory { get; }

    /// <summary>The <c>softhsm2.conf</c> this process uses.</summary>
    public string ConfPath { get; }

    /// <summary>The test token's label (unique per fixture).</summary>
    public string TokenLabel { get; }

    /// <summary>CKA_ID of the shared key.</summary>
    public byte[] SharedKeyId { get; }

    /// <summary>Options for the test token.</summary>
    public Pkcs11TokenOptions Options(int maxSignaturesPerLogin = Pkcs11TokenOptions.DefaultMaxSignaturesPerLogin, bool allowRawRsaDecryptFallback = false) => new()
    {
        ModulePath = ModulePath,
        TokenLabel = TokenLabel,
        MaxSignaturesPerLogin = maxSignaturesPerLogin,
        AllowRawRsaDecryptFallback = allowRawRsaDecryptFallback,
    };

    /// <summary>Opens the test token; by default the callback returns the right PIN.</summary>
    public Pkcs11Token Open(Func<PinRequest, string?>? pinCallback = null, int maxSignaturesPerLogin = Pkcs11TokenOptions.DefaultMaxSignaturesPerLogin,
        bool allowRawRsaDecryptFallback = false) =>
        Pkcs11Token.Open(Options(maxSignaturesPerLogin, allowRawRsaDecryptFallback), pinCallback ?? (_ => UserPin));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        lock (EnvironmentGate)
        {
            if (--fixtures == 0 && sharedDirectory is not null)
            {
                try
                {
                    Directory.Delete(sharedDirectory, recursive: true);
                }
                catch (IOException)
                {
                    // best effort: a temp directory
                }
                catch (UnauthorizedAccessException)
                {
                }

                sharedDirectory = null;
            }
        }
    }

    /// <summary>Initialises another token with the given PINs (SoftHSM accepts 4-digit PINs, so a 5-digit transport PIN works).</summary>
    public string InitToken(string userPin, string soPin)
    {
        string label = "card-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        RunUtil(FindOnPath("softhsm2-util")!, $"--init-token --free --label {label} --so-pin {soPin} --pin {userPin}");
        return label;
    }

    private void RunUtil(string util, string arguments)
    {
        var start = new ProcessStartInfo(util, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["SOFTHSM2_CONF"] = ConfPath;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("softhsm2-util did not start.");
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            throw new InvalidOperationException("softhsm2-util did not finish within 30 s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"softhsm2-util {arguments.Split(' ')[0]} failed (exit {process.ExitCode}): {output}");
        }
    }

    internal static string? FindOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, command))
            .FirstOrDefault(File.Exists);

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int setenv(byte[] name, byte[] value, int overwrite);

        /// <summary>The C library's <c>setenv</c>, with NUL-terminated UTF-8 strings.</summary>
        public static int SetEnv(string name, string value, int overwrite) =>
            setenv(Encoding.UTF8.GetBytes(name + "\0"), Encoding.UTF8.GetBytes(value + "\0"), overwrite);
    }
}

/// <summary>A PIN callback that records every request and answers from a script (the last answer repeats).</summary>
internal sealed class PinRecorder(params string?[] answers)
{
    private readonly List<PinRequest> requests = [];

    public IReadOnlyList<PinRequest> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    public int Count => Requests.Count;

    public string? Answer(PinRequest request)
    {
        lock (requests)
        {
            requests.Add(request);
            return answers.Length == 0 ? SoftHsmFixture.UserPin : answers[Math.Min(requests.Count, answers.Length) - 1];
        }
    }
}
