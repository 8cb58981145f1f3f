using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Elena.Sdk.Testing.Extra;
using Elena.Sdk.Testing.Portal;
using Elena.Sdk.Testing.Rfv;
using Elena.Sdk.Testing.TrustCenter;

namespace Elena.Sdk.Cli.Commands;

/// <summary>
/// <c>elena serve</c>: the reference environment's ZSS on one Kestrel host (eXTra server at <c>/extra</c>, service
/// portal at <c>/portal/</c> with the loopback-only RFV control) and the simulated trust center on a second port;
/// <c>elena zss rfv</c> switches the running server's RFV; <c>elena portal open|files</c> are the employer's side.
/// </summary>
internal static class ServeCommand
{
    /// <summary>The JSON shape of the portal API (camelCase, enums by name).</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var environment = new Option<DirectoryInfo>("--env") { Description = "The reference environment (elena env init).", Required = true };
        var urls = new Option<string>("--urls") { Description = "Where to listen. Default http://127.0.0.1:0 (a free port).", DefaultValueFactory = _ => "http://127.0.0.1:0" };
        var imap = new Option<string?>("--imap") { Description = "Take files by mail: the IMAP server HOST:PORT of the ZSS mailbox (user name = --zss-address, password from ELENA_MAIL_PASSWORD). Needs --smtp." };
        var smtp = new Option<string?>("--smtp") { Description = "Send mail replies through this SMTP server HOST:PORT (plain). Needs --imap." };
        var zssAddress = new Option<string>("--zss-address") { Description = "The ZSS's mail address (its mailbox).", DefaultValueFactory = _ => "zss@elena.invalid" };
        var poll = new Option<int>("--mail-poll") { Description = "Seconds between looks into the ZSS mailbox.", DefaultValueFactory = _ => 2 };
        var serve = new Command("serve",
            "Serve the reference environment's ZSS until Ctrl+C: eXTra server, service portal (read-only status for employers) and a simulated trust center; "
            + "prints 'extra: <url>' first, then 'trustcenter: <url>' and 'portal: <url>'; with --imap and --smtp also 'mail: <address>' and takes files by mail.")
        {
            environment, urls, imap, smtp, zssAddress, poll,
        };
        serve.SetAction(async (parse, cancellationToken) =>
        {
            string folder = parse.GetValue(environment)!.FullName;
            var (zss, options) = await ExtraCommands.BuildZssAsync(folder, cancellationToken).ConfigureAwait(false);
            var extra = new ReferenceExtraServer(zss, options);
            var portal = new ZssPortal(zss, options, new ZssPortalOptions { EnableAdmin = true });
            await using var running = await portal.StartAsync(parse.GetValue(urls)!, extra, cancellationToken).ConfigureAwait(false);
            using var trustCenter = new SimulatedTrustCenter(new SimulatedTrustCenterOptions { AcceptanceOfficeCertificates = [options.Keys[0].Certificate] });
            await using var trustCenterServer = await trustCenter.StartServerAsync(cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"extra: {running.ExtraUrl}").ConfigureAwait(false);
            await output.WriteLineAsync($"trustcenter: {trustCenterServer.BaseAddress}").ConfigureAwait(false);
            await output.WriteLineAsync($"portal: {running.PortalUrl}").ConfigureAwait(false);
            Testing.Mail.ZssMailEndpoint? mail = null;
            if (parse.GetValue(imap) is { } imapAddress)
            {
                string address = parse.GetValue(zssAddress)!;
                string smtpAddress = parse.GetValue(smtp) ?? throw new ArgumentException("--imap needs --smtp (the server the ZSS's replies go out through).");
                mail = new Testing.Mail.ZssMailEndpoint(zss, new Testing.Mail.ZssMailEndpointOptions
                {
                    Inbox = MailServerAddress.Parse(imapAddress, "--imap", address),
                    Outbox = MailServerAddress.Parse(smtpAddress, "--smtp"),
                    OfficeAddress = address,
                    ReplySigner = new Crypto.SealOptions { SignerCertificate = options.Keys[0].Certificate, SignerKey = options.Keys[0].PrivateKey, TimeProvider = options.TimeProvider },
                    EmployerCertificates = options.AdmittedEmployers,
                    TimeProvider = options.TimeProvider,
                });
                await output.WriteLineAsync($"mail: {address} (files from imap {imapAddress}, replies by smtp {smtpAddress})").ConfigureAwait(false);
            }

            await output.WriteLineAsync($"certificate list: {ReferenceEnvironment.PathIn(folder, ReferenceEnvironment.AcceptanceKeyList)}").ConfigureAwait(false);
            await output.WriteLineAsync($"zss certificate: {ReferenceEnvironment.PathIn(folder, ReferenceEnvironment.ZssCertificate)}").ConfigureAwait(false);
            await output.WriteLineAsync($"admitted employers: {ReferenceEnvironment.PathIn(folder, ReferenceEnvironment.AdmittedEmployers)}").ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                if (mail is null)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    using (mail)
                    {
                        await PollMailboxAsync(mail, TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(poll))), output, error, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: stop serving.
            }

            return ElenaCli.Success;
        });
        return serve;
    }

    /// <summary>Looks into the ZSS mailbox until cancelled: each file mailed in is processed once and answered by mail.</summary>
    private static async Task PollMailboxAsync(Testing.Mail.ZssMailEndpoint mail, TimeSpan interval, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, TimeProvider.System);
        do
        {
            try
            {
                foreach (var outcome in await mail.ProcessInboxAsync(cancellationToken).ConfigureAwait(false))
                {
                    string file = outcome.Submission?.FileId ?? "-";
                    await output.WriteLineAsync($"mail in: {outcome.MessageId} {outcome.Status} {file}; replies: {string.Join(", ", outcome.Replies.Select(r => r.Kind))}").ConfigureAwait(false);
                }
            }
            catch (Transport.Mail.MailTransportException ex)
            {
                // The mail server is away for a moment: say so and look again at the next tick; nothing was deleted.
                await error.WriteLineAsync($"elena serve: mailbox: {ex.Message}").ConfigureAwait(false);
            }

            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary><c>elena zss rfv --url URL --state STATE</c>: the running server's RFV state (test control, loopback only).</summary>
    public static Command CreateRfv(TextWriter output, TextWriter error)
    {
        var url = new Option<string>("--url") { Description = "Any URL of the running 'elena serve' (its portal or eXTra URL).", Required = true };
        var state = new Option<RfvState>("--state")
        {
            Description = "NoServer, NoNetwork, RetryNeeded, Halt or DsrvError hold new files pending; Available releases the pending files.",
            Required = true,
        };
        var rfv = new Command("rfv", "Inject or clear an RFV fault on a running 'elena serve' (files sent meanwhile are held pending and finished when set to Available).")
        {
            url, state,
        };
        rfv.SetAction((parse, cancellationToken) => Reporting(error, async () =>
        {
            var server = new Uri(parse.GetValue(url)!, UriKind.Absolute);
            var control = new Uri(server, string.Create(CultureInfo.InvariantCulture, $"{ZssPortal.PathPrefix}/admin/rfv?state={parse.GetValue(state)}"));
            using var http = new HttpClient();
            using var response = await http.PostAsync(control, null, cancellationToken).ConfigureAwait(false);
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                await error.WriteLineAsync($"The server refused ({(int)response.StatusCode}): {body}").ConfigureAwait(false);
                return ElenaCli.Invalid;
            }

            var result = JsonSerializer.Deserialize<RfvControlResult>(body, Json)!;
            await output.WriteLineAsync($"rfv: {result.State}").ConfigureAwait(false);
            foreach (string file in result.Released)
            {
                await output.WriteLineAsync($"released: {file}").ConfigureAwait(false);
            }

            foreach (string file in result.Pending)
            {
                await output.WriteLineAsync($"pending: {file}").ConfigureAwait(false);
            }

            return ElenaCli.Success;
        }));
        return rfv;
    }

    /// <summary><c>elena portal open|files</c>: the service portal with the environment's employer certificate.</summary>
    public static Command CreatePortal(TextWriter output, TextWriter error)
    {
        Option<string> Url() => new("--url") { Description = "Any URL of the running 'elena serve' (it prints 'portal: <url>').", Required = true };
        Option<DirectoryInfo> Environment() => new("--env") { Description = "The reference environment (elena env init); its employer signs the requests.", Required = true };

        var openUrl = Url();
        var openEnvironment = Environment();
        var open = new Command("open", "Print a one-time browser sign-in link to the employer's pages of the service portal.") { openUrl, openEnvironment };
        open.SetAction((parse, cancellationToken) => Reporting(error, async () =>
        {
            using var employer = ReferenceEnvironment.LoadEmployer(parse.GetValue(openEnvironment)!.FullName);
            using var http = new HttpClient { BaseAddress = new Uri(parse.GetValue(openUrl)!, UriKind.Absolute) };
            var session = await new PortalClient(http, employer).CreateSessionAsync(cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(session.Url.ToString()).ConfigureAwait(false);
            await error.WriteLineAsync($"The link works once, until {session.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.").ConfigureAwait(false);
            return ElenaCli.Success;
        }));

        var filesUrl = Url();
        var filesEnvironment = Environment();
        var fileId = new Option<string?>("--file") { Description = "One file (its id, the ResponseID of the acceptance receipt) with records and replies." };
        var files = new Command("files", "Print the employer's files (or one file) as the service portal's status API answers them (JSON).") { filesUrl, filesEnvironment, fileId };
        files.SetAction((parse, cancellationToken) => Reporting(error, async () =>
        {
            using var employer = ReferenceEnvironment.LoadEmployer(parse.GetValue(filesEnvironment)!.FullName);
            using var http = new HttpClient { BaseAddress = new Uri(parse.GetValue(filesUrl)!, UriKind.Absolute) };
            var client = new PortalClient(http, employer);
            if (parse.GetValue(fileId) is { } id)
            {
                var detail = await client.GetFileAsync(id, cancellationToken).ConfigureAwait(false);
                if (detail is null)
                {
                    await error.WriteLineAsync($"No file {id} of this employer.").ConfigureAwait(false);
                    return ElenaCli.Invalid;
                }

                await output.WriteLineAsync(JsonSerializer.Serialize(detail, Json)).ConfigureAwait(false);
                return ElenaCli.Success;
            }

            var list = await client.GetFilesAsync(cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(JsonSerializer.Serialize(list, Json)).ConfigureAwait(false);
            return ElenaCli.Success;
        }));

        return new Command("portal", "The ZSS service portal of a running 'elena serve', as the environment's employer.") { open, files };
    }

    /// <summary>Runs a network command; a refused or failed request is reported on standard error with exit code 1.</summary>
    private static async Task<int> Reporting(TextWriter error, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"elena: {ex.Message}").ConfigureAwait(false);
            return ElenaCli.Invalid;
        }
    }
}
