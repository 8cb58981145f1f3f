using System.Data.Common;

namespace Elena.Sdk.Transport.State;

/// <summary>The client state's tables, created and migrated when a store opens (table <c>elena_schema_version</c>).</summary>
internal static class StateSchema
{
    /// <summary>The schema version this code writes.</summary>
    public const int LatestVersion = 1;

    /// <summary>The statements that take a database from version <c>v - 1</c> to <c>v</c>, per version.</summary>
    private static IReadOnlyList<string> Migration(int version, StateDialect d) => version switch
    {
        1 =>
        [
            $"""
            CREATE TABLE elena_sent_files (
                id {d.IdentityColumn},
                send_id TEXT NOT NULL,
                channel TEXT NOT NULL,
                employer_number TEXT NOT NULL,
                office_number TEXT NOT NULL,
                file_number TEXT NOT NULL,
                sent_at BIGINT NOT NULL,
                record_count INTEGER NOT NULL,
                receipt_at BIGINT NULL,
                first_reply_at BIGINT NULL,
                resent_as TEXT NULL,
                legal_hold INTEGER NOT NULL DEFAULT 0,
                CONSTRAINT elena_sent_files_send_id UNIQUE (send_id))
            """,
            "CREATE INDEX elena_sent_files_file ON elena_sent_files (employer_number, file_number)",
            "CREATE INDEX elena_sent_files_sent_at ON elena_sent_files (sent_at)",
            """
            CREATE TABLE elena_sent_records (
                file_id BIGINT NOT NULL REFERENCES elena_sent_files (id) ON DELETE CASCADE,
                record_number BIGINT NOT NULL,
                record_type TEXT NOT NULL,
                reporting_month TEXT NULL,
                insurance_number TEXT NULL,
                establishment_number TEXT NULL,
                PRIMARY KEY (file_id, record_number))
            """,
            "CREATE INDEX elena_sent_records_insurance ON elena_sent_records (insurance_number)",
            """
            CREATE TABLE elena_fetch_cursors (
                office_number TEXT NOT NULL,
                employer_number TEXT NOT NULL,
                response_id TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (office_number, employer_number))
            """,
            $"""
            CREATE TABLE elena_replies (
                id {d.IdentityColumn},
                office_number TEXT NOT NULL,
                reply_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                channel TEXT NOT NULL,
                employer_number TEXT NOT NULL,
                file_number TEXT NULL,
                received_at BIGINT NOT NULL,
                reason TEXT NULL,
                content {d.BlobType} NULL,
                stored_at BIGINT NOT NULL,
                acknowledged_at BIGINT NULL,
                handled_at BIGINT NULL,
                claimed_by TEXT NULL,
                claimed_until BIGINT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                CONSTRAINT elena_replies_reply UNIQUE (office_number, reply_id))
            """,
            "CREATE INDEX elena_replies_file ON elena_replies (employer_number, file_number)",
            "CREATE INDEX elena_replies_pending ON elena_replies (handled_at, id)",
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    /// <summary>Creates or migrates the schema; several processes opening at once are serialised.</summary>
    public static async Task<int> MigrateAsync(StateDialect dialect, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await dialect.PrepareDatabaseAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await dialect.LockSchemaAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction,
            "CREATE TABLE IF NOT EXISTS elena_schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)",
            cancellationToken).ConfigureAwait(false);

        int current;
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM elena_schema_version";
            current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"The client state database has schema version {current}, written by a newer Elena.Sdk.Transport; this version knows up to {LatestVersion}. Update the SDK.");
        }

        for (int version = current + 1; version <= LatestVersion; version++)
        {
            foreach (string statement in Migration(version, dialect))
            {
                await ExecuteAsync(connection, transaction, statement, cancellationToken).ConfigureAwait(false);
            }

            await using var mark = connection.CreateCommand();
            mark.Transaction = transaction;
            mark.CommandText = "INSERT INTO elena_schema_version (version, applied_at) VALUES (@v, @t)";
            Db.Add(mark, "@v", version);
            Db.Add(mark, "@t", now.ToUnixTimeMilliseconds());
            await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return Math.Max(current, LatestVersion);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
