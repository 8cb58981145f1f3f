using Elena.Sdk.Transport.Replies;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.Certificates;
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
    /// How many records of a package are checked by the DSRV and encrypted for storage side by side. Default: the
    /// number of processors. Results do not depend on it: persons are linked and vIDs assigned in file order, and the
    /// reports are committed to the store in file order with ids from the store's seed.
    /// </summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Folder for the spool files that hold a file's opened content while it is processed (deleted when the file is
    /// done); <see langword="null"/> for the system's temporary folder.
    /// </summary>
    public string? SpoolDirectory { get; init; }
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

/// <summary>A file as the office received it, before and after processing.</summary>
/// <param name="FileId">The office's id for the file.</param>
/// <param name="Employer">The signer's Betriebsnummer, or <see langword="null"/> while (or when) the file could not be opened.</param>
/// <param name="FileNumber">The file number (VOSZ DTNR), or <see langword="null"/> when the framing could not be read.</param>
/// <param name="Channel">How it came.</param>
/// <param name="ReceivedAt">When it was received.</param>
public sealed record ReceivedFile(string FileId, string? Employer, string? FileNumber, SubmissionChannel Channel, DateTimeOffset ReceivedAt);

/// <summary>Where a reply put on the communication server is.</summary>
public enum ReplyDeliveryState
{
    /// <summary>On the server, not fetched yet.</summary>
    Waiting,

    /// <summary>Fetched by the employer, not acknowledged yet (it stays on the server).</summary>
    Fetched,

    /// <summary>Fetched and acknowledged: it left the server.</summary>
    Acknowledged,

    /// <summary>Not acknowledged within <see cref="InMemoryZss.ServerRetentionDays"/> days: it went out on paper.</summary>
    Paper,
}

/// <summary>The delivery of one reply put on the communication server.</summary>
/// <param name="Reply">The reply on the server.</param>
/// <param name="State">Where it is.</param>
/// <param name="FetchedAt">When it was first fetched, if known.</param>
/// <param name="AcknowledgedAt">When it was acknowledged, if it was.</param>
public sealed record ReplyDelivery(ServerReply Reply, ReplyDeliveryState State, DateTimeOffset? FetchedAt, DateTimeOffset? AcknowledgedAt);

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
    private readonly Dictionary<string, ReceivedFile> _received = new(StringComparer.Ordinal);
    private readonly Dictionary<long, DateTimeOffset> _fetched = [];
    private readonly List<(ServerReply Reply, DateTimeOffset At)> _acknowledged = [];
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
        lock (_gate)
        {
            _received[fileId] = new ReceivedFile(fileId, null, null, channel, _options.TimeProvider.GetUtcNow());
        }

        // 1. Decrypt and verify into a spool file (deleted on close): memory does not grow with the file, and nothing
        //    is looked at before the signature is verified.
        var spool = CreateSpool();
        bool handedOver = false;
        try
        {
            VerificationResult verification;
            try
            {
                verification = await _opener.OpenAsync(sealedFile, spool, cancellationToken).ConfigureAwait(false);
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
                _received[fileId] = _received[fileId] with { Employer = verification.Signer is { Kind: PartyIdKind.Betriebsnummer } ? employer : null };
            }

            if (!_options.AdmittedEmployers.IsAdmitted(verification.SignerCertificate, _options.TimeProvider.GetUtcNow()))
            {
                return Record(Rejected(fileId, channel, employer, "000000",
                    "The signer's certificate is not in the list of admitted employer certificates (gesamt.agv)."));
            }

            // 3. Framing and records: one validating pass, one pass for VOSZ, DSKO and NCSZ.
            spool.Position = 0;
            var validation = await RecordFileValidator.ValidateAsync(spool,
                new FileValidationOptions { Channel = channel == SubmissionChannel.Mail ? TransferChannel.Mail : TransferChannel.Extra }, cancellationToken)
                .ConfigureAwait(false);
            spool.Position = 0;
            var framing = await ReadFramingAsync(spool, cancellationToken).ConfigureAwait(false);
            if (framing.Count < 3 || framing.First is not FileHeader header || framing.Second is not CommunicationRecord dsko
                || framing.Last is not FileTrailer trailer)
            {
                return Record(Rejected(fileId, channel, employer, "000000", "The file is not a VOSZ, DSKO, records, NCSZ sequence that can be read."));
            }

            string fileNumber = header.GetRaw("DTNR");
            lock (_gate)
            {
                _received[fileId] = _received[fileId] with { FileNumber = fileNumber };
            }

            // FERUECK with a value not provided for is read as K, with a notice on the DSKO (seed 004 §3.3.2), not a framing error.
            bool IsReplyChannelFinding(RecordError e) => e.Location.RecordNumber == 2 && e.Location.FieldName == "FERUECK";
            List<ErrorBlock> dskoNotices = validation.Errors.Any(IsReplyChannelFinding)
                ? [new ErrorBlock(ReplyChannelNotice, "FERUECK: nicht vorgesehener Eintrag, K (Kommunikationsserver) angenommen")]
                : [];
            var findings = validation.Errors.Where(e => !IsReplyChannelFinding(e)).GroupBy(e => e.Location.RecordNumber).ToDictionary(g => g.Key, g => g.ToList());
            long lastNumber = framing.Count;
            bool framingBroken = findings.Keys.Any(n => n == 1 || n == 2 || n == lastNumber || n == 0)
                                 || findings.Values.Any(list => list.Exists(e => e.Code.StartsWith("ELR3", StringComparison.Ordinal)))
                                 || framing.AnyUnreadable; // a record that cannot be read cannot be answered on its own
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
                Publish(replies, header.Sender, fileId);
                return Record(new SubmissionResult(fileId, replies, [], 0));
            }

            // 4. The records, read again from the spool in packages; the state keeps the spool while the file is pending.
            spool.Position = 0;
            var reader = new RecordReader(spool, new RecordReaderOptions { ThrowOnError = false, ValidateFields = false });
            var state = new PendingFile(fileId, channel, header, dsko, trailer, replyChannel, confirmationWanted, fileNumber, replies, findings,
                spool, reader, lastNumber, _options.TimeProvider.GetUtcNow()) { DskoNotices = dskoNotices };
            handedOver = true;
            await state.SkipAsync(2, cancellationToken).ConfigureAwait(false);
            return Record(await ContinueAsync(state, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            if (!handedOver)
            {
                await spool.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Finishes files held because the RFV/DSRV was unavailable; records already stored are not stored again.</summary>
    /// <param name="cancellationToken">Cancels the retry.</param>
    /// <returns>The submissions that are complete now.</returns>
    public async Task<IReadOnlyList<SubmissionResult>> RetryPendingAsync(CancellationToken cancellationToken = default)
    {
        List<PendingFile> waiting;
        lock (_gate)
        {
            waiting = [.. _pending.Values];
            _pending.Clear();
        }

        var finished = new List<SubmissionResult>();
        foreach (var state in waiting)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await ContinueAsync(state, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                int index = _submissions.FindIndex(r => r.FileId == state.FileId);
                _submissions[index] = result;
                if (!result.IsPending)
                {
                    finished.Add(result);
                }
            }
        }

        return finished;
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
        var now = _options.TimeProvider.GetUtcNow();
        lock (_gate)
        {
            foreach (var reply in _server.Where(r => r.Id == replyId))
            {
                _acknowledged.Add((reply, now));
            }

            return _server.RemoveAll(r => r.Id == replyId) > 0;
        }
    }

    /// <summary>The procedure registry the office asks (to change its state in tests and in <c>elena serve</c>).</summary>
    public InMemoryRfv Rfv => _rfv;

    /// <summary>Every file received so far, in the order received, including files still being processed.</summary>
    public IReadOnlyList<ReceivedFile> ReceivedFiles
    {
        get
        {
            lock (_gate)
            {
                return [.. _received.Values.OrderBy(f => f.FileId, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>The outcome of a file so far (pending or complete), whoever sent it, or <see langword="null"/> while it is processed or when unknown.</summary>
    /// <param name="fileId">The office's file id.</param>
    /// <returns>The outcome, or <see langword="null"/>.</returns>
    public SubmissionResult? FindSubmission(string fileId)
    {
        lock (_gate)
        {
            return _submissions.Find(r => r.FileId == fileId);
        }
    }

    /// <summary>Notes that a reply on the server was handed to the employer (the first fetch counts); unknown ids are ignored.</summary>
    /// <param name="replyId">The reply id.</param>
    public void MarkFetched(long replyId)
    {
        var now = _options.TimeProvider.GetUtcNow();
        lock (_gate)
        {
            if (_server.Exists(r => r.Id == replyId))
            {
                _fetched.TryAdd(replyId, now);
            }
        }
    }

    /// <summary>Every reply of a file that was put on the communication server, with where it is now, by reply id.</summary>
    /// <param name="fileId">The office's file id.</param>
    /// <returns>The deliveries.</returns>
    public IReadOnlyList<ReplyDelivery> GetDeliveries(string fileId)
    {
        lock (_gate)
        {
            DateTimeOffset? Fetched(long id) => _fetched.TryGetValue(id, out var at) ? at : null;
            var result = new List<ReplyDelivery>();
            result.AddRange(_server.Where(r => r.FileId == fileId)
                .Select(r => new ReplyDelivery(r, _fetched.ContainsKey(r.Id) ? ReplyDeliveryState.Fetched : ReplyDeliveryState.Waiting, Fetched(r.Id), null)));
            result.AddRange(_acknowledged.Where(a => a.Reply.FileId == fileId)
                .Select(a => new ReplyDelivery(a.Reply, ReplyDeliveryState.Acknowledged, Fetched(a.Reply.Id), a.At)));
            result.AddRange(_paper.Where(r => r.FileId == fileId).Select(r => new ReplyDelivery(r, ReplyDeliveryState.Paper, Fetched(r.Id), null)));
            return [.. result.OrderBy(d => d.Reply.Id)];
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

    /// <summary>
    /// Processes the remaining records of a file in packages of at most <see cref="InMemoryDsrv.MaxPackageSize"/>;
    /// stops (pending) when the RFV/DSRV is unavailable. A package is applied completely or not at all.
    /// </summary>
    private async Task<SubmissionResult> ContinueAsync(PendingFile state, CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = await state.NextPackageAsync(InMemoryDsrv.MaxPackageSize, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                break;
            }

            if (ProcessPackage(state, batch) is { } fault)
            {
                var pending = new SubmissionResult(state.FileId, [.. state.Replies], [.. state.Outcomes], state.Stored, fault.Message);
                lock (_gate)
                {
                    _pending[state.FileId] = state;
                }

                return pending;
            }
        }

        await state.DisposeAsync().ConfigureAwait(false);
        return Finish(state);
    }

    /// <summary>
    /// Checks one package, asks the RFV (MVDS) or the DSRV (DSVV), stores the accepted reports in file order and
    /// records the outcomes. Returns the fault when the RFV/DSRV is unavailable; the records not processed are kept
    /// for the retry.
    /// </summary>
    private Exception? ProcessPackage(PendingFile state, List<(long Number, RecordModel? Model)> batch)
    {
        int parallelism = Math.Max(1, _options.Parallelism);

        // The MVDS of the package go to the RFV in one request (all or nothing).
        var mvdsOfPackage = new List<EarningsRecord>();
        foreach (var (number, model) in batch)
        {
            if (model is EarningsRecord mvds && !state.Findings.ContainsKey(number))
            {
                mvdsOfPackage.Add(mvds);
            }
        }

        IReadOnlyList<RfvAnswer> answers = [];
        if (mvdsOfPackage.Count > 0)
        {
            try
            {
                answers = _rfv.ProcessPackage(mvdsOfPackage, $"{state.FileId}-{++state.Packages:D4}", parallelism);
            }
            catch (RfvUnavailableException ex)
            {
                state.Keep(batch, 0);
                return ex;
            }
        }

        var toStore = new List<ReportToStore>();
        var logged = new List<(DateOnly Month, string Number)>();
        int answer = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            var (number, model) = batch[i];
            if (state.Findings.TryGetValue(number, out var errors))
            {
                var blocks = errors.Select(ToErrorBlock).ToList();
                state.Annotated.Add(new AnnotatedRecord(model!, blocks));
                state.Rejections++;
                state.Outcomes.Add(new RecordOutcome(number, model?.RecordType ?? "?", false, blocks));
                continue;
            }

            switch (model)
            {
                case EarningsRecord mvds:
                    {
                        var rfv = answers[answer++];
                        if (!rfv.IsConfirmed || rfv.CurrentId is null)
                        {
                            state.Annotated.Add(new AnnotatedRecord(mvds, rfv.Errors));
                            state.Rejections++;
                            state.Outcomes.Add(new RecordOutcome(number, "MVDS", false, rfv.Errors));
                            break;
                        }

                        var month = mvds.PeriodStart is { } start ? new DateOnly(start.Year, start.Month, 1) : DateOnly.FromDateTime(state.ReceivedAt.UtcDateTime);

                        // Stored is the RFV's answer: the MVDS without DBNA/DBGB/DBAN, with the DBID of the person's ids.
                        toStore.Add(new ReportToStore(rfv.CurrentId, month, mvds.EstablishmentNumber, rfv.Record.ToBytes(), mvds.IsCancellation == true));
                        logged.Add((month, mvds.InsuranceNumber));
                        state.Stored++;
                        IReadOnlyList<ErrorBlock> notices = [];
                        if (rfv.Check.CurrentNumber is { } current && !string.Equals(current, mvds.InsuranceNumber.Trim(), StringComparison.Ordinal))
                        {
                            // Sent under a retired number: stored under the person's id all the same, with a notice and the
                            // current number in DBVR (docs/decisions.md R31).
                            notices = [new ErrorBlock(RetiredNumberNotice, "VSNRVFNR: VSNR stillgelegt, aktuelle Nummer im DBVR")];
                            var noticed = (EarningsRecord)RecordModel.Parse(mvds.ToBytes());
                            noticed.NumberReturn = rfv.NumberReturn;
                            state.Annotated.Add(new AnnotatedRecord(noticed, notices, IsNotice: true));
                            state.Notices++;
                        }

                        state.Outcomes.Add(new RecordOutcome(number, "MVDS", true, notices));
                        break;
                    }

                case NumberRequestRecord dsvv:
                    {
                        NumberSearch search;
                        try
                        {
                            search = _dsrv.Search(dsvv);
                        }
                        catch (DsrvException ex)
                        {
                            Store(state, toStore, logged, parallelism);
                            state.Keep(batch, i);
                            return ex;
                        }

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

                        state.Answered.Add(new AnnotatedRecord(reply, search.Errors, IsNotice: !search.IsError && search.Errors.Count > 0));
                        state.Outcomes.Add(new RecordOutcome(number, "DSVV", false, search.Errors, search.Number, search.ReasonCode));
                        break;
                    }

                default:
                    break;
            }
        }

        Store(state, toStore, logged, parallelism);
        return null;
    }

    private void Store(PendingFile state, List<ReportToStore> toStore, List<(DateOnly Month, string Number)> logged, int parallelism)
    {
        if (toStore.Count == 0)
        {
            return;
        }

        _store.StoreReports(toStore, parallelism);
        foreach (var (month, number) in logged)
        {
            _log.Add(state.ReceivedAt, month, number, state.Header.Sender, state.FileId);
        }
    }

    /// <summary>DBFE notice code on the DSKO when FERUECK holds a value not provided for (read as K).</summary>
    public const string ReplyChannelNotice = "DSKOH01";

    /// <summary>DBFE notice code for an MVDS sent under a retired VSNR/VFNR (stored all the same).</summary>
    public const string RetiredNumberNotice = "MVDSH01";

    private SubmissionResult Finish(PendingFile state)
    {
        var replies = state.Replies;
        var header = state.Header;
        if (state.Rejections > 0 || state.Notices > 0)
        {
            // Faulty records and records with notices go back in one file, in file order; without any rejection it is
            // the notice protocol (Hinweisprotokoll), which stands in for the processing confirmation.
            var kind = state.Rejections > 0 ? ReplyKind.RecordRejection : ReplyKind.RecordNotices;
            byte[] file = _replies.RecordReply(header, new AnnotatedRecord(state.Dsko, state.DskoNotices, IsNotice: true), state.Annotated, state.Trailer, NextOfficeFileNumber(header.Sender));
            replies.Add(Reply(kind, state.Channel, state.ReplyChannel, state.ConfirmationWanted, header.Sender, state.FileNumber, file));
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

        Publish(replies, header.Sender, state.FileId);
        return new SubmissionResult(state.FileId, [.. replies], [.. state.Outcomes], state.Stored);
    }

    /// <summary>Puts the replies routed to the communication server there (the acceptance receipt is the synchronous answer).</summary>
    private void Publish(List<ZssReply> replies, string employer, string fileId)
    {
        var now = _options.TimeProvider.GetUtcNow();
        lock (_gate)
        {
            // Replies belong to the authenticated sender (the signer's Betriebsnummer), not to what the VOSZ claims:
            // a file rejected for a faulty VOSZ sender must still reach the employer who sent it (decisions R36).
            if (_employers.TryGetValue(fileId, out string? signer) && signer != "?")
            {
                employer = signer;
            }

            foreach (var reply in replies.Where(r => r.Route == ReplyRoute.Server && r.Kind != ReplyKind.AcceptanceReceipt))
            {
                _server.Add(new ServerReply(++_replyIds, employer, fileId, reply, now));
            }
        }
    }

    private FileStream CreateSpool()
    {
        string folder = _options.SpoolDirectory ?? Path.GetTempPath();
        string path = Path.Combine(folder, "elena-zss-" + Guid.NewGuid().ToString("N") + ".spool");
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous | FileOptions.SequentialScan);
    }

    private static async Task<Framing> ReadFramingAsync(Stream spool, CancellationToken cancellationToken)
    {
        var framing = new Framing();
        await using var reader = new RecordReader(spool, new RecordReaderOptions { ThrowOnError = false, ValidateFields = false });
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var current = reader.Current;
            framing.Count = current.Number;
            framing.AnyUnreadable |= !current.IsDecoded;
            bool keep = current.Number <= 2 || current.RecordType == "NCSZ";
            RecordModel? model = keep && current.IsDecoded ? current.ToModel() : null;
            switch (current.Number)
            {
                case 1:
                    framing.First = model;
                    break;
                case 2:
                    framing.Second = model;
                    break;
                default:
                    break;
            }

            framing.Last = model;
        }

        return framing;
    }

    private sealed class Framing
    {
        public long Count { get; set; }

        public bool AnyUnreadable { get; set; }

        public RecordModel? First { get; set; }

        public RecordModel? Second { get; set; }

        public RecordModel? Last { get; set; }
    }

    /// <summary>A file being processed: its spool, the reader's position and what happened so far.</summary>
    private sealed class PendingFile(string fileId, SubmissionChannel channel, FileHeader header, CommunicationRecord dsko, FileTrailer trailer,
        string? replyChannel, bool confirmationWanted, string fileNumber, List<ZssReply> replies, Dictionary<long, List<RecordError>> findings,
        FileStream spool, RecordReader reader, long lastNumber, DateTimeOffset receivedAt) : IAsyncDisposable
    {
        private List<(long Number, RecordModel? Model)> _kept = [];
        private bool _readerDone;

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

        public DateTimeOffset ReceivedAt { get; } = receivedAt;

        public List<RecordOutcome> Outcomes { get; } = [];

        /// <summary>Rejected records and records with notices, in file order, for the record reply.</summary>
        public List<AnnotatedRecord> Annotated { get; } = [];

        public int Rejections { get; set; }

        public int Notices { get; set; }

        public List<AnnotatedRecord> Answered { get; } = [];

        public int Stored { get; set; }

        public int Packages { get; set; }

        /// <summary>Notices on the DSKO, repeated in record replies.</summary>
        public IReadOnlyList<ErrorBlock> DskoNotices { get; init; } = [];

        public async Task SkipAsync(int count, CancellationToken cancellationToken)
        {
            for (int i = 0; i < count && await reader.ReadAsync(cancellationToken).ConfigureAwait(false); i++)
            {
            }
        }

        /// <summary>The next package: records kept from a failed attempt first, then new ones from the spool (the NCSZ is not part of it).</summary>
        public async Task<List<(long Number, RecordModel? Model)>> NextPackageAsync(int size, CancellationToken cancellationToken)
        {
            var batch = _kept;
            _kept = [];
            while (batch.Count < size && !_readerDone)
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.Current.Number >= lastNumber)
                {
                    _readerDone = true;
                    break;
                }

                var current = reader.Current;
                batch.Add((current.Number, current.IsDecoded ? current.ToModel() : null));
            }

            return batch;
        }

        /// <summary>Keeps the records from <paramref name="from"/> on for the next attempt.</summary>
        public void Keep(List<(long Number, RecordModel? Model)> batch, int from) => _kept = batch.GetRange(from, batch.Count - from);

        public async ValueTask DisposeAsync()
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            await spool.DisposeAsync().ConfigureAwait(false);
        }
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

}
