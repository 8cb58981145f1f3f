using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto.Certificates;
using Elena.Sdk.Crypto.Tokens;

namespace Elena.Sdk.Cli.Commands;

/// <summary>
/// The key options shared by <c>seal</c> and <c>open</c>: a software key (PEM certificate + key, or PKCS#12) or a
/// PKCS#11 token. Secrets come from environment variables named on the command line, never from arguments.
/// </summary>
internal sealed class KeyOptions
{
    public Option<FileInfo?> Certificate { get; } = new("--cert") { Description = "Own certificate (PEM or DER)." };

    public Option<FileInfo?> Key { get; } = new("--key") { Description = "Own private key (PEM, PKCS#8 or PKCS#1)." };

    public Option<string?> KeyPasswordEnv { get; } = new("--key-password-env") { Description = "Environment variable holding the key's or PKCS#12 file's password." };

    public Option<FileInfo?> Pkcs12 { get; } = new("--p12") { Description = "Own certificate and key as a PKCS#12 file." };

    public Option<string?> Pkcs11Module { get; } = new("--pkcs11") { Description = "PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so)." };

    public Option<string?> Token { get; } = new("--token") { Description = "Token label." };

    public Option<string?> KeyLabel { get; } = new("--key-label") { Description = "Label of the key (and its certificate) on the token." };

    public Option<string?> PinEnv { get; } = new("--pin-env") { Description = "Environment variable holding the token PIN." };

    public Option<bool> RawRsaFallback { get; } = new("--test-token-raw-rsa")
    {
        Description = "Test tokens only (SoftHSM): allow OAEP-SHA256 decryption through raw RSA on the token.",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Certificate, Key, KeyPasswordEnv, Pkcs12, Pkcs11Module, Token, KeyLabel, PinEnv, RawRsaFallback })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Loads the configured key; the returned token (if any) must be disposed by the caller.</summary>
    public (X509Certificate2 Certificate, RSA Key, IDisposable? Token) Load(ParseResult parse)
    {
        string? Secret(Option<string?> option)
        {
            string? name = parse.GetValue(option);
            if (name is null)
            {
                return null;
            }

            return Environment.GetEnvironmentVariable(name)
                ?? throw new ArgumentException($"The environment variable {name} named by {option.Name} is not set.");
        }

        if (parse.GetValue(Pkcs11Module) is { } module)
        {
            string token = parse.GetValue(Token) ?? throw new ArgumentException("--pkcs11 needs --token LABEL.");
            string label = parse.GetValue(KeyLabel) ?? throw new ArgumentException("--pkcs11 needs --key-label LABEL.");
            string pinVariable = parse.GetValue(PinEnv) ?? throw new ArgumentException("--pkcs11 needs --pin-env VARIABLE.");
            if (Environment.GetEnvironmentVariable(pinVariable) is null)
            {
                throw new ArgumentException($"The environment variable {pinVariable} named by --pin-env is not set.");
            }

            // The PIN is read from the environment when the token asks, once; a wrong PIN is not retried (empty answer cancels).
            var opened = Pkcs11Token.Open(
                new Pkcs11TokenOptions { ModulePath = module, TokenLabel = token, AllowRawRsaDecryptFallback = parse.GetValue(RawRsaFallback) },
                request => request.Attempt == 1 ? Environment.GetEnvironmentVariable(pinVariable) : string.Empty);
            try
            {
                var certificate = opened.GetCertificate(label)
                    ?? throw new ArgumentException($"The token holds no certificate labelled '{label}'.");
                return (certificate, opened.GetKey(label), opened);
            }
            catch
            {
                opened.Dispose();
                throw;
            }
        }

        if (parse.GetValue(Pkcs12) is { } p12)
        {
            var certificate = KeyFiles.LoadPkcs12(p12.FullName, Secret(KeyPasswordEnv));
            return (certificate, certificate.GetRSAPrivateKey()!, null);
        }

        if (parse.GetValue(Certificate) is { } cert && parse.GetValue(Key) is { } key)
        {
            var certificate = KeyFiles.LoadPem(cert.FullName, key.FullName, Secret(KeyPasswordEnv));
            return (certificate, certificate.GetRSAPrivateKey()
                ?? throw new ArgumentException("The key is not an RSA key."), null);
        }

        throw new ArgumentException("Give a key: --cert C --key K, or --p12 F, or --pkcs11 MODULE --token LABEL --key-label L --pin-env VAR.");
    }
}
