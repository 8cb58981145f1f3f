using Elena.Sdk.Transport.Mail;
using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.Certificates;
using Elena.Sdk.Crypto.KeyLists;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Records.Reading;
using Elena.Sdk.Testing;
using Elena.Sdk.Testing.Dsrv;
using Elena.Sdk.Testing.Extra;
using Elena.Sdk.Testing.Rfv;
using Elena.Sdk.Testing.Storage;
using Elena.Sdk.Testing.Zss;
using Elena.Sdk.Transport.Extra;
using Elena.Sdk.Transport.Replies;

namespace Elena.Sdk.Cli.Commands;

/// <summary>
/// <c>elena serve</c> (the reference ZSS's eXTra server on Kestrel), <c>elena send</c> and <c>elena fetch</c> (the
/// eXTra client with the environment's employer).
/// </summary>
internal static class ExtraCommands
{
    /// <summary><c>elena serve</c>: see <see cref="ServeCommand"/>.</summary>
    public static Command CreateServe(TextWriter output, TextWriter error) => ServeCommand.Create(output, error);

    public static Command CreateSend(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("file") { Description = "A plain record file (sealed with the environment's employer key) or a sealed file (.p7m)." };
        var extra = new Option<string?>("--extra") { Description = "The eXTra endpoint (elena serve prints it). Either --extra or --smtp." };
        var smtp = new Option<string?>("--smtp") { Description = "Send by e-mail through this SMTP server (HOST:PORT, plain, no log-in) instead of eXTra; the file must be a plain record file." };
        var mailFrom = new Option<string>("--mail-from") { Description = "Sender address for --smtp.", DefaultValueFactory = _ => "arbeitgeber@elena.invalid" };
        var mailTo = new Option<string>("--mail-to") { Description = "The acceptance office's address for --smtp.", DefaultValueFactory = _ => "zss@elena.invalid" };
        var environment = new Option<DirectoryInfo>("--env") { Description = "The reference environment (elena env init).", Required = true };
        var requestId = new Option<string?>("--request-id") { Description = "The RequestID (give the same one to re-send after a lost response). Default a new one." };
        var json = new Option<bool>("--json") { Description = "Print the receipt as JSON." };
        var saveXml = SaveXmlOption();
        var send = new Command("send", "Seal a file with the environment's employer and send it over eXTra (prints the receipt, exit 0, or rejection, exit 1) or by e-mail (--smtp; prints the Message-ID).")
        {
            file, extra, smtp, mailFrom, mailTo, environment, requestId, json, saveXml,
        };
        send.Validators.Add(result =>
        {
            if ((result.GetValue(extra) is null) == (result.GetValue(smtp) is null))
            {
                result.AddError("Give either --extra URL or --smtp HOST:PORT.");
            }
        });
        send.SetAction(async (parse, cancellationToken) =>
        {
            string folder = parse.GetValue(environment)!.FullName;
            if (parse.GetValue(smtp) is { } server)
            {
                return await SendByMailAsync(parse.GetValue(file)!, folder, server, parse.GetValue(mailFrom)!, parse.GetValue(mailTo)!, output, cancellationToken).ConfigureAwait(false);
            }

            var path = parse.GetValue(file)!;
            using var employer = ReferenceEnvironment.LoadEmployer(folder);
            var office = OfficeCertificate(folder);
            string fileName = "EENA0000001";
            long? payloadBytes = null;

            // Streamed from disk: a plain file is sealed into a temporary file, then sent from there.
            await using var input = new FileStream(path.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
            int first = input.ReadByte();
            input.Position = 0;
            Stream sealedFile = input;
            await using var temporary = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            if (!(path.Extension.Equals(".p7m", StringComparison.OrdinalIgnoreCase) || first == 0x30))
            {
                payloadBytes = input.Length;
                fileName = await FileNameAsync(input, cancellationToken).ConfigureAwait(false);
                input.Position = 0;
                var sealer = new MessageSealer(new SealOptions { SignerCertificate = employer, SignerKey = employer.GetRSAPrivateKey()! });
                await sealer.SealAsync(input, temporary, office, cancellationToken).ConfigureAwait(false);
                temporary.Position = 0;
                sealedFile = temporary;
            }

            using var http = CreateHttpClient(Endpoint(parse.GetValue(extra)!), parse.GetValue(saveXml));
            var client = new ExtraClient(http, ClientOptions(folder, employer, office));
            string id = parse.GetValue(requestId) ?? ExtraClient.NewRequestId();
            var reply = await client.SendAsync(sealedFile, new ExtraSendOptions { RequestId = id, FileName = fileName, PayloadBytes = payloadBytes },
                cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(ToJson([reply], stored: null)).ConfigureAwait(false);
            }
            else
            {
                string reason = reply.Reason is null ? string.Empty : $": {reply.Reason}";
                await output.WriteLineAsync($"{reply.Kind} {reply.Id} request {id} file {reply.FileNumber ?? "?"}{reason}").ConfigureAwait(false);
            }

            return reply.Kind == ReplyKind.AcceptanceReceipt ? ElenaCli.Success : ElenaCli.Invalid;
        });
        return send;
    }

    /// <summary>Seals a plain file with the environment's employer and mails it with its order record (one message, seed 004 §2).</summary>
    private static async Task<int> SendByMailAsync(FileInfo path, string folder, string server, string from, string to, TextWriter output, CancellationToken cancellationToken)
    {
        var smtp = MailServerAddress.Parse(server, "--smtp");
        using var employer = ReferenceEnvironment.LoadEmployer(folder);
        var office = OfficeCertificate(folder);
        await using var input = new FileStream(path.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        if (input.ReadByte() == 0x30 || path.Extension.Equals(".p7m", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("--smtp needs the plain record file: its VOSZ fills the order record (.AUF).");
        }

        input.Position = 0;
        int records = await MailSender.CountRecordsAsync(input, cancellationToken).ConfigureAwait(false);
        input.Position = 0;
        var header = await Elena.Sdk.Records.Reading.RecordReader.ReadAllAsync(input, new Elena.Sdk.Records.Reading.RecordReaderOptions { ValidateFields = false }, cancellationToken)
            .OfType<Elena.Sdk.Records.Models.FileHeader>().FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new ArgumentException("The file has no VOSZ.");
        input.Position = 0;
        await using var temporary = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var sealer = new MessageSealer(new SealOptions { SignerCertificate = employer, SignerKey = employer.GetRSAPrivateKey()! });
        await sealer.SealAsync(input, temporary, office, cancellationToken).ConfigureAwait(false);
        temporary.Position = 0;
        var orderRecord = MailSender.CreateOrderRecord(header, temporary.Length, (header.FileNumber ?? 0) % 1000, TimeProvider.System.GetLocalNow().DateTime, from);
        var sender = new MailSender(new MailSenderOptions
        {
            Server = smtp,
            FromAddress = from,
            OfficeAddress = to,
        });
        var result = await sender.SendFileAsync(temporary, orderRecord, records, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"Sent {result.TransferName} ({records} records, {result.SealedSize} bytes sealed) to {to}: Message-ID {result.MessageId}").ConfigureAwait(false);
        return ElenaCli.Success;
    }

    public static Command CreateFetch(TextWriter output, TextWriter error)
    {
        var extra = new Option<string>("--extra") { Description = "The eXTra endpoint (elena serve prints it).", Required = true };
        var environment = new Option<DirectoryInfo>("--env") { Description = "The reference environment (elena env init).", Required = true };
        var after = new Option<string?>("--after") { Description = "Fetch replies after this ResponseID. Default all on the server." };
        var json = new Option<bool>("--json") { Description = "Print the replies as JSON (the shape of 'elena zss submit --json')." };
        var noAck = new Option<bool>("--no-ack") { Description = "Do not acknowledge (the replies stay on the server)." };
        var saveXml = SaveXmlOption();
        var fetch = new Command("fetch", "Fetch the employer's replies over eXTra, open and print them, then acknowledge them.")
        {
            extra, environment, after, json, noAck, saveXml,
        };
        fetch.SetAction(async (parse, cancellationToken) =>
        {
            string folder = parse.GetValue(environment)!.FullName;
            using var employer = ReferenceEnvironment.LoadEmployer(folder);
            using var http = CreateHttpClient(Endpoint(parse.GetValue(extra)!), parse.GetValue(saveXml));
            var client = new ExtraClient(http, ClientOptions(folder, employer, OfficeCertificate(folder)));
            var replies = new List<Reply>();
            string? last = parse.GetValue(after);
            while (true)
            {
                var page = await client.FetchAsync(last, 100, cancellationToken).ConfigureAwait(false);
                replies.AddRange(page);
                if (page.Count < 100)
                {
                    break;
                }

                last = page[^1].Id;
            }

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(ToJson(replies, stored: null)).ConfigureAwait(false);
            }
            else
            {
                await WriteSummaryAsync(output, replies).ConfigureAwait(false);
            }

            if (replies.Count > 0 && !parse.GetValue(noAck))
            {
                await client.AcknowledgeAsync(replies.Select(r => r.Id), cancellationToken).ConfigureAwait(false);
            }

            return ElenaCli.Success;
        });
        return fetch;
    }

    private static Uri Endpoint(string value)
        => Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new ArgumentException($"--extra '{value}' is not an http(s) URL (elena serve prints one).");

    private static Option<DirectoryInfo?> SaveXmlOption()
        => new("--save-xml") { Description = "Write every eXTra request and response exchanged to this folder, one file each." };

    /// <summary>The reference ZSS of an environment (keys, admitted employers, CA, DSRV master data).</summary>
    internal static async Task<(InMemoryZss Zss, ZssOptions Options)> BuildZssAsync(string folder, CancellationToken cancellationToken)
    {
        var zssCertificate = ReferenceEnvironment.LoadZss(folder);
        var ca = ReferenceEnvironment.LoadCa(folder);
        var persons = await ReferenceEnvironment.ReadMasterDataAsync(folder, cancellationToken).ConfigureAwait(false);
        var master = new DsrvMasterData();
        foreach (var person in persons)
        {
            master.Add(person);
        }

        var time = TimeProvider.System;
        var options = new ZssOptions
        {
            Keys = [new DecryptionKey(zssCertificate, zssCertificate.GetRSAPrivateKey()!)],
            AdmittedEmployers = ReferenceEnvironment.LoadAdmittedEmployers(folder),
            TrustAnchors = [ca],
            TimeProvider = time,
        };
        var dsrv = new InMemoryDsrv(master, time, seed: 1);
        var zss = new InMemoryZss(options, new InMemoryRfv(dsrv, time, seed: 1), dsrv, new EncryptedRecordStore(new InMemoryMasterKeyVault(), time), new ReportLog());
        return (zss, options);
    }

    /// <summary>The ZSS encryption certificate from the environment's acceptance-office key list.</summary>
    private static System.Security.Cryptography.X509Certificates.X509Certificate2 OfficeCertificate(string folder)
    {
        var list = CertificateList.Parse(File.ReadAllBytes(ReferenceEnvironment.PathIn(folder, ReferenceEnvironment.AcceptanceKeyList)));
        return list.Find(PartyId.Betriebsnummer(ReferenceParties.CentralStorageOffice), DateTimeOffset.UtcNow)
            ?? throw new ArgumentException($"{ReferenceEnvironment.AcceptanceKeyList} holds no valid certificate of the ZSS {ReferenceParties.CentralStorageOffice}.");
    }

    private static ExtraClientOptions ClientOptions(string folder, System.Security.Cryptography.X509Certificates.X509Certificate2 employer,
        System.Security.Cryptography.X509Certificates.X509Certificate2 office) => new()
        {
            EmployerCertificate = employer,
            OfficeCertificate = office,
            TrustAnchors = [ReferenceEnvironment.LoadCa(folder)],
            Product = "elena CLI",
        };

    /// <summary>The logical file name: <c>EENA0</c> + the VOSZ file number (DTNR).</summary>
    private static async Task<string> FileNameAsync(Stream plain, CancellationToken cancellationToken)
    {
        await using var reader = new RecordReader(plain, new RecordReaderOptions { ThrowOnError = false, ValidateFields = false });
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && reader.Current.IsDecoded && reader.Current.ToModel() is FileHeader header
            && int.TryParse(header.GetRaw("DTNR"), NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            return "EENA0" + (number % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        }

        return "EENA0000001";
    }

    private static HttpClient CreateHttpClient(Uri endpoint, DirectoryInfo? saveXml)
    {
        HttpMessageHandler handler = new SocketsHttpHandler();
        if (saveXml is not null)
        {
            Directory.CreateDirectory(saveXml.FullName);
            handler = new SaveXmlHandler(saveXml.FullName) { InnerHandler = handler };
        }

        return new HttpClient(handler) { BaseAddress = endpoint, Timeout = TimeSpan.FromMinutes(10) };
    }

    /// <summary>Writes each request and response body to a numbered file while it passes (the request streams through the file).</summary>
    private sealed class SaveXmlHandler(string folder) : DelegatingHandler
    {
        private int _count;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            int n = Interlocked.Increment(ref _count);
            string stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

            // Another run may have written to the same folder in the same second: never overwrite, take the next number.
            while (File.Exists(Path.Combine(folder, $"{stamp}-{n:D3}-request.xml")) || File.Exists(Path.Combine(folder, $"{stamp}-{n:D3}-response.xml")))
            {
                n = Interlocked.Increment(ref _count);
            }

            if (request.Content is not null)
            {
                string requestFile = Path.Combine(folder, $"{stamp}-{n:D3}-request.xml");
                await using (var file = new FileStream(requestFile, FileMode.CreateNew, FileAccess.Write))
                {
                    await request.Content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                }

                var replay = new StreamContent(File.OpenRead(requestFile));
                foreach (var header in request.Content.Headers)
                {
                    replay.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                request.Content.Dispose();
                request.Content = replay;
            }

            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            string responseFile = Path.Combine(folder, $"{stamp}-{n:D3}-response.xml");
            await using (var file = new FileStream(responseFile, FileMode.CreateNew, FileAccess.Write))
            {
                await response.Content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            var saved = new StreamContent(File.OpenRead(responseFile));
            foreach (var header in response.Content.Headers)
            {
                saved.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content.Dispose();
            response.Content = saved;
            return response;
        }
    }

    /// <summary>The JSON shape of <c>elena zss submit --json</c>, with the reply id and file number added.</summary>
    private static string ToJson(IReadOnlyList<Reply> replies, int? stored)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartArray("replies");
            foreach (var reply in replies)
            {
                json.WriteStartObject();
                json.WriteString("kind", reply.Kind.ToString());
                json.WriteString("route", "Server");
                json.WriteString("id", reply.Id);
                if (reply.FileNumber is null)
                {
                    json.WriteNull("fileNumber");
                }
                else
                {
                    json.WriteString("fileNumber", reply.FileNumber);
                }

                if (reply.Reason is not null)
                {
                    json.WriteString("reason", reply.Reason);
                }

                json.WriteStartArray("records");
                foreach (var record in reply.File?.Records.Skip(1).SkipLast(1).Where(r => r.Errors.Count > 0) ?? [])
                {
                    json.WriteStartObject();
                    json.WriteNumber("number", record.Number);
                    json.WriteString("type", record.RecordType);
                    json.WriteStartArray("errors");
                    foreach (var block in record.Errors)
                    {
                        json.WriteStartObject();
                        json.WriteString("code", block.Code);
                        json.WriteString("field", DbfeText.FieldOf(block.Text));
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("numbers");
                foreach (var number in reply.File?.Numbers ?? [])
                {
                    json.WriteStartObject();
                    json.WriteNumber("number", number.Number);
                    json.WriteString("vsnr", number.InsuranceNumber);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (stored is { } count)
            {
                json.WriteNumber("stored", count);
            }
            else
            {
                json.WriteNull("stored");
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }


    private static async Task WriteSummaryAsync(TextWriter output, List<Reply> replies)
    {
        if (replies.Count == 0)
        {
            await output.WriteLineAsync("nothing to fetch").ConfigureAwait(false);
            return;
        }

        foreach (var reply in replies)
        {
            await output.WriteLineAsync($"{reply.Kind} {reply.Id} file {reply.FileNumber ?? "?"}").ConfigureAwait(false);
            foreach (var record in reply.File?.Records.Skip(1).SkipLast(1).Where(r => r.Errors.Count > 0) ?? [])
            {
                foreach (var block in record.Errors)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  record {record.Number} {record.RecordType}: {block.Code} {block.Text}")).ConfigureAwait(false);
                }
            }

            foreach (var number in reply.File?.Numbers ?? [])
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  record {number.Number} DSVV: assigned {number.InsuranceNumber}")).ConfigureAwait(false);
            }
        }
    }
}
