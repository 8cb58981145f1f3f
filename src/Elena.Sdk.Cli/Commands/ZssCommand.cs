using Elena.Sdk.Transport.Replies;
using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Elena.Sdk.Crypto;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Records.Reading;
using Elena.Sdk.Testing.Dsrv;
using Elena.Sdk.Testing.Replies;
using Elena.Sdk.Testing.Rfv;
using Elena.Sdk.Testing.Storage;
using Elena.Sdk.Testing.Zss;

namespace Elena.Sdk.Cli.Commands;

/// <summary>
/// <c>elena zss submit FILE --env DIR [--channel extra|mail] [--json]</c>: hands a file to an in-process reference
/// ZSS built from a reference environment and prints its replies.
/// </summary>
internal static class ZssCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("file") { Description = "A sealed file (.p7m) or a plain record file (sealed with the environment's employer key first)." };
        var environment = new Option<DirectoryInfo>("--env") { Description = "The reference environment (elena env init).", Required = true };
        var channel = new Option<string>("--channel") { Description = "How the file comes: extra (default) or mail.", DefaultValueFactory = _ => "extra" };
        channel.AcceptOnlyFromAmong("extra", "mail");
        var json = new Option<bool>("--json") { Description = "Print the replies as JSON." };
        var submit = new Command("submit", "Submit a file to the in-process reference ZSS and print its replies (exit 0 when accepted without rejected records, 1 otherwise).")
        {
            file, environment, channel, json,
        };
        submit.SetAction(async (parse, cancellationToken) =>
        {
            string folder = parse.GetValue(environment)!.FullName;
            var path = parse.GetValue(file)!;
            var submissionChannel = parse.GetValue(channel) == "mail" ? SubmissionChannel.Mail : SubmissionChannel.Extra;
            byte[] content = await File.ReadAllBytesAsync(path.FullName, cancellationToken).ConfigureAwait(false);

            using var zssCertificate = ReferenceEnvironment.LoadZss(folder);
            using var ca = ReferenceEnvironment.LoadCa(folder);
            var admitted = ReferenceEnvironment.LoadAdmittedEmployers(folder);
            var persons = await ReferenceEnvironment.ReadMasterDataAsync(folder, cancellationToken).ConfigureAwait(false);

            byte[]? plain = null;
            byte[] sealedFile = content;
            if (!IsSealed(path, content))
            {
                plain = content;
                sealedFile = await SealAsync(folder, content, zssCertificate, cancellationToken).ConfigureAwait(false);
            }

            var master = new DsrvMasterData();
            foreach (var person in persons)
            {
                master.Add(person);
            }

            var time = TimeProvider.System;
            var dsrv = new InMemoryDsrv(master, time, seed: 1);
            var zss = new InMemoryZss(new ZssOptions
            {
                Keys = [new DecryptionKey(zssCertificate, zssCertificate.GetRSAPrivateKey()!)],
                AdmittedEmployers = admitted,
                TrustAnchors = [ca],
                TimeProvider = time,
            }, new InMemoryRfv(dsrv, time, seed: 1), dsrv, new EncryptedRecordStore(new InMemoryMasterKeyVault(), time), new ReportLog());

            var result = await zss.SubmitAsync(new MemoryStream(sealedFile), submissionChannel, cancellationToken).ConfigureAwait(false);
            long lastNumber = result.Records.Count > 0 ? result.Records.Max(r => r.Number) + 1 : await CountRecordsAsync(plain, cancellationToken).ConfigureAwait(false);
            var replies = new List<ReplySummary>();
            foreach (var reply in result.Replies)
            {
                replies.Add(await SummarizeAsync(reply, result, lastNumber, cancellationToken).ConfigureAwait(false));
            }

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(ToJson(replies, result.StoredCount)).ConfigureAwait(false);
            }
            else
            {
                await WriteSummaryAsync(output, path.FullName, result, replies).ConfigureAwait(false);
            }

            bool accepted = result.Replies.Any(r => r.Kind == ReplyKind.AcceptanceReceipt)
                && !result.Replies.Any(r => r.Kind is ReplyKind.Rejection or ReplyKind.FileRejection or ReplyKind.RecordRejection)
                && !result.Records.Any(r => !r.Stored && r.ReasonCode is null);
            return accepted ? ElenaCli.Success : ElenaCli.Invalid;
        });
        return new Command("zss", "The in-process reference central storage office (ZSS).") { submit, ServeCommand.CreateRfv(output, error) };
    }

    /// <summary>One record of a reply file that carries DBFE blocks.</summary>
    private sealed record RecordSummary(long Number, string Type, IReadOnlyList<(string Code, string Field, string Text)> Errors);

    /// <summary>One reply.</summary>
    private sealed record ReplySummary(ReplyKind Kind, ReplyRoute Route, string? Reason, IReadOnlyList<RecordSummary> Records, IReadOnlyList<(long Number, string Vsnr)> Numbers);

    /// <summary>A CMS file (DER, starts with a SEQUENCE) or a <c>.p7m</c>; a record file starts with <c>VOSZ</c>.</summary>
    private static bool IsSealed(FileInfo path, byte[] content)
        => path.Extension.Equals(".p7m", StringComparison.OrdinalIgnoreCase) || (content.Length > 0 && content[0] == 0x30);

    private static async Task<byte[]> SealAsync(string folder, byte[] payload, X509Certificate2 recipient, CancellationToken cancellationToken)
    {
        using var employer = ReferenceEnvironment.LoadEmployer(folder);
        var sealer = new MessageSealer(new SealOptions
        {
            SignerCertificate = employer,
            SignerKey = employer.GetRSAPrivateKey() ?? throw new ArgumentException("The environment's employer key is not an RSA key."),
        });
        using var sealedFile = new MemoryStream();
        await sealer.SealAsync(new MemoryStream(payload), sealedFile, recipient, cancellationToken).ConfigureAwait(false);
        return sealedFile.ToArray();
    }

    private static async Task<long> CountRecordsAsync(byte[]? plain, CancellationToken cancellationToken)
    {
        if (plain is null)
        {
            return 0;
        }

        long count = 0;
        await using var reader = new RecordReader(new MemoryStream(plain), new RecordReaderOptions { ThrowOnError = false, ValidateFields = false });
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            count = reader.Current.Number;
        }

        return count;
    }

    /// <summary>
    /// Maps the records of a reply file back to the submitted file: the employer's VOSZ is record 1, the DSKO record
    /// 2, the employer's NCSZ the last one; the payload records of the reply follow the outcomes of their kind in order.
    /// </summary>
    private static async Task<ReplySummary> SummarizeAsync(ZssReply reply, SubmissionResult result, long lastNumber, CancellationToken cancellationToken)
    {
        var numbers = new List<(long, string)>();
        if (reply.Kind == ReplyKind.NumberAssignment)
        {
            numbers.AddRange(result.Records.Where(r => r.AssignedNumber is not null).Select(r => (r.Number, r.AssignedNumber!)));
        }

        if (reply.File is null)
        {
            return new ReplySummary(reply.Kind, reply.Route, reply.Reason, [], numbers);
        }

        var payloadOutcomes = reply.Kind switch
        {
            ReplyKind.RecordRejection => result.Records.Where(r => !r.Stored && r.ReasonCode is null).ToList(),
            ReplyKind.RecordNotices => result.Records.Where(r => r.Stored && r.Errors.Count > 0).ToList(),
            ReplyKind.NumberAssignment => result.Records.Where(r => r.ReasonCode is not null).ToList(),
            _ => [],
        };
        var models = await RecordReader.ReadAllAsync(new MemoryStream(reply.File), new RecordReaderOptions { ValidateFields = false }, cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<RecordSummary>();
        int next = 0;
        for (int i = 1; i < models.Count - 1; i++)
        {
            var model = models[i];
            long number = model switch
            {
                FileHeader => 1,
                CommunicationRecord => 2,
                FileTrailer => lastNumber,
                _ => next < payloadOutcomes.Count ? payloadOutcomes[next++].Number : 0,
            };
            if (model.Errors.Count > 0)
            {
                records.Add(new RecordSummary(number, model.RecordType, model.Errors.Select(e => (e.Code, DbfeText.FieldOf(e.Text), e.Text)).ToList()));
            }
        }

        return new ReplySummary(reply.Kind, reply.Route, reply.Reason, records, numbers);
    }

    /// <summary>The field a ZSS check names at the start of the text (<c>PERSGR: …</c>), or empty.</summary>

    private static string ToJson(List<ReplySummary> replies, int stored)
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
                json.WriteString("route", reply.Route.ToString());
                json.WriteStartArray("records");
                foreach (var record in reply.Records)
                {
                    json.WriteStartObject();
                    json.WriteNumber("number", record.Number);
                    json.WriteString("type", record.Type);
                    json.WriteStartArray("errors");
                    foreach (var (code, field, _) in record.Errors)
                    {
                        json.WriteStartObject();
                        json.WriteString("code", code);
                        json.WriteString("field", field);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("numbers");
                foreach (var (number, vsnr) in reply.Numbers)
                {
                    json.WriteStartObject();
                    json.WriteNumber("number", number);
                    json.WriteString("vsnr", vsnr);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("stored", stored);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static async Task WriteSummaryAsync(TextWriter output, string path, SubmissionResult result, List<ReplySummary> replies)
    {
        await output.WriteLineAsync($"{path}: {result.FileId}, {result.StoredCount.ToString(CultureInfo.InvariantCulture)} records stored").ConfigureAwait(false);
        foreach (var reply in replies)
        {
            string reason = reply.Reason is null ? string.Empty : $": {reply.Reason}";
            await output.WriteLineAsync($"{reply.Kind} via {reply.Route}{reason}").ConfigureAwait(false);
            foreach (var record in reply.Records)
            {
                foreach (var (code, _, text) in record.Errors)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  record {record.Number} {record.Type}: {code} {text}")).ConfigureAwait(false);
                }
            }

            foreach (var (number, vsnr) in reply.Numbers)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  record {number} DSVV: assigned {vsnr}")).ConfigureAwait(false);
            }
        }
    }
}
