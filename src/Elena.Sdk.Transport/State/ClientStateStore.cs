using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Elena.Sdk.Records.Reading;
using Elena.Sdk.Transport.Replies;
using Npgsql;
using NpgsqlTypes;

namespace Elena.Sdk.Transport.State;

/// <summary>Settings for <see cref="ClientStateStore"/>.</summary>
public sealed class ClientStateStoreOptions
{
    /// <summary>
    /// How long SQLite waits for another connection's write lock before giving up. Default 30 seconds. PostgreSQL
    /// uses the connection string's <c>Command Timeout</c>.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// SQLite: records per INSERT statement when logging a sent file; bounds memory. <see langword="null"/> (default)
    /// for 64 (SQLite's parameter binding slows down with many parameters per statement). PostgreSQL streams the
    /// records with binary COPY instead.
    /// </summary>
    public int? SendLogBatchSize { get; init; }
}

/// <summary>
/// The employer's durable client state: the send log (seed 001 §2.1.1.1 d), the fetch cursor per acceptance office
/// and employer, and fetched replies until they are acknowledged and handled. Nothing is held in memory between
/// calls; every call is its own transaction, so several processes may share one store.
/// </summary>
/// <remarks>
/// <para>The database is chosen by the connection string: <c>Data Source=state.db</c> is SQLite (one file, WAL
/// journal, synchronous FULL); <c>Host=…;Database=…</c> is PostgreSQL (for payroll bureaus running many workers
/// against one state). The schema is created or migrated when the store opens.</para>
/// <para>The send log holds personal data (VSNR/VFNR). Neither this class nor its exceptions ever write it to a log
/// or a message.</para>
/// </remarks>
/// <example>
/// <code>
/// await using var state = await ClientStateStore.OpenAsync("Data Source=elena-state.db");
/// await using (var file = File.OpenRead(path))
///     await state.RecordSentFileAsync(file, new SentFileInfo { SendId = requestId, Channel = ReplyChannel.Extra });
/// foreach (var overdue in await state.GetFilesWithoutReplyAsync()) { /* check the ZSS portal or resend */ }
/// await state.PurgeAsync();
/// </code>
/// </example>
public sealed class ClientStateStore : IAsyncDisposable
{
    /// <summary>How long send log entries are kept (§ 97 (2) SGB IV): two years.</summary>
    public const int RetentionYears = 2;

    /// <summary>Days after which a file without any reply is overdue (seed 001 §2.1.1.2 d): five.</summary>
    public const int ReplyDeadlineDays = 5;

    private const string ReceiptKind = nameof(ReplyKind.AcceptanceReceipt);

    private const string SentFileColumns =
        "send_id, channel, employer_number, office_number, file_number, sent_at, record_count, receipt_at, first_reply_at, resent_as, legal_hold";

    private const string ReplyColumns =
        "id, office_number, reply_id, kind, channel, employer_number, file_number, received_at, reason, content, stored_at, acknowledged_at, handled_at, attempts";

    private static readonly RecordReaderOptions SendLogReading = new() { ValidateFields = false };

    private readonly StateDialect _dialect;
    private readonly ClientStateStoreOptions _options;

    private ClientStateStore(StateDialect dialect, TimeProvider timeProvider, ClientStateStoreOptions options, int schemaVersion)
    {
        _dialect = dialect;
        TimeProvider = timeProvider;
        _options = options;
        SchemaVersion = schemaVersion;
    }

    /// <summary>The database in use.</summary>
    public ClientStateProvider Provider => _dialect.Provider;

    /// <summary>The clock for every time the store writes or compares.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The schema version of the database.</summary>
    public int SchemaVersion { get; }

    /// <summary>Opens a store, creating or migrating its schema.</summary>
    /// <param name="connectionString"><c>Data Source=&lt;file&gt;</c> for SQLite, <c>Host=…;Database=…;Username=…</c> for PostgreSQL.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="ArgumentException">The connection string names neither database.</exception>
    /// <exception cref="InvalidOperationException">The database was written by a newer schema version.</exception>
    /// <exception cref="DbException">The database cannot be reached.</exception>
    public static async Task<ClientStateStore> OpenAsync(string connectionString, TimeProvider? timeProvider = null,
        ClientStateStoreOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ClientStateStoreOptions();
        if (options.SendLogBatchSize is < 1 or > 5000)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "SendLogBatchSize must be between 1 and 5000.");
        }

        timeProvider ??= TimeProvider.System;
        var dialect = StateDialect.Create(connectionString, options.BusyTimeout);
        try
        {
            int version = await StateSchema.MigrateAsync(dialect, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return new ClientStateStore(dialect, timeProvider, options, version);
        }
        catch
        {
            await dialect.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // ---------------------------------------------------------------- send log

    /// <summary>
    /// Logs a sent file: one send log entry per record (MVDS, DSVV …) with the file's time, Betriebsnummer and running
    /// number, all in one transaction — a failure part-way leaves nothing. The file is read as a stream (the plain
    /// record file, before sealing); memory does not grow with its size.
    /// </summary>
    /// <param name="plainFile">The plain record file (VOSZ first), read to its end and not disposed.</param>
    /// <param name="send">The send's id, channel and time.</param>
    /// <param name="cancellationToken">Cancels logging (nothing is kept).</param>
    /// <returns>The logged file.</returns>
    /// <exception cref="FormatException">The stream is not a record file starting with a VOSZ (no value is quoted).</exception>
    /// <exception cref="InvalidOperationException">The send id is already logged, or <see cref="SentFileInfo.ResendOf"/> names no logged send.</exception>
    public async Task<SentFile> RecordSentFileAsync(Stream plainFile, SentFileInfo send, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plainFile);
        ArgumentNullException.ThrowIfNull(send);
        ArgumentException.ThrowIfNullOrWhiteSpace(send.SendId, nameof(send));
        var sentAt = send.SentAt ?? TimeProvider.GetUtcNow();

        await using var reader = new RecordReader(plainFile, SendLogReading);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.Current.RecordType != "VOSZ")
        {
            throw new FormatException("The file does not start with a VOSZ record; only a record file can be logged.");
        }

        string employer = reader.Current.GetValue("ABSN") ?? string.Empty;
        string office = reader.Current.GetValue("EPNR") ?? string.Empty;
        string fileNumber = reader.Current.GetValue("DTNR") ?? string.Empty;
        if (employer.Length == 0 || fileNumber.Length == 0)
        {
            throw new FormatException("The file's VOSZ has no sender (ABSN) or no file number (DTNR).");
        }

        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);

        await using (var exists = Db.Command(connection, transaction, "SELECT COUNT(*) FROM elena_sent_files WHERE send_id = @s"))
        {
            Db.Add(exists, "@s", send.SendId);
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0)
            {
                throw new InvalidOperationException("This send id is already in the send log; every send needs its own id.");
            }
        }

        long fileId;
        await using (var insert = Db.Command(connection, transaction,
            "INSERT INTO elena_sent_files (send_id, channel, employer_number, office_number, file_number, sent_at, record_count) " +
            "VALUES (@s, @c, @e, @o, @f, @t, 0) RETURNING id"))
        {
            Db.Add(insert, "@s", send.SendId);
            Db.Add(insert, "@c", send.Channel.ToString());
            Db.Add(insert, "@e", employer);
            Db.Add(insert, "@o", office);
            Db.Add(insert, "@f", fileNumber);
            Db.Add(insert, "@t", Db.Ms(sentAt));
            fileId = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        int count = await InsertRecordsAsync(connection, transaction, fileId, reader, cancellationToken).ConfigureAwait(false);

        await using (var finish = Db.Command(connection, transaction,
            "UPDATE elena_sent_files SET record_count = @n, " +
            "first_reply_at = (SELECT MIN(r.received_at) FROM elena_replies r WHERE r.employer_number = @e AND r.file_number = @f AND r.received_at >= @t), " +
            $"receipt_at = (SELECT MIN(r.received_at) FROM elena_replies r WHERE r.employer_number = @e AND r.file_number = @f AND r.received_at >= @t AND r.kind = '{ReceiptKind}') " +
            "WHERE id = @id"))
        {
            Db.Add(finish, "@n", count);
            Db.Add(finish, "@e", employer);
            Db.Add(finish, "@f", fileNumber);
            Db.Add(finish, "@t", Db.Ms(sentAt));
            Db.Add(finish, "@id", fileId);
            await finish.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (send.ResendOf is { } original)
        {
            await using var link = Db.Command(connection, transaction, "UPDATE elena_sent_files SET resent_as = @s WHERE send_id = @o");
            Db.Add(link, "@s", send.SendId);
            Db.Add(link, "@o", original);
            if (await link.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                throw new InvalidOperationException("ResendOf names a send that is not in the send log.");
            }
        }

        var logged = await ReadSentFilesAsync(connection, transaction, "WHERE id = @id", c => Db.Add(c, "@id", fileId), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return logged[0];
    }

    private async Task<int> InsertRecordsAsync(DbConnection connection, DbTransaction transaction, long fileId, RecordReader reader, CancellationToken cancellationToken)
    {
        if (connection is NpgsqlConnection postgres)
        {
            return await CopyRecordsAsync(postgres, fileId, reader, cancellationToken).ConfigureAwait(false);
        }

        int batchSize = _options.SendLogBatchSize ?? 64;
        var rows = new (long Number, string Type, string? Month, string? Insurance, string? Establishment)[batchSize];
        int pending = 0;
        int total = 0;
        DbCommand? full = null;
        try
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var record = reader.Current;
                if (record.RecordType is "VOSZ" or "DSKO" or "NCSZ")
                {
                    continue;
                }

                rows[pending++] = LogRow(record);
                if (pending == batchSize)
                {
                    full ??= InsertCommand(connection, transaction, fileId, batchSize);
                    await ExecuteBatchAsync(full, rows, batchSize, cancellationToken).ConfigureAwait(false);
                    total += pending;
                    pending = 0;
                }
            }

            if (pending > 0)
            {
                await using var last = InsertCommand(connection, transaction, fileId, pending);
                await ExecuteBatchAsync(last, rows, pending, cancellationToken).ConfigureAwait(false);
                total += pending;
            }

            return total;
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>PostgreSQL: the records are streamed with binary COPY inside the file's transaction.</summary>
    private static async Task<int> CopyRecordsAsync(NpgsqlConnection connection, long fileId, RecordReader reader, CancellationToken cancellationToken)
    {
        int total = 0;
        var import = await connection.BeginBinaryImportAsync(
            "COPY elena_sent_records (file_id, record_number, record_type, reporting_month, insurance_number, establishment_number) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false);
        await using (import.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var record = reader.Current;
                if (record.RecordType is "VOSZ" or "DSKO" or "NCSZ")
                {
                    continue;
                }

                var row = LogRow(record);
                await import.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await import.WriteAsync(fileId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await import.WriteAsync(row.Number, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await import.WriteAsync(row.Type, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteTextAsync(row.Month).ConfigureAwait(false);
                await WriteTextAsync(row.Insurance).ConfigureAwait(false);
                await WriteTextAsync(row.Establishment).ConfigureAwait(false);
                total++;
            }

            // Without Complete (an exception above), disposing cancels the COPY and the transaction rolls back.
            await import.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        return total;

        async Task WriteTextAsync(string? value)
        {
            if (value is null)
            {
                await import.WriteNullAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await import.WriteAsync(value, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static (long Number, string Type, string? Month, string? Insurance, string? Establishment) LogRow(RecordView record)
    {
        return (record.Number, record.RecordType, Month(record.GetValue("MONATBEG")), Blank(record.GetValue("VSNRVFNR")), Blank(record.GetValue("BBNRVU")));

        static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

        static string? Month(string? date) =>
            date is { Length: 8 } && date.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0 && date[..6] != "000000"
                ? string.Concat(date.AsSpan(0, 4), "-", date.AsSpan(4, 2))
                : null;
    }

    private static DbCommand InsertCommand(DbConnection connection, DbTransaction transaction, long fileId, int rows)
    {
        var sql = new StringBuilder("INSERT INTO elena_sent_records (file_id, record_number, record_type, reporting_month, insurance_number, establishment_number) VALUES ");
        var command = Db.Command(connection, transaction, string.Empty);
        Db.Add(command, "@file", fileId);
        for (int i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"(@file,@n{i},@t{i},@m{i},@v{i},@b{i})");
            Db.Add(command, $"@n{i}", 0L, DbType.Int64);
            Db.Add(command, $"@t{i}", null, DbType.String);
            Db.Add(command, $"@m{i}", null, DbType.String);
            Db.Add(command, $"@v{i}", null, DbType.String);
            Db.Add(command, $"@b{i}", null, DbType.String);
        }

        command.CommandText = sql.ToString();
        return command;
    }

    private static async Task ExecuteBatchAsync(DbCommand command, (long Number, string Type, string? Month, string? Insurance, string? Establishment)[] rows, int count, CancellationToken cancellationToken)
    {
        var parameters = command.Parameters;
        for (int i = 0; i < count; i++)
        {
            int p = 1 + (i * 5);
            parameters[p].Value = rows[i].Number;
            parameters[p + 1].Value = rows[i].Type;
            parameters[p + 2].Value = (object?)rows[i].Month ?? DBNull.Value;
            parameters[p + 3].Value = (object?)rows[i].Insurance ?? DBNull.Value;
            parameters[p + 4].Value = (object?)rows[i].Establishment ?? DBNull.Value;
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records the acceptance receipt that came with a send (the synchronous eXTra response). A receipt that comes
    /// as a reply (mail, fetch) is recorded by <see cref="StoreReplyAsync"/> instead.
    /// </summary>
    /// <param name="sendId">The send's id.</param>
    /// <param name="receivedAt">When it came; <see langword="null"/> for now.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>False when the send id is not in the log.</returns>
    public async Task<bool> RecordReceiptAsync(string sendId, DateTimeOffset? receivedAt = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sendId);
        long at = Db.Ms(receivedAt ?? TimeProvider.GetUtcNow());
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var update = Db.Command(connection, null,
            "UPDATE elena_sent_files SET " +
            "receipt_at = CASE WHEN receipt_at IS NULL OR receipt_at > @r THEN @r ELSE receipt_at END, " +
            "first_reply_at = CASE WHEN first_reply_at IS NULL OR first_reply_at > @r THEN @r ELSE first_reply_at END " +
            "WHERE send_id = @s");
        Db.Add(update, "@r", at);
        Db.Add(update, "@s", sendId);
        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// Files sent at least <paramref name="olderThan"/> ago (default <see cref="ReplyDeadlineDays"/> days) that got no
    /// reply of any kind and were not sent again. Seed 001 §2.1.1.2 d: check the ZSS service portal; without a status
    /// there, send the whole file again (with <see cref="SentFileInfo.ResendOf"/>).
    /// </summary>
    /// <param name="olderThan">The deadline; <see langword="null"/> for five days.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The overdue files, oldest first.</returns>
    public async Task<IReadOnlyList<SentFile>> GetFilesWithoutReplyAsync(TimeSpan? olderThan = null, CancellationToken cancellationToken = default)
    {
        long cutoff = Db.Ms(TimeProvider.GetUtcNow() - (olderThan ?? TimeSpan.FromDays(ReplyDeadlineDays)));
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadSentFilesAsync(connection, null,
            "WHERE first_reply_at IS NULL AND resent_as IS NULL AND sent_at <= @c ORDER BY sent_at, id",
            c => Db.Add(c, "@c", cutoff), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets one logged send.</summary>
    /// <param name="sendId">The send's id.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The send, or <see langword="null"/> when it is not (or no longer) logged.</returns>
    public async Task<SentFile?> GetSentFileAsync(string sendId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sendId);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var files = await ReadSentFilesAsync(connection, null, "WHERE send_id = @s", c => Db.Add(c, "@s", sendId), cancellationToken).ConfigureAwait(false);
        return files.Count == 0 ? null : files[0];
    }

    /// <summary>Where a file stands: its sends (resends included) and every stored reply to its file number.</summary>
    /// <param name="employerNumber">Betriebsnummer of the employer (VOSZ ABSN).</param>
    /// <param name="fileNumber">The file number (VOSZ DTNR) as written, six digits.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The state, or <see langword="null"/> when neither a send nor a reply is known.</returns>
    public async Task<SentFileState?> GetSentFileStateAsync(string employerNumber, string fileNumber, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(employerNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileNumber);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sends = await ReadSentFilesAsync(connection, null, "WHERE employer_number = @e AND file_number = @f ORDER BY sent_at, id",
            c => { Db.Add(c, "@e", employerNumber); Db.Add(c, "@f", fileNumber); }, cancellationToken).ConfigureAwait(false);
        var replies = await ReadRepliesAsync(connection, null, "WHERE employer_number = @e AND file_number = @f ORDER BY received_at, id",
            c => { Db.Add(c, "@e", employerNumber); Db.Add(c, "@f", fileNumber); }, cancellationToken).ConfigureAwait(false);
        return sends.Count == 0 && replies.Count == 0
            ? null
            : new SentFileState { EmployerNumber = employerNumber, FileNumber = fileNumber, Sends = sends, Replies = replies };
    }

    /// <summary>The send log entries of one send, in file order (streamed).</summary>
    /// <param name="sendId">The send's id.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The entries.</returns>
    public IAsyncEnumerable<SendLogEntry> GetSendLogAsync(string sendId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sendId);
        return ReadSendLogAsync("WHERE f.send_id = @k ORDER BY r.record_number", sendId, cancellationToken);
    }

    /// <summary>The send log entries of one participant (evidence of what was reported for a VSNR/VFNR), oldest first.</summary>
    /// <param name="insuranceNumber">The VSNR/VFNR.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The entries.</returns>
    public IAsyncEnumerable<SendLogEntry> FindSendLogAsync(string insuranceNumber, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(insuranceNumber);
        return ReadSendLogAsync("WHERE r.insurance_number = @k ORDER BY f.sent_at, f.id, r.record_number", insuranceNumber, cancellationToken);
    }

    private async IAsyncEnumerable<SendLogEntry> ReadSendLogAsync(string where, string key, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = Db.Command(connection, null,
            "SELECT f.send_id, f.channel, f.sent_at, f.employer_number, f.file_number, r.record_number, r.record_type, r.reporting_month, r.insurance_number, r.establishment_number " +
            "FROM elena_sent_records r JOIN elena_sent_files f ON f.id = r.file_id " + where);
        Db.Add(query, "@k", key);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new SendLogEntry
            {
                SendId = reader.GetString(0),
                Channel = Enum.Parse<ReplyChannel>(reader.GetString(1)),
                SentAt = Db.Time(reader, 2),
                EmployerNumber = reader.GetString(3),
                FileNumber = reader.GetString(4),
                RecordNumber = reader.GetInt64(5),
                RecordType = reader.GetString(6),
                ReportingMonth = Db.OptionalString(reader, 7),
                InsuranceNumber = Db.OptionalString(reader, 8),
                EstablishmentNumber = Db.OptionalString(reader, 9),
            };
        }
    }

    /// <summary>
    /// Sets or lifts the legal hold on a send: while held, its entries and the replies to its file number are kept
    /// as evidence for a pending proceeding and <see cref="PurgeAsync"/> skips them. Lift it as soon as the
    /// proceeding ends; the next purge then deletes what is past the retention.
    /// </summary>
    /// <param name="sendId">The send's id.</param>
    /// <param name="hold">True to hold, false to release.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>False when the send id is not in the log.</returns>
    public async Task<bool> SetLegalHoldAsync(string sendId, bool hold, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sendId);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var update = Db.Command(connection, null, "UPDATE elena_sent_files SET legal_hold = @h WHERE send_id = @s");
        Db.Add(update, "@h", hold ? 1 : 0);
        Db.Add(update, "@s", sendId);
        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// Deletes what is older than <see cref="RetentionYears"/> years (§ 97 (2) SGB IV): sends and their entries, and
    /// replies that were acknowledged and handled. Sends under legal hold and the replies to their file numbers stay.
    /// Run it daily.
    /// </summary>
    /// <param name="cancellationToken">Cancels the purge (nothing is deleted).</param>
    /// <returns>What was deleted.</returns>
    public async Task<PurgeResult> PurgeAsync(CancellationToken cancellationToken = default)
    {
        long cutoff = Db.Ms(new DateTimeOffset(TimeProvider.GetUtcNow().UtcDateTime.AddYears(-RetentionYears), TimeSpan.Zero));
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        const string Expired = "SELECT id FROM elena_sent_files WHERE sent_at < @c AND legal_hold = 0";
        int records = await ExecuteAsync($"DELETE FROM elena_sent_records WHERE file_id IN ({Expired})").ConfigureAwait(false);
        int files = await ExecuteAsync("DELETE FROM elena_sent_files WHERE sent_at < @c AND legal_hold = 0").ConfigureAwait(false);
        int replies = await ExecuteAsync(
            "DELETE FROM elena_replies WHERE received_at < @c AND acknowledged_at IS NOT NULL AND handled_at IS NOT NULL " +
            "AND NOT EXISTS (SELECT 1 FROM elena_sent_files f WHERE f.legal_hold = 1 AND f.employer_number = elena_replies.employer_number AND f.file_number = elena_replies.file_number)")
            .ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new PurgeResult(files, records, replies);

        async Task<int> ExecuteAsync(string sql)
        {
            await using var command = Db.Command(connection, transaction, sql);
            Db.Add(command, "@c", cutoff);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<List<SentFile>> ReadSentFilesAsync(DbConnection connection, DbTransaction? transaction, string where,
        Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var query = Db.Command(connection, transaction, $"SELECT {SentFileColumns} FROM elena_sent_files {where}");
        bind(query);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var files = new List<SentFile>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            files.Add(new SentFile
            {
                SendId = reader.GetString(0),
                Channel = Enum.Parse<ReplyChannel>(reader.GetString(1)),
                EmployerNumber = reader.GetString(2),
                OfficeNumber = reader.GetString(3),
                FileNumber = reader.GetString(4),
                SentAt = Db.Time(reader, 5),
                RecordCount = reader.GetInt32(6),
                ReceiptAt = Db.OptionalTime(reader, 7),
                FirstReplyAt = Db.OptionalTime(reader, 8),
                ResentAs = Db.OptionalString(reader, 9),
                LegalHold = reader.GetInt32(10) != 0,
            });
        }

        return files;
    }

    // ---------------------------------------------------------------- fetch cursor

    /// <summary>The last ResponseID fetched from an acceptance office for an employer.</summary>
    /// <param name="officeNumber">Betriebsnummer of the acceptance office.</param>
    /// <param name="employerNumber">Betriebsnummer of the employer.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The ResponseID, or <see langword="null"/> before the first fetch.</returns>
    public async Task<string?> GetFetchCursorAsync(string officeNumber, string employerNumber, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(officeNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(employerNumber);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = Db.Command(connection, null, "SELECT response_id FROM elena_fetch_cursors WHERE office_number = @o AND employer_number = @e");
        Db.Add(query, "@o", officeNumber);
        Db.Add(query, "@e", employerNumber);
        return await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>
    /// Sets the fetch cursor. <see cref="StoreRepliesAsync"/> moves it together with the replies it stores; call this
    /// only to move it by hand (e.g. to fetch again from an earlier id).
    /// </summary>
    /// <param name="officeNumber">Betriebsnummer of the acceptance office.</param>
    /// <param name="employerNumber">Betriebsnummer of the employer.</param>
    /// <param name="responseId">The last ResponseID fetched.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>A task.</returns>
    public async Task SetFetchCursorAsync(string officeNumber, string employerNumber, string responseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(officeNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(employerNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(responseId);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await SetCursorAsync(connection, null, officeNumber, employerNumber, responseId, cancellationToken).ConfigureAwait(false);
    }

    private async Task SetCursorAsync(DbConnection connection, DbTransaction? transaction, string office, string employer, string responseId, CancellationToken cancellationToken)
    {
        await using var upsert = Db.Command(connection, transaction,
            "INSERT INTO elena_fetch_cursors (office_number, employer_number, response_id, updated_at) VALUES (@o, @e, @r, @t) " +
            "ON CONFLICT (office_number, employer_number) DO UPDATE SET response_id = excluded.response_id, updated_at = excluded.updated_at");
        Db.Add(upsert, "@o", office);
        Db.Add(upsert, "@e", employer);
        Db.Add(upsert, "@r", responseId);
        Db.Add(upsert, "@t", Db.Ms(TimeProvider.GetUtcNow()));
        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- replies

    /// <summary>
    /// Stores a reply durably, once: a reply whose (office, id) is already stored is left as it is. A new reply
    /// answering a logged file marks that file as answered (and as received, for an acceptance receipt).
    /// </summary>
    /// <param name="reply">The reply with its opened file in <see cref="Reply.Content"/>.</param>
    /// <param name="cancellationToken">Cancels storing (nothing is kept).</param>
    /// <returns>True when the reply was new.</returns>
    public async Task<bool> StoreReplyAsync(Reply reply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return await StoreRepliesAsync([reply], null, cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// Stores fetched replies durably in one transaction, each once, and moves the fetch cursor in the same
    /// transaction: the cursor never passes a reply that is not stored.
    /// </summary>
    /// <param name="replies">The replies, in fetch order.</param>
    /// <param name="cursor">The fetch cursor to set with them (office, employer, last ResponseID), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels storing (nothing is kept).</param>
    /// <returns>How many replies were new.</returns>
    public async Task<int> StoreRepliesAsync(IReadOnlyList<Reply> replies, FetchCursor? cursor = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(replies);
        foreach (var reply in replies)
        {
            ArgumentNullException.ThrowIfNull(reply, nameof(replies));
            if (string.IsNullOrWhiteSpace(reply.Id) || string.IsNullOrWhiteSpace(reply.OfficeNumber) || string.IsNullOrWhiteSpace(reply.EmployerNumber))
            {
                throw new ArgumentException("Every reply needs its id, office and employer.", nameof(replies));
            }
        }

        long now = Db.Ms(TimeProvider.GetUtcNow());
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        // Inserts in (office, id) order, then the answered files in (employer, file) order: concurrent workers storing
        // overlapping batches take their locks in the same order and cannot deadlock.
        var answered = new SortedDictionary<(string Employer, string File), (long First, long? Receipt)>();
        int added = 0;
        foreach (var reply in replies.OrderBy(r => r.OfficeNumber, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal))
        {
            await using var insert = Db.Command(connection, transaction,
                "INSERT INTO elena_replies (office_number, reply_id, kind, channel, employer_number, file_number, received_at, reason, content, stored_at) " +
                "VALUES (@o, @i, @k, @c, @e, @f, @r, @why, @body, @now) ON CONFLICT (office_number, reply_id) DO NOTHING");
            Db.Add(insert, "@o", reply.OfficeNumber);
            Db.Add(insert, "@i", reply.Id);
            Db.Add(insert, "@k", reply.Kind.ToString());
            Db.Add(insert, "@c", reply.Channel.ToString());
            Db.Add(insert, "@e", reply.EmployerNumber);
            Db.Add(insert, "@f", reply.FileNumber, DbType.String);
            Db.Add(insert, "@r", Db.Ms(reply.ReceivedAt));
            Db.Add(insert, "@why", reply.Reason, DbType.String);
            Db.Add(insert, "@body", reply.Content?.ToArray(), DbType.Binary);
            Db.Add(insert, "@now", now);
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                continue;
            }

            added++;
            if (reply.FileNumber is { Length: > 0 } fileNumber)
            {
                long at = Db.Ms(reply.ReceivedAt);
                long? receipt = reply.Kind == ReplyKind.AcceptanceReceipt ? at : null;
                answered[(reply.EmployerNumber, fileNumber)] = answered.TryGetValue((reply.EmployerNumber, fileNumber), out var seen)
                    ? (Math.Min(seen.First, at), seen.Receipt is null ? receipt : receipt is null ? seen.Receipt : Math.Min(seen.Receipt.Value, receipt.Value))
                    : (at, receipt);
            }
        }

        foreach (var ((employer, fileNumber), (first, receipt)) in answered)
        {
            await MarkAnsweredAsync("first_reply_at", first).ConfigureAwait(false);
            if (receipt is { } r)
            {
                await MarkAnsweredAsync("receipt_at", r).ConfigureAwait(false);
            }

            async Task MarkAnsweredAsync(string column, long at)
            {
                // A reply answers every send of its file number made before it came (the original and any resend).
                await using var answer = Db.Command(connection, transaction,
                    $"UPDATE elena_sent_files SET {column} = @r WHERE employer_number = @e AND file_number = @f AND sent_at <= @r " +
                    $"AND ({column} IS NULL OR {column} > @r)");
                Db.Add(answer, "@r", at);
                Db.Add(answer, "@e", employer);
                Db.Add(answer, "@f", fileNumber);
                await answer.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (cursor is { } c)
        {
            await SetCursorAsync(connection, transaction, c.OfficeNumber, c.EmployerNumber, c.ResponseId, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <summary>Gets a stored reply.</summary>
    /// <param name="officeNumber">Betriebsnummer of the acceptance office.</param>
    /// <param name="replyId">The reply's id (ResponseID or Message-ID).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The reply, or <see langword="null"/>.</returns>
    public async Task<StoredReply?> GetReplyAsync(string officeNumber, string replyId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(officeNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(replyId);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var replies = await ReadRepliesAsync(connection, null, "WHERE office_number = @o AND reply_id = @i",
            c => { Db.Add(c, "@o", officeNumber); Db.Add(c, "@i", replyId); }, cancellationToken).ConfigureAwait(false);
        return replies.Count == 0 ? null : replies[0];
    }

    /// <summary>Records that replies were acknowledged to the office (after <c>ConfirmationOfReceipt</c> succeeded).</summary>
    /// <param name="officeNumber">Betriebsnummer of the acceptance office.</param>
    /// <param name="replyIds">The replies' ids.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>How many were not acknowledged before.</returns>
    public async Task<int> MarkAcknowledgedAsync(string officeNumber, IEnumerable<string> replyIds, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(officeNumber);
        ArgumentNullException.ThrowIfNull(replyIds);
        long now = Db.Ms(TimeProvider.GetUtcNow());
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var update = Db.Command(connection, transaction,
            "UPDATE elena_replies SET acknowledged_at = @t WHERE office_number = @o AND reply_id = @i AND acknowledged_at IS NULL");
        Db.Add(update, "@t", now);
        Db.Add(update, "@o", officeNumber);
        var id = Db.Add(update, "@i", string.Empty);
        int marked = 0;
        foreach (string replyId in replyIds)
        {
            id.Value = replyId;
            marked += await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return marked;
    }

    /// <summary>Stored replies whose receipt was not yet acknowledged to the office, oldest first.</summary>
    /// <param name="officeNumber">Only this office; <see langword="null"/> for all.</param>
    /// <param name="employerNumber">Only this employer; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The replies.</returns>
    public async Task<IReadOnlyList<StoredReply>> GetUnacknowledgedRepliesAsync(string? officeNumber = null, string? employerNumber = null,
        CancellationToken cancellationToken = default)
    {
        var (where, bind) = Filter("acknowledged_at IS NULL", officeNumber, employerNumber);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadRepliesAsync(connection, null, where + " ORDER BY id", bind, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stored replies that no handler has finished with yet, oldest first.</summary>
    /// <param name="officeNumber">Only this office; <see langword="null"/> for all.</param>
    /// <param name="employerNumber">Only this employer; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The replies.</returns>
    public async Task<IReadOnlyList<StoredReply>> GetUnhandledRepliesAsync(string? officeNumber = null, string? employerNumber = null,
        CancellationToken cancellationToken = default)
    {
        var (where, bind) = Filter("handled_at IS NULL", officeNumber, employerNumber);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadRepliesAsync(connection, null, where + " ORDER BY id", bind, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stored replies to one file number, in the order received.</summary>
    /// <param name="employerNumber">Betriebsnummer of the employer.</param>
    /// <param name="fileNumber">The file number (VOSZ DTNR).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The replies.</returns>
    public async Task<IReadOnlyList<StoredReply>> GetRepliesForFileAsync(string employerNumber, string fileNumber, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(employerNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileNumber);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadRepliesAsync(connection, null, "WHERE employer_number = @e AND file_number = @f ORDER BY received_at, id",
            c => { Db.Add(c, "@e", employerNumber); Db.Add(c, "@f", fileNumber); }, cancellationToken).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- claims (ReplyInbox)

    /// <summary>
    /// Claims the oldest reply no handler has finished and no live claim holds (a claim older than its timeout is taken
    /// over). Atomic across connections and processes: PostgreSQL <c>FOR UPDATE SKIP LOCKED</c>, SQLite one UPDATE
    /// under <c>BEGIN IMMEDIATE</c>.
    /// </summary>
    internal async Task<StoredReply?> ClaimNextReplyAsync(string workerId, TimeSpan claimTimeout, string? officeNumber, string? employerNumber,
        CancellationToken cancellationToken)
    {
        var now = TimeProvider.GetUtcNow();
        var (where, bind) = Filter("handled_at IS NULL AND (claimed_until IS NULL OR claimed_until < @now)", officeNumber, employerNumber);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        for (int attempt = 0; attempt < 5; attempt++)
        {
            await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            var claimed = await ReadRepliesAsync(connection, transaction, null, c =>
            {
                bind(c);
                Db.Add(c, "@now", Db.Ms(now));
                Db.Add(c, "@w", workerId);
                Db.Add(c, "@until", Db.Ms(now + claimTimeout));
                c.CommandText =
                    "UPDATE elena_replies SET claimed_by = @w, claimed_until = @until, attempts = attempts + 1 " +
                    $"WHERE id = (SELECT id FROM elena_replies {where} ORDER BY id LIMIT 1{_dialect.SkipLockedClause}) " +
                    "AND handled_at IS NULL AND (claimed_until IS NULL OR claimed_until < @now) " +
                    $"RETURNING {ReplyColumns}";
            }, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            if (claimed.Count == 1)
            {
                return claimed[0];
            }

            // No row: either nothing is left, or another worker won the row between the SELECT and the UPDATE.
            await using var any = Db.Command(connection, null, $"SELECT COUNT(*) FROM elena_replies {where}");
            bind(any);
            Db.Add(any, "@now", Db.Ms(now));
            if (Convert.ToInt64(await any.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Marks a claimed reply handled. False when the claim was lost (timed out and taken over).</summary>
    internal async Task<bool> CompleteClaimAsync(StoredReply reply, string workerId, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var update = Db.Command(connection, null,
            "UPDATE elena_replies SET handled_at = @t, claimed_by = NULL, claimed_until = NULL WHERE id = @id AND claimed_by = @w AND handled_at IS NULL");
        Db.Add(update, "@t", Db.Ms(TimeProvider.GetUtcNow()));
        Db.Add(update, "@id", reply.StoreId);
        Db.Add(update, "@w", workerId);
        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Gives a claim back (the handler failed), so that the reply is claimed again.</summary>
    internal async Task ReleaseClaimAsync(StoredReply reply, string workerId, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var update = Db.Command(connection, null,
            "UPDATE elena_replies SET claimed_by = NULL, claimed_until = NULL WHERE id = @id AND claimed_by = @w");
        Db.Add(update, "@id", reply.StoreId);
        Db.Add(update, "@w", workerId);
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static (string Where, Action<DbCommand> Bind) Filter(string condition, string? officeNumber, string? employerNumber)
    {
        var where = new StringBuilder("WHERE ").Append(condition);
        if (officeNumber is not null)
        {
            where.Append(" AND office_number = @o");
        }

        if (employerNumber is not null)
        {
            where.Append(" AND employer_number = @e");
        }

        return (where.ToString(), command =>
        {
            if (officeNumber is not null)
            {
                Db.Add(command, "@o", officeNumber);
            }

            if (employerNumber is not null)
            {
                Db.Add(command, "@e", employerNumber);
            }
        });
    }

    private static async Task<List<StoredReply>> ReadRepliesAsync(DbConnection connection, DbTransaction? transaction, string? where,
        Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var query = Db.Command(connection, transaction, where is null ? string.Empty : $"SELECT {ReplyColumns} FROM elena_replies {where}");
        bind(query);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var replies = new List<StoredReply>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            byte[]? content = reader.IsDBNull(9) ? null : reader.GetFieldValue<byte[]>(9);
            var reply = new Reply
            {
                Kind = Enum.Parse<ReplyKind>(reader.GetString(3)),
                Channel = Enum.Parse<ReplyChannel>(reader.GetString(4)),
                Id = reader.GetString(2),
                OfficeNumber = reader.GetString(1),
                EmployerNumber = reader.GetString(5),
                FileNumber = Db.OptionalString(reader, 6),
                ReceivedAt = Db.Time(reader, 7),
                Reason = Db.OptionalString(reader, 8),
                Content = content is null ? default(ReadOnlyMemory<byte>?) : content,
                File = content is null ? null : TryParse(content),
            };
            replies.Add(new StoredReply(reader.GetInt64(0), reply, Db.Time(reader, 10), Db.OptionalTime(reader, 11), Db.OptionalTime(reader, 12), reader.GetInt32(13)));
        }

        return replies;

        static ReplyFile? TryParse(byte[] content)
        {
            try
            {
                return ReplyFile.Parse(content);
            }
            catch (FormatException)
            {
                return null; // stored as received; Content still holds the bytes
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _dialect.DisposeAsync();
}

/// <summary>Where fetching stopped for one acceptance office and employer.</summary>
/// <param name="OfficeNumber">Betriebsnummer of the acceptance office.</param>
/// <param name="EmployerNumber">Betriebsnummer of the employer.</param>
/// <param name="ResponseId">The last ResponseID fetched.</param>
public sealed record FetchCursor(string OfficeNumber, string EmployerNumber, string ResponseId);
