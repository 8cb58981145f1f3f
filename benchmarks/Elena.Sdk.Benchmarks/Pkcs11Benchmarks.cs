using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Elena.Sdk.Crypto.Tokens;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Elena.Sdk.Benchmarks;

/// <summary>
/// The SDK's overhead on a PKCS#11 token: one batch of 254 RSASSA-PSS signatures (SHA-256, MGF1-SHA-256, salt 32) of a
/// SHA-256 digest with one login, on an RSA-2048 key of a SoftHSMv2 token, made
/// <list type="bullet">
/// <item><description>through the SDK: <see cref="Pkcs11RsaKey.SignHash(byte[], HashAlgorithmName, RSASignaturePadding)"/>
/// 254 times (the first call logs in through the PIN callback; the 254th reaches
/// <see cref="Pkcs11TokenOptions.MaxSignaturesPerLogin"/> and logs out), and</description></item>
/// <item><description>directly with Pkcs11Interop (the baseline): login, find the private key, 254 × <c>C_Sign</c> with
/// <c>CKM_RSA_PKCS_PSS</c> and the same parameters, logout.</description></item>
/// </list>
/// Each benchmark invocation is one batch; the figures are per signature (<c>OperationsPerInvoke = 254</c>), so the
/// difference of the two means is the SDK overhead per signature (login and logout shared out over the batch).
/// </summary>
/// <remarks>
/// Needs SoftHSMv2 (<c>apt-get install softhsm2</c>). Each benchmark's global setup makes a private token directory
/// with its own <c>softhsm2.conf</c>, sets <c>SOFTHSM2_CONF</c> with the C library's <c>setenv</c> (SoftHSM reads it
/// with <c>getenv</c> in <c>C_Initialize</c>; <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not
/// reach that), initializes the token <c>bench</c> with <c>softhsm2-util</c> and generates the key through the SDK.
/// The direct path loads the module itself only after the SDK has registered its <c>libdl</c> resolver for
/// Pkcs11Interop (which the SDK does when it opens its first token) and has closed its token again: two loads of one
/// module in a process would share (and finalize) one <c>C_Initialize</c>.
/// </remarks>
[MemoryDiagnoser]
public class Pkcs11Benchmarks : IDisposable
{
    /// <summary>Signatures per login (the SDK's default card policy).</summary>
    public const int Signatures = Pkcs11TokenOptions.DefaultMaxSignaturesPerLogin;

    private const string ModulePath = "/usr/lib/softhsm/libsofthsm2.so";
    private const string TokenLabel = "bench";
    private const string SoPin = "12345678";
    private const string UserPin = "123456";
    private const string KeyLabel = "bench-rsa2048";

    private readonly byte[] _hash = SHA256.HashData("ELENA PKCS#11 benchmark: a SHA-256 digest to sign"u8);
    private string? _directory;

    // SDK path
    private Pkcs11Token? _token;
    private Pkcs11RsaKey? _key;
    private long _sdkLogins;
    private long _sdkBatches;

    // Direct path
    private Pkcs11InteropFactories? _factories;
    private IPkcs11Library? _library;
    private ISession? _session;
    private RSA? _publicKey;
    private long _directBatches;

    [GlobalSetup(Target = nameof(SdkSignHash))]
    public void SetupSdk()
    {
        CreateToken();
        _token = OpenSdkToken();
        _key = _token.GenerateRsaKey(KeyLabel, 2048);
        byte[] signature = _key.SignHash(_hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        if (!_key.VerifyHash(_hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss))
        {
            throw new InvalidOperationException("The SDK's PSS signature does not verify.");
        }

        _token.Logout(); // every batch starts logged out: exactly one login per 254 signatures
        _sdkLogins = 0;
    }

    [GlobalSetup(Target = nameof(Pkcs11InteropSign))]
    public void SetupDirect()
    {
        CreateToken();
        using (var sdkToken = OpenSdkToken()) // registers the libdl resolver; disposing it finalizes and unloads the module
        using (var key = sdkToken.GenerateRsaKey(KeyLabel, 2048))
        {
            _publicKey = RSA.Create(key.ExportParameters(false));
        }

        _factories = new Pkcs11InteropFactories();
        _library = _factories.Pkcs11LibraryFactory.LoadPkcs11Library(_factories, ModulePath, AppType.MultiThreaded);
        var slot = _library.GetSlotList(SlotsType.WithTokenPresent)
            .Single(s => s.GetTokenInfo().Label.Trim() == TokenLabel);
        _session = slot.OpenSession(SessionType.ReadWrite);
        SignBatchDirectly(1, out byte[] signature);
        if (!_publicKey.VerifyHash(_hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss))
        {
            throw new InvalidOperationException("The direct Pkcs11Interop PSS signature does not verify.");
        }
    }

    /// <summary>Baseline: Pkcs11Interop directly. Login, find the key, 254 × C_Sign (CKM_RSA_PKCS_PSS), logout.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Signatures)]
    public int Pkcs11InteropSign()
    {
        _directBatches++;
        return SignBatchDirectly(Signatures, out _);
    }

    /// <summary>The SDK: 254 × <see cref="Pkcs11RsaKey.SignHash(byte[], HashAlgorithmName, RSASignaturePadding)"/> (PSS).</summary>
    [Benchmark(OperationsPerInvoke = Signatures)]
    public int SdkSignHash()
    {
        _sdkBatches++;
        var key = _key!;
        int bytes = 0;
        for (int i = 0; i < Signatures; i++)
        {
            bytes += key.SignHash(_hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pss).Length;
        }

        return bytes;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_sdkBatches > 0)
        {
            // Proof that a batch costs one login: the SDK logs out by itself after 254 signatures.
            Console.WriteLine($"// Pkcs11Benchmarks: SDK {_sdkBatches} batches of {Signatures} signatures, {_sdkLogins} logins");
        }

        if (_directBatches > 0)
        {
            Console.WriteLine($"// Pkcs11Benchmarks: direct {_directBatches} batches of {Signatures} signatures, {_directBatches} logins");
        }

        _key?.Dispose();
        _key = null;
        _token?.Dispose();
        _token = null;
        _session?.Dispose();
        _session = null;
        _library?.Dispose();
        _library = null;
        _publicKey?.Dispose();
        _publicKey = null;
        if (_directory is not null)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // best effort: a temp directory
            }

            _directory = null;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Cleanup();
        GC.SuppressFinalize(this);
    }

    private int SignBatchDirectly(int count, out byte[] last)
    {
        var session = _session!;
        var factories = _factories!;
        session.Login(CKU.CKU_USER, UserPin);
        try
        {
            var template = new List<IObjectAttribute>
            {
                factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
                factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, KeyLabel),
            };
            IObjectHandle handle;
            try
            {
                handle = session.FindAllObjects(template).Single();
            }
            finally
            {
                foreach (var attribute in template)
                {
                    attribute.Dispose();
                }
            }

            using var parameters = factories.MechanismParamsFactory.CreateCkRsaPkcsPssParams(
                (ulong)CKM.CKM_SHA256, (ulong)CKG.CKG_MGF1_SHA256, (ulong)SHA256.HashSizeInBytes);
            using var mechanism = factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS_PSS, parameters);
            last = [];
            int bytes = 0;
            for (int i = 0; i < count; i++)
            {
                last = session.Sign(mechanism, handle, _hash);
                bytes += last.Length;
            }

            return bytes;
        }
        finally
        {
            session.Logout();
        }
    }

    private Pkcs11Token OpenSdkToken() =>
        Pkcs11Token.Open(new Pkcs11TokenOptions { ModulePath = ModulePath, TokenLabel = TokenLabel }, _ =>
        {
            _sdkLogins++;
            return UserPin;
        });

    /// <summary>A private SoftHSM token directory and configuration, SOFTHSM2_CONF set natively, token "bench" initialized.</summary>
    private void CreateToken()
    {
        if (!File.Exists(ModulePath))
        {
            throw new InvalidOperationException($"SoftHSMv2 is not installed ({ModulePath} is missing): apt-get install softhsm2");
        }

        _directory = Path.Combine(Path.GetTempPath(), "elena-bench-softhsm-" + Guid.NewGuid().ToString("N")[..12]);
        string tokens = Path.Combine(_directory, "tokens");
        Directory.CreateDirectory(tokens);
        string conf = Path.Combine(_directory, "softhsm2.conf");
        File.WriteAllText(conf,
            $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        if (NativeMethods.SetEnv("SOFTHSM2_CONF", conf) != 0)
        {
            throw new InvalidOperationException($"setenv(SOFTHSM2_CONF) failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", conf);
        var start = new ProcessStartInfo("softhsm2-util")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "--init-token", "--free", "--label", TokenLabel, "--so-pin", SoPin, "--pin", UserPin })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SOFTHSM2_CONF"] = conf;
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("softhsm2-util did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("softhsm2-util is not on PATH: apt-get install softhsm2", e);
        }

        using var owned = process;
        var stderr = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd() + stderr.GetAwaiter().GetResult();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"softhsm2-util --init-token failed (exit {process.ExitCode}): {output}");
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int setenv(byte[] name, byte[] value, int overwrite);

        /// <summary>The C library's <c>setenv</c> (overwriting), with NUL-terminated UTF-8 strings.</summary>
        public static int SetEnv(string name, string value) =>
            setenv(Encoding.UTF8.GetBytes(name + "\0"), Encoding.UTF8.GetBytes(value + "\0"), 1);
    }
}
