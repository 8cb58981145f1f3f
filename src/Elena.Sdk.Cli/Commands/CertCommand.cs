using System.CommandLine;
using System.Text.Json;
using Elena.Sdk.Certificates;
using Elena.Sdk.Certificates.Store;
using Elena.Sdk.Certificates.TrustCenter;

namespace Elena.Sdk.Cli.Commands;

/// <summary>
/// <c>elena cert request|confirm|status|import|renew|backup|restore</c>: the employer certificate of the ITSG Trust Center.
/// Passwords come from environment variables (never from the command line, which other users can see).
/// </summary>
internal static class CertCommand
{
    private const string DefaultPasswordVariable = "ELENA_STORE_PASSWORD";
    private const string DefaultBackupPasswordVariable = "ELENA_BACKUP_PASSWORD";

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("cert", "The employer certificate: request, confirm, status, import, renew, backup, restore.");
        var store = new Option<FileInfo>("--store") { Description = "The certificate store (PKCS#12).", Required = true };
        var passwordVariable = new Option<string>("--password-env") { Description = $"Environment variable holding the store password (default {DefaultPasswordVariable}).", DefaultValueFactory = _ => DefaultPasswordVariable };
        var url = new Option<string>("--url") { Description = "OSTC v2 base address (default the production trust center).", DefaultValueFactory = _ => TrustCenterClientOptions.Production.ToString() };
        var registration = new Option<string>("--registration-id") { Description = "The 5-digit OSTC registration id of the software.", DefaultValueFactory = _ => "00000" };
        var applicant = new Option<FileInfo>("--applicant") { Description = "JSON file with the applicant (Betriebsnummer, Company, LastName, Street, PostalCode, City, Phone, Email, …).", Required = true };
        var guid = new Option<string>("--guid") { Description = "The GUID from the ITSG registration portal.", Required = true };
        var reply = new Option<FileInfo>("--reply") { Description = "A certificate reply file (PKCS#7, DER, PEM or base64); without it the trust center is asked." };
        var backupFile = new Option<FileInfo>("--file") { Description = "The backup file.", Required = true };
        var backupVariable = new Option<string>("--backup-password-env") { Description = $"Environment variable holding the backup password (default {DefaultBackupPasswordVariable}).", DefaultValueFactory = _ => DefaultBackupPasswordVariable };

        Command Sub(string name, string description, Func<ParseResult, CancellationToken, Task<int>> action, params Option[] options)
        {
            var sub = new Command(name, description) { store, passwordVariable };
            foreach (var option in options)
            {
                sub.Options.Add(option);
            }

            sub.SetAction(async (parse, cancellationToken) =>
            {
                try
                {
                    return await action(parse, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is CertificateStoreException or CertificateWorkflowException or TrustCenterException or HttpRequestException or JsonException)
                {
                    await error.WriteLineAsync($"elena cert {name}: {e.Message}").ConfigureAwait(false);
                    return ElenaCli.Invalid;
                }
            });
            return sub;
        }

        string Password(ParseResult parse, Option<string> variable) =>
            Environment.GetEnvironmentVariable(parse.GetValue(variable)!) is { Length: > 0 } value
                ? value
                : throw new ArgumentException($"Set the password in the environment variable {parse.GetValue(variable)}.");

        CertificateStore OpenStore(ParseResult parse, bool create = false)
        {
            string path = parse.GetValue(store)!.FullName;
            return create && !File.Exists(path) ? CertificateStore.Create(path, Password(parse, passwordVariable)) : CertificateStore.Open(path, Password(parse, passwordVariable));
        }

        TrustCenterWorkflow Workflow(ParseResult parse, CertificateStore opened, HttpClient http) =>
            new(opened, new TrustCenterClient(http, new TrustCenterClientOptions { BaseAddress = new Uri(parse.GetValue(url)!, UriKind.Absolute), RegistrationId = parse.GetValue(registration)! }));

        static TrustCenterApplicant ReadApplicant(FileInfo file) =>
            JsonSerializer.Deserialize<TrustCenterApplicant>(File.ReadAllText(file.FullName), JsonOptions)
            ?? throw new ArgumentException("The applicant file is empty.");

        command.Subcommands.Add(Sub("request", "First request: new key pair, PKCS#10, application with the GUID.", async (parse, ct) =>
        {
            using var opened = OpenStore(parse, create: true);
            using var http = new HttpClient();
            var pending = await Workflow(parse, opened, http).StartFirstRequestAsync(ReadApplicant(parse.GetValue(applicant)!), parse.GetValue(guid)!, null, ct).ConfigureAwait(false);
            await output.WriteLineAsync($"order {pending.OrderNumber}").ConfigureAwait(false);
            await output.WriteLineAsync($"hash {pending.PublicKeyHashForDisplay}").ConfigureAwait(false);
            return ElenaCli.Success;
        }, url, registration, applicant, guid));

        command.Subcommands.Add(Sub("renew", "Renewal while the certificate is valid (signed with it, no GUID).", async (parse, ct) =>
        {
            using var opened = OpenStore(parse);
            using var http = new HttpClient();
            var pending = await Workflow(parse, opened, http).StartRenewalAsync(ReadApplicant(parse.GetValue(applicant)!), null, null, ct).ConfigureAwait(false);
            await output.WriteLineAsync($"order {pending.OrderNumber}").ConfigureAwait(false);
            await output.WriteLineAsync($"hash {pending.PublicKeyHashForDisplay}").ConfigureAwait(false);
            return ElenaCli.Success;
        }, url, registration, applicant));

        command.Subcommands.Add(Sub("confirm", "Order confirmation with the public-key hash.", async (parse, ct) =>
        {
            using var opened = OpenStore(parse);
            using var http = new HttpClient();
            await Workflow(parse, opened, http).ConfirmOrderAsync(ct).ConfigureAwait(false);
            await output.WriteLineAsync($"confirmed {opened.Pending!.OrderNumber}").ConfigureAwait(false);
            return ElenaCli.Success;
        }, url, registration));

        command.Subcommands.Add(Sub("import", "Import the certificate reply (from --reply, or fetched from the trust center).", async (parse, ct) =>
        {
            using var opened = OpenStore(parse);
            using var http = new HttpClient();
            var workflow = Workflow(parse, opened, http);
            var file = parse.GetValue(reply);
            var stored = file is null
                ? await workflow.TryFetchCertificateAsync(null, ct).ConfigureAwait(false)
                : workflow.ImportReply(await File.ReadAllBytesAsync(file.FullName, ct).ConfigureAwait(false));
            if (stored is null)
            {
                await output.WriteLineAsync("not issued yet").ConfigureAwait(false);
                return ElenaCli.Invalid;
            }

            await output.WriteLineAsync($"imported {stored.Certificate.Subject} until {stored.Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}").ConfigureAwait(false);
            return ElenaCli.Success;
        }, url, registration, reply));

        command.Subcommands.Add(Sub("status", "Status of the certificates and the pending request.", async (parse, ct) =>
        {
            using var opened = OpenStore(parse);
            using var http = new HttpClient();
            var workflow = new TrustCenterWorkflow(opened, new TrustCenterClient(http)); // offline: status needs no trust center
            await output.WriteLineAsync($"status {workflow.GetStatus()?.ToString() ?? "Empty"}").ConfigureAwait(false);
            foreach (var certificate in opened.Certificates)
            {
                await output.WriteLineAsync($"certificate {workflow.GetStatus(certificate)} {certificate.Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd} {certificate.Certificate.Subject}").ConfigureAwait(false);
            }

            if (opened.Pending is { } pending)
            {
                await output.WriteLineAsync($"pending {pending.Kind} order {pending.OrderNumber ?? "-"} confirmed {pending.Confirmed} hash {pending.PublicKeyHashForDisplay}").ConfigureAwait(false);
            }

            return ElenaCli.Success;
        }));

        command.Subcommands.Add(Sub("backup", "Back up the store (including a pending request) under its own password.", async (parse, ct) =>
        {
            using var opened = OpenStore(parse);
            string target = parse.GetValue(backupFile)!.FullName;
            await AtomicFile.WriteAsync(target, (stream, _) =>
            {
                opened.Backup(stream, Password(parse, backupVariable));
                return Task.FromResult(0);
            }, ct).ConfigureAwait(false);
            await output.WriteLineAsync($"backup {target}").ConfigureAwait(false);
            return ElenaCli.Success;
        }, backupFile, backupVariable));

        command.Subcommands.Add(Sub("restore", "Restore a backup into the store file.", async (parse, ct) =>
        {
            await using var input = File.OpenRead(parse.GetValue(backupFile)!.FullName);
            using var restored = CertificateStore.Restore(input, Password(parse, backupVariable), parse.GetValue(store)!.FullName, Password(parse, passwordVariable));
            await output.WriteLineAsync($"restored {restored.Certificates.Count} certificate(s){(restored.Pending is null ? string.Empty : " and a pending request")}").ConfigureAwait(false);
            return ElenaCli.Success;
        }, backupFile, backupVariable));

        return command;
    }
}
