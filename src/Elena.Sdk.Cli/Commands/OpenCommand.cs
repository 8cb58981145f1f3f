using System.CommandLine;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.Certificates;
using Elena.Sdk.Crypto.KeyLists;

namespace Elena.Sdk.Cli.Commands;

/// <summary><c>elena open</c>: decrypt then verify a sealed file; prints the signer; exit 1 when verification fails.</summary>
internal static class OpenCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var input = new Option<FileInfo>("--in") { Description = "The sealed file (.p7m).", Required = true };
        var target = new Option<FileInfo>("--out") { Description = "The payload file; written only when verification succeeds.", Required = true };
        var trust = new Option<FileInfo?>("--trust") { Description = "Trust anchors (PEM bundle of CA certificates). Without it the chain is not checked." };
        var crl = new Option<FileInfo?>("--crl") { Description = "A certificate revocation list (DER or PEM)." };
        var keys = new KeyOptions();
        var command = new Command("open", "Decrypt and verify a sealed file; print the signer's subject and BN/IK.") { input, target, trust, crl };
        keys.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (certificate, key, token) = keys.Load(parse);
            using (token)
            {
                var anchors = parse.GetValue(trust) is { } t ? KeyFiles.LoadCertificates(t.FullName) : [];
                var revocation = parse.GetValue(crl) is { } c ? [CertificateRevocationList.Parse(File.ReadAllBytes(c.FullName))] : Array.Empty<CertificateRevocationList>();
                var opener = new MessageOpener(new OpenOptions
                {
                    DecryptionKeys = [new DecryptionKey(certificate, key)],
                    TrustAnchors = anchors,
                    RevocationLists = revocation,
                    Policy = new VerificationPolicy { RequireTrustedSigner = anchors.Count > 0 },
                });
                var file = parse.GetValue(target)!;
                await using var sealedFile = new FileStream(parse.GetValue(input)!.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
                try
                {
                    var result = await AtomicFile.WriteAsync(file.FullName,
                        (stream, ct) => opener.OpenAsync(sealedFile, stream, ct), cancellationToken).ConfigureAwait(false);
                    await output.WriteLineAsync($"signer: {result.SignerCertificate.Subject}").ConfigureAwait(false);
                    await output.WriteLineAsync($"signer id: {(result.Signer?.ToString() ?? "-")}").ConfigureAwait(false);
                    await output.WriteLineAsync($"signing time: {(result.SigningTime?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? "-")}").ConfigureAwait(false);
                    await output.WriteLineAsync($"signature: {result.Scheme}, chain: {result.Chain}").ConfigureAwait(false);
                    return ElenaCli.Success;
                }
                catch (SecureMessageException ex)
                {
                    await error.WriteLineAsync($"elena open: {ex.Error}: {ex.Message}").ConfigureAwait(false);
                    return ElenaCli.Invalid;
                }
            }
        });
        return command;
    }
}
