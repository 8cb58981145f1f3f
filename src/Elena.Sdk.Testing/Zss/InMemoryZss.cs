using Elena.Sdk.Transport.Replies;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.KeyLists;
using Elena.Sdk.Records;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Records.Reading;
using Elena.Sdk.Records.Validation;
using Elena.Sdk.Testing.Dsrv;
using Elena.Sdk.Testing.Replies;
using Elena.Sdk.Testing.Rfv;
using Elena.Sdk.Testing.Storage;

namespace Elena.Sdk.Testing.Zss;

/// <summary>Settings of the reference central storage office.</summary>
public sealed class ZssOptions
{
    /// <summary>The office's own certificates with keys (current and previous): files are encrypted for them.</summary>
    public required IReadOnlyList<DecryptionKey> Keys { get; init; }

    /// <summary>The daily list of admitted employer certificates (<c>gesamt.agv</c>); a signer not in it is refused.</summary>
    public required CertificateList AdmittedEmployers { get; init; }

    /// <summary>Roots employer certificates must chain to.</summary>
    public required IReadOnlyList<X509Certificate2> TrustAnchors { get; init; }

    /// <summary>The office's Betriebsnummer. Default <see cref="ReferenceParties.CentralStorageOffice"/>.</summary>
    public string OfficeNumber { get; init; } = ReferenceParties.CentralStorageOffice;

    /// <summary>The clock. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// How many records are checked with the RFV/DSRV and stored at the same time. Default 1: fully deterministic
    /// (vIDs are assigned in file order). Higher values use more cores; outcomes and replies keep file order, but
    /// which new person gets which vID may differ between runs.
    /// </summary>
    public int Parallelism { get; init; } = 1;
}

/// <summary>One reply the office produced for a submission.</summary>
/// <param name="Kind">The reply kind.</param>
/// <param name="Route">Where it goes.</param>
/// <param name="WithFile">Whether a reply file travels with it (mail attachment, server download).</param>
/// <param name="MailSubject">The seed-004 subject line, as used on the mail route.</param>
/// <param name="File">The reply file (record layouts of seed 004), or <see langword="null"/> for receipts and rejections.</param>
/// <param name="Reason">For a rejection: why the file could not be taken.</param>
public sealed record ZssReply(ReplyKind Kind, ReplyRoute Route, bool WithFile, string MailSubject, byte[]? File, string? Reason = null);

/// <summary>What happened to one record of a submitted file.</summary>
/// <param name="Number">Position in the submitted file (VOSZ = 1).</param>
/// <param name="RecordType">MVDS or DSVV.</param>
/// <param name="Stored">Whether it was stored (MVDS).</param>
/// <param name="Errors">The DBFE blocks replied for it.</param>
/// <param name="AssignedNumber">For DSVV: the number returned, if any.</param>
/// <param name="ReasonCode">For DSVV: the GDMQ.</param>
public sealed record RecordOutcome(long Number, string RecordType, bool Stored, IReadOnlyList<ErrorBlock> Errors, string? AssignedNumber = null, string? ReasonCode = null);

/// <summary>The outcome of one submission.</summary>
/// <param name="FileId">The office's id for the file.</param>
/// <param name="Replies">Every reply, in the order sent.</param>
/// <param name="Records">Per payload record.</param>
/// <param name="StoredCount">Number of MVDS stored.</param>
/// <param name="PendingReason">When the RFV/DSRV could not be reached: why the file is pending (it is finished by <see cref="InMemoryZss.RetryPendingAsync"/>).</param>
public sealed record SubmissionResult(string FileId, IReadOnlyList<ZssReply> Replies, IReadOnlyList<RecordOutcome> Records, int StoredCount, string? PendingReason = null)
{
    /// <summary>True while records wait for the RFV/DSRV.</summary>
    public bool IsPending => PendingReason is not null;
}

/// <summary>A reply waiting on the communication server for the employer to fetch it.</summary>
/// <param name="Id">The reply's id (eXTra ResponseID).</param>
/// <param name="Employer">The employer's Betriebsnummer.</param>
/// <param name="FileId">The file it answers.</param>
/// <param name="Reply">The reply.</param>
/// <param name="CreatedAt">When it was put on the server.</param>
public sealed record ServerReply(long Id, string Employer, string FileId, ZssReply Reply, DateTimeOffset CreatedAt);

/// <summary>
/// The reference central storage office (ZSS), acceptance side: takes a sealed employer file, refuses what it
/// cannot take (rejection), checks the signer's admission (<c>gesamt.agv</c>), the framing (file rejection) and
/// every record (record rejection, not stored), asks the RFV/DSRV per MVDS, stores accepted records encrypted under
/// ZID/vID, logs each report, answers DSVV with number assignments, and builds the replies of seed 004 routed by
/// FERUECK/VERBEST.
/// </summary>
public sealed class InMemoryZss
{
    private readonly ZssOptions _options;
    private readonly InMemoryRfv _rfv;
    private readonly InMemoryDsrv _dsrv;
    private readonly IStoreWriter _store;
    private readonly ReportLog _log;
    private readonly ReplyFileBuilder _replies;
    private readonly MessageOpener _opener;
    private readonly Dictionary<string, int> _officeFileNumbers = new(StringComparer.Ordinal);
    private readonly List<SubmissionResult> _submissions = [];
    private readonly Dictionary<string, PendingFile> _pending = new(StringComparer.Ordinal);
    private readonly List<ServerReply> _server = [];
    private readonly Dictionary<string, string> _employers = new(StringComparer.Ordinal);
    private readonly List<ServerReply> _paper = [];
    private long _replyIds;

    /// <summary>Days a reply waits on the communication server before it goes out on paper (ELENA: 120; DEÜV: 40).</summary>
    public const int ServerRetentionDays = 120;
    private readonly object _gate = new();
    private int _files;

    /// <summary>Creates the office.</summary>
    /// <param name="options">Keys, admitted employers, trust anchors, clock.</param>
    /// <param name="rfv">The procedure registry.</param>
    /// <param name="dsrv">The pension data office (for DSVV).</param>
    /// <param name="store">The central database (only its writing side is used).</param>
    /// <param name="log">The report log.</param>
    public InMemoryZss(ZssOptions options, InMemoryRfv rfv, InMemoryDsrv dsrv, EncryptedRecordStore store, ReportLog log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rfv);
        ArgumentNullException.ThrowIfNull(dsrv);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(log);
        _options = options;
        _rfv = rfv;
        _dsrv = dsrv;
        _store = store.CreateWriter();
        _log = log;
        _replies = new ReplyFileBuilder(options.OfficeNumber, options.TimeProvider);
        _opener = new MessageOpener(new OpenOptions
        {
            DecryptionKeys = options.Keys,
            TrustAnchors = options.TrustAnchors,
            TimeProvider = options.TimeProvider,
        });
    }

    /// <summary>Every submission so far, for assertions.</summary>
    public IReadOnlyList<SubmissionResult> Submissions
    {
        get
        {
            lock (_gate)
            {
                return [.. _submissions];
            }
        }
    }

    /// <summary>Takes one sealed file.</summary>
    /// <param name="sealedFile">The CMS file as the employer sent it.</param>
    /// <param name="channel">How it came.</param>
    /// <param name="cancellationToken">Cancels processing.</param>
    /// <returns>The outcome with all replies.</returns>
    public async Task<SubmissionResult> SubmitAsync(Stream sealedFile, SubmissionChannel channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sealedFile);
        string fileId = "ZSS" + Interlocked.Increment(ref _files).ToString("D8", CultureInfo.InvariantCulture);

        // 1. Decrypt and verify. The payload is kept until the signature is verified: nothing is stored before.
        using var payload = new MemoryStream();
        VerificationResult verification;
        try
        {
            verification = await _opener.OpenAsync(sealedFile, payload, cancellationToken).ConfigureAwait(false);
        }
        catch (SecureMessageException ex)
        {
            return Record(Rejected(fileId, channel, "?", "000000", $"{ex.Error}: {ex.Message}"));
        }

        // 2. Admission: the signer's certificate must be in gesamt.agv and valid now.
        string employer = verification.Signer?.Value ?? "?";
        lock (_gate)
        {
            _employers[fileId] = employer;
        }

        if (!_options.AdmittedEmployers.IsAdmitted(verification.SignerCertificate, _options.TimeProvider.GetUtcNow()))
        {
            return Record(Rejected(fileId, channel, employer, "000000",
                "The signer's certificate is not in the list of admitted employer certificates (gesamt.agv)."));
        }

        // 3. Framing and records.
        byte[] bytes = payload.ToArray();
        var validation = await RecordFileValidator.ValidateAsync(new MemoryStream(bytes),
            new FileValidationOptions { Channel = channel == SubmissionChannel.Mail ? TransferChannel.Mail : TransferChannel.Extra }, cancellationToken)
            .ConfigureAwait(false);
        var records = await ReadAllAsync(bytes, cancellationToken).ConfigureAwait(false);
        if (records.Count < 3 || records[0].Model is not FileHeader header || records[1].Model is not CommunicationRecord dsko
            || records[^1].Model is not FileTrailer trailer)
        {
            return Record(Rejected(fileId, channel, employer, "000000", "The file is not a VOSZ, DSKO, records, NCSZ sequence that can be read."));
        }

        string fileNumber = header.GetRaw("DTNR");
        var findings = validation.Errors.GroupBy(e => e.Location.RecordNumber).ToDictionary(g => g.Key, g => g.ToList());
        long lastNumber = records[^1].Number;
        bool framingBroken = findings.Keys.Any(n => n == 1 || n == 2 || n == lastNumber || n == 0)
                             || validation.Errors.Any(e => e.Code.StartsWith("ELR3", StringComparison.Ordinal))
                             || records.Any(r => r.Model is null); // a record that cannot be read cannot be answered on its own
        string? replyChannel = dsko.GetRaw("FERUECK") is { Length: > 0 } f && dsko.Version == "02" ? f : null;
        bool confirmationWanted = dsko.Version == "02" && dsko.ConfirmationWanted == true;
        var replies = new List<ZssReply>
        {
            Reply(ReplyKind.AcceptanceReceipt, channel, replyChannel, confirmationWanted, header.Sender, fileNumber, null),
        };

        if (framingBroken)
        {
            var fileErrors = FileLevelBlocks(validation, lastNumber);
            byte[] rejection = _replies.FileRejection(
                new AnnotatedRecord(header, fileErrors.GetValueOrDefault(1L, [])),
                new AnnotatedRecord(dsko, fileErrors.GetValueOrDefault(2L, [])),
                new AnnotatedRecord(trailer, fileErrors.GetValueOrDefault(lastNumber, [])),
                NextOfficeFileNumber(header.Sender));
            replies.Add(Reply(ReplyKind.FileRejection, channel, replyChannel, confirmationWanted, header.Sender, fileNumber, rejection));
            return Record(new SubmissionResult(fileId, replies, [], 0));
        }

        var state = new PendingFile(fileId, channel, header, dsko, trailer, replyChannel, confirmationWanted, fileNumber, replies, findings,
            new Queue<(long, RecordModel?)>(records.Skip(2).SkipLast(1)), _options.TimeProvider.GetUtcNow());
        return Record(Continue(state));
    }

    /// <summary>Finishes files held because the RFV/DSRV was unavailable; records already stored are not stored again.</summary>
    /// <param name="cancellationToken">Cancels the retry.</param>
    /// <returns>The submissions that are complete now.</returns>
    public Task<IReadOnlyList<SubmissionResult>> RetryPendingAsync(CancellationToken cancellationToken = default)
    {
        List<PendingFile> waiting;
        lock (_gate)
        {
            waiting = [.. _pending.Values];
        }

        var finished = new List<SubmissionResult>();
        foreach (var state in waiting)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = Continue(state);
            lock (_gate)
            {
                int index = _submissions.FindIndex(r => r.FileId == state.FileId);
                _submissions[index] = result;
                if (!result.IsPending)
                {
                    _pending.Remove(state.FileId);
                    finished.Add(result);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<SubmissionResult>>(finished);
    }

    /// <summary>The read-only status of one file: its outcome so far (pending or complete), or <see langword="null"/> when unknown.</summary>
    /// <param name="fileId">The office's file id.</param>
    /// <param name="employer">The asking employer's Betriebsnummer; an employer sees only its own files.</param>
    /// <returns>The outcome, or <see langword="null"/>.</returns>
    public SubmissionResult? GetStatus(string fileId, string employer)
    {
        lock (_gate)
        {
            var result = _submissions.Find(r => r.FileId == fileId);
            return result is not null && _employers.TryGetValue(fileId, out var owner) && owner == employer ? result : null;
        }
    }

    /// <summary>Files waiting for the RFV/DSRV.</summary>
    public IReadOnlyList<string> PendingFiles
    {
        get
        {
            lock (_gate)
            {
                return [.. _pending.Keys];
            }
        }
    }

    /// <summary>Replies on the communication server, not yet acknowledged.</summary>
    public IReadOnlyList<ServerReply> ServerReplies
    {
        get
        {
            lock (_gate)
            {
                return [.. _server];
            }
        }
    }

    /// <summary>Replies that were not fetched within <see cref="ServerRetentionDays"/> days and went out on paper.</summary>
    public IReadOnlyList<ServerReply> PaperOutbox
    {
        get
        {
            lock (_gate)
            {
                return [.. _paper];
            }
        }
    }

    /// <summary>Acknowledges a fetched reply: it leaves the server. Acknowledging twice is not an error.</summary>
    /// <param name="replyId">The reply id.</param>
    /// <returns>True when the reply was on the server.</returns>
    public bool Acknowledge(long replyId)
    {
        lock (_gate)
        {
            return _server.RemoveAll(r => r.Id == replyId) > 0;
        }
    }

    /// <summary>Moves replies older than <see cref="ServerRetentionDays"/> days from the server to the paper outbox.</summary>
    /// <returns>How many were moved.</returns>
    public int RunReplyRetention()
    {
        var cutoff = _options.TimeProvider.GetUtcNow().AddDays(-ServerRetentionDays);
        lock (_gate)
        {
            var old = _server.Where(r => r.CreatedAt < cutoff).ToList();
            _paper.AddRange(old);
            _server.RemoveAll(r => r.CreatedAt < cutoff);
            return old.Count;
        }
    }

    /// <summary>Processes the remaining records of a file; stops (pending) when the RFV/DSRV is unavailable.</summary>
    private SubmissionResult Continue(PendingFile state)
    {
        int parallelism = Math.Max(1, _options.Parallelism);
        while (state.Remaining.Count > 0)
        {
            // A batch in file order; with parallelism the RFV/DSRV calls and storage run side by side, and the
            // results are applied in file order afterwards.
            var batch = new List<(long Number, RecordModel? Model)>();
            while (batch.Count < 256 * parallelism && state.Remaining.TryDequeue(out var item))
            {
                batch.Add(item);
            }

            var results = new Action<PendingFile>?[batch.Count];
            var faults = new Exception?[batch.Count];
            void Run(int i)
            {
                try
                {
                    results[i] = Process(state, batch[i].Number, batch[i].Model);
                }
                catch (Exception ex) when (ex is RfvUnavailableException or DsrvException)
                {
                    // Nothing of this record happened; it is processed again when the fault clears.
                    faults[i] = ex;
                }
            }

            if (parallelism == 1)
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    Run(i);
                    if (faults[i] is not null)
                    {
                        break;
                    }
                }
            }
            else
            {
                Parallel.For(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, Run);
            }

            Exception? fault = null;
            var retry = new List<(long, RecordModel?)>();
            for (int i = 0; i < batch.Count; i++)
            {
                if (results[i] is { } apply)
                {
                    apply(state);
                }
                else
                {
                    fault ??= faults[i];
                    retry.Add(batch[i]);
                }
            }

            if (fault is not null)
            {
                foreach (var rest in state.Remaining)
                {
                    retry.Add(rest);
                }

                state.Remaining.Clear();
                foreach (var item in retry)
                {
                    state.Remaining.Enqueue(item);
                }

                var pending = new SubmissionResult(state.FileId, [.. state.Replies], [.. state.Outcomes], state.Stored, fault.Message);
                lock (_gate)
                {
                    _pending[state.FileId] = state;
                }

                return pending;
            }
        }

        return Finish(state);
    }

    /// <summary>
    /// Checks one record and stores it when accepted (thread-safe side effects); returns how to record the outcome,
    /// applied in file order by the caller.
    /// </summary>
    private Action<PendingFile> Process(PendingFile state, long number, RecordModel? model)
    {
        if (state.Findings.TryGetValue(number, out var errors))
        {
            var blocks = errors.Select(ToErrorBlock).ToList();
            return s =>
            {
                s.Rejected.Add(new AnnotatedRecord(model!, blocks));
                s.Outcomes.Add(new RecordOutcome(number, model?.RecordType ?? "?", false, blocks));
            };
        }

        switch (model)
        {
            case EarningsRecord mvds:
                {
                    var answer = _rfv.Process(mvds, $"{state.FileId}-{number}");
                    if (!answer.IsConfirmed || answer.CurrentId is null)
                    {
                        return s =>
                        {
                            s.Rejected.Add(new AnnotatedRecord(mvds, answer.Errors));
                            s.Outcomes.Add(new RecordOutcome(number, "MVDS", false, answer.Errors));
                        };
                    }

                    var month = mvds.PeriodStart is { } start ? new DateOnly(start.Year, start.Month, 1) : DateOnly.FromDateTime(state.ReceivedAt.UtcDateTime);

                    // Stored is the RFV's answer: the MVDS without DBNA/DBGB/DBAN, with the DBID of the person's ids.
                    _store.StoreReport(answer.CurrentId, month, mvds.EstablishmentNumber, answer.Record.ToBytes(), mvds.IsCancellation == true);
                    _log.Add(state.ReceivedAt, month, mvds.InsuranceNumber, state.Header.Sender, state.FileId);
                    return s =>
                    {
                        s.Stored++;
                        s.Outcomes.Add(new RecordOutcome(number, "MVDS", true, []));
                    };
                }

            case NumberRequestRecord dsvv:
                {
                    var search = _dsrv.Search(dsvv);
                    var reply = (NumberRequestRecord)RecordModel.Parse(dsvv.ToBytes());
                    if (search.Number is { } assigned)
                    {
                        reply.InsuranceNumber = assigned;
                    }

                    reply.NumberReturn = search.NumberReturn;
                    if (search.CorrectedAddress is { } corrected)
                    {
                        reply.Address = corrected;
                    }

                    return s =>
                    {
                        s.Answered.Add(new AnnotatedRecord(reply, search.Errors, IsNotice: !search.IsError && search.Errors.Count > 0));
                        s.Outcomes.Add(new RecordOutcome(number, "DSVV", false, search.Errors, search.Number, search.ReasonCode));
                    };
                }

            default:
                return _ => { };
        }
    }

    private SubmissionResult Finish(PendingFile state)
    {
        var replies = state.Replies;
        var header = state.Header;
        if (state.Rejected.Count > 0)
        {
            byte[] file = _replies.RecordReply(header, new AnnotatedRecord(state.Dsko, []), state.Rejected, state.Trailer, NextOfficeFileNumber(header.Sender));
            replies.Add(Reply(ReplyKind.RecordRejection, state.Channel, state.ReplyChannel, state.ConfirmationWanted, header.Sender, state.FileNumber, file));
        }
        else if (state.Stored > 0)
        {
            var (route, _) = ReplyRouting.Route(ReplyKind.ProcessingConfirmation, state.Channel, state.ReplyChannel, state.ConfirmationWanted);
            if (route != ReplyRoute.None)
            {
                byte[] file = _replies.ProcessingConfirmation(header, state.Dsko, state.Trailer, NextOfficeFileNumber(header.Sender));
                replies.Add(Reply(ReplyKind.ProcessingConfirmation, state.Channel, state.ReplyChannel, state.ConfirmationWanted, header.Sender, state.FileNumber, file));
            }
        }

        if (state.Answered.Count > 0)
        {
            byte[] file = _replies.NumberAssignment(header.Sender, state.Answered, NextOfficeFileNumber(header.Sender));
            replies.Add(Reply(ReplyKind.NumberAssignment, state.Channel, state.ReplyChannel, state.ConfirmationWanted, header.Sender, state.FileNumber, file));
        }

        var now = _options.TimeProvider.GetUtcNow();
        lock (_gate)
        {
            foreach (var reply in replies.Where(r => r.Route == ReplyRoute.Server && r.Kind != ReplyKind.AcceptanceReceipt))
            {
                _server.Add(new ServerReply(++_replyIds, header.Sender, state.FileId, reply, now));
            }
        }

        return new SubmissionResult(state.FileId, [.. replies], [.. state.Outcomes], state.Stored);
    }

    private sealed class PendingFile(string fileId, SubmissionChannel channel, FileHeader header, CommunicationRecord dsko, FileTrailer trailer,
        string? replyChannel, bool confirmationWanted, string fileNumber, List<ZssReply> replies, Dictionary<long, List<RecordError>> findings,
        Queue<(long, RecordModel?)> remaining, DateTimeOffset receivedAt)
    {
        public string FileId { get; } = fileId;

        public SubmissionChannel Channel { get; } = channel;

        public FileHeader Header { get; } = header;

        public CommunicationRecord Dsko { get; } = dsko;

        public FileTrailer Trailer { get; } = trailer;

        public string? ReplyChannel { get; } = replyChannel;

        public bool ConfirmationWanted { get; } = confirmationWanted;

        public string FileNumber { get; } = fileNumber;

        public List<ZssReply> Replies { get; } = replies;

        public Dictionary<long, List<RecordError>> Findings { get; } = findings;

        public Queue<(long Number, RecordModel? Model)> Remaining { get; } = remaining;

        public DateTimeOffset ReceivedAt { get; } = receivedAt;

        public List<RecordOutcome> Outcomes { get; } = [];

        public List<AnnotatedRecord> Rejected { get; } = [];

        public List<AnnotatedRecord> Answered { get; } = [];

        public int Stored { get; set; }
    }

    private SubmissionResult Record(SubmissionResult result)
    {
        lock (_gate)
        {
            _submissions.Add(result);
        }

        return result;
    }

    private SubmissionResult Rejected(string fileId, SubmissionChannel channel, string employer, string fileNumber, string reason)
        => new(fileId, [Reply(ReplyKind.Rejection, channel, null, false, employer, fileNumber, null) with { Reason = reason }], [], 0);

    private ZssReply Reply(ReplyKind kind, SubmissionChannel channel, string? replyChannel, bool confirmationWanted, string employer, string fileNumber, byte[]? file)
    {
        var (route, withFile) = ReplyRouting.Route(kind, channel, replyChannel, confirmationWanted);
        return new ZssReply(kind, route, withFile && file is not null, ReplyRouting.MailSubject(kind, _options.OfficeNumber, employer, fileNumber), file);
    }

    private int NextOfficeFileNumber(string employer)
    {
        lock (_gate)
        {
            int next = _officeFileNumbers.GetValueOrDefault(employer) + 1;
            _officeFileNumbers[employer] = next;
            return next;
        }
    }

    /// <summary>
    /// The DBFE block for a validation finding: 4 characters of the record or block where it is, <c>z</c> (checked by
    /// the ZSS), two digits from the SDK code (ELR2nn → nn, ELR3nn → 30 + nn, ELR4nn → 50 + nn, ELR1nn → 60 + nn);
    /// the text names the field (docs/decisions.md R26).
    /// </summary>
    internal static ErrorBlock ToErrorBlock(RecordError finding)
    {
        string where = finding.Location.BlockType ?? (finding.Location.RecordType.Length == 4 ? finding.Location.RecordType : "DATA");
        int number = int.Parse(finding.Code.AsSpan(3), CultureInfo.InvariantCulture);
        int two = (number / 100) switch
        {
            2 => number % 100,                            // fields: z01–z14
            3 => number == 399 ? 99 : 30 + (number % 100), // file: z31–z43
            4 => 50 + (number % 100),                     // order record: z51
            _ => 60 + (number % 100),                     // structure: z61–z70
        };
        string code = where + "z" + two.ToString("D2", CultureInfo.InvariantCulture);
        string text = finding.Location.FieldName is { } field ? $"{field}: {finding.Message}" : finding.Message;
        return new ErrorBlock(code, text);
    }

    private static Dictionary<long, List<ErrorBlock>> FileLevelBlocks(ValidationResult validation, long lastNumber)
    {
        var result = new Dictionary<long, List<ErrorBlock>>();
        foreach (var error in validation.Errors)
        {
            long at = error.Location.RecordNumber is 1 or 2 ? error.Location.RecordNumber : lastNumber;
            if (!result.TryGetValue(at, out var list))
            {
                result[at] = list = [];
            }

            list.Add(ToErrorBlock(error));
        }

        return result;
    }

    private static async Task<List<(long Number, RecordModel? Model)>> ReadAllAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        var list = new List<(long, RecordModel?)>();
        await using var reader = new RecordReader(new MemoryStream(bytes), new RecordReaderOptions { ThrowOnError = false, ValidateFields = false });
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add((reader.Current.Number, reader.Current.IsDecoded ? reader.Current.ToModel() : null));
        }

        return list;
    }
}
