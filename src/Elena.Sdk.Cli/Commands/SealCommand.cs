using System.CommandLine;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.Certificates;

namespace Elena.Sdk.Cli.Commands;

/// <summary><c>elena seal</c>: sign then encrypt a file for a recipient (SECON profile).</summary>
internal static class SealCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var input = new Option<FileInfo>("--in") { Description = "The payload file.", Required = true };
        var target = new Option<FileInfo>("--out") { Description = "The sealed file (.p7m), replaced atomically.", Required = true };
        var recipient = new Option<FileInfo>("--recipient") { Description = "The recipient's certificate (PEM or DER).", Required = true };
        var pss = new Option<bool>("--pss") { Description = "Sign with RSASSA-PSS even when the certificate is not PSS-signed." };
        var self = new Option<bool>("--self") { Description = "Also encrypt for the own certificate." };
        var keys = new KeyOptions();
        var command = new Command("seal", "Sign (CMS SignedData, SHA-256) then encrypt (CMS EnvelopedData, AES-256-CBC) a file.") { input, target, recipient, pss, self };
        keys.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (certificate, key, token) = keys.Load(parse);
            using (token)
            {
                var sealer = new MessageSealer(new SealOptions
                {
                    SignerCertificate = certificate,
                    SignerKey = key,
                    Signature = parse.GetValue(pss) ? SignatureScheme.Pss : SignatureScheme.FromCertificate,
                    EncryptToSelf = parse.GetValue(self),
                });
                var to = KeyFiles.LoadCertificate(parse.GetValue(recipient)!.FullName);
                var file = parse.GetValue(target)!;
                await using var payload = new FileStream(parse.GetValue(input)!.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
                await AtomicFile.WriteAsync(file.FullName, async (stream, ct) =>
                {
                    await sealer.SealAsync(payload, stream, to, ct).ConfigureAwait(false);
                    return 0;
                }, cancellationToken).ConfigureAwait(false);
                await error.WriteLineAsync($"elena seal: wrote {file.FullName} for {to.Subject}").ConfigureAwait(false);
                return ElenaCli.Success;
            }
        });
        return command;
    }
}
