using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Elena.Sdk.Transport.State;

/// <summary>The database behind a <see cref="ClientStateStore"/>.</summary>
public enum ClientStateProvider
{
    /// <summary>SQLite (Microsoft.Data.Sqlite): one file, no setup; the default for a single installation.</summary>
    Sqlite,

    /// <summary>PostgreSQL (Npgsql): one state shared by many workers and machines (payroll bureaus).</summary>
    PostgreSql,
}

/// <summary>What differs between the two databases; everything else is the same SQL.</summary>
internal abstract class StateDialect : IAsyncDisposable
{
    public abstract ClientStateProvider Provider { get; }

    /// <summary>Column definition of a generated 64-bit primary key.</summary>
    public abstract string IdentityColumn { get; }

    /// <summary>Column type for bytes.</summary>
    public abstract string BlobType { get; }

    /// <summary>Appended to the inner SELECT of a claim.</summary>
    public abstract string SkipLockedClause { get; }

    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Begins a transaction that writes. SQLite takes the write lock at once (BEGIN IMMEDIATE).</summary>
    public virtual async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

    /// <summary>Serialises schema migrations between processes, inside the migration transaction.</summary>
    public abstract Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Statements run once when the store opens, before the migrations (outside a transaction).</summary>
    public abstract Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>Chooses the provider from the connection string's keys.</summary>
    public static StateDialect Create(string connectionString, TimeSpan busyTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var keys = new DbConnectionStringBuilder();
        try
        {
            keys.ConnectionString = connectionString;
        }
        catch (ArgumentException e)
        {
            // The connection string may hold a password: never repeat it.
            throw new ArgumentException("The connection string is not in key=value form.", nameof(connectionString), e);
        }

        if (keys.ContainsKey("Host") || keys.ContainsKey("Server"))
        {
            return new PostgresDialect(connectionString);
        }

        if (keys.ContainsKey("Data Source") || keys.ContainsKey("DataSource") || keys.ContainsKey("Filename"))
        {
            return new SqliteDialect(connectionString, busyTimeout);
        }

        throw new ArgumentException(
            "The connection string names no database: use 'Data Source=<file>' for SQLite or 'Host=<server>;Database=<name>;…' for PostgreSQL.",
            nameof(connectionString));
    }
}

internal sealed class SqliteDialect : StateDialect
{
    private readonly string _connectionString;
    private readonly int _busyMilliseconds;

    public SqliteDialect(string connectionString, TimeSpan busyTimeout)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode is SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:")
        {
            throw new ArgumentException("Client state needs a database file ('Data Source=<file>'); an in-memory database would lose it.", nameof(connectionString));
        }

        if (builder.DefaultTimeout < busyTimeout.TotalSeconds)
        {
            // Microsoft.Data.Sqlite retries a busy database until the command timeout.
            builder.DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds);
        }

        _connectionString = builder.ToString();
        _busyMilliseconds = (int)busyTimeout.TotalMilliseconds;
    }

    public override ClientStateProvider Provider => ClientStateProvider.Sqlite;

    public override string IdentityColumn => "INTEGER PRIMARY KEY";

    public override string BlobType => "BLOB";

    public override string SkipLockedClause => string.Empty;

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragmas = connection.CreateCommand();
            // FULL: a committed transaction survives a power cut (WAL with NORMAL may lose the last ones).
            pragmas.CommandText = $"PRAGMA busy_timeout = {_busyMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Microsoft.Data.Sqlite: Serializable and not deferred is BEGIN IMMEDIATE (the write lock at once, so a
        // read-then-write transaction cannot fail half-way on a busy snapshot).
        var sqlite = (SqliteConnection)connection;
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<DbTransaction>(sqlite.BeginTransaction(IsolationLevel.Serializable, deferred: false));
    }

    public override Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask; // BEGIN IMMEDIATE already holds the database's write lock.

    public override async Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

internal sealed class PostgresDialect : StateDialect
{
    // pg_advisory_xact_lock key for schema migrations: "ELENA" in ASCII.
    private const long SchemaLockKey = 0x454C454E41;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresDialect(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public override ClientStateProvider Provider => ClientStateProvider.PostgreSql;

    public override string IdentityColumn => "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";

    public override string BlobType => "BYTEA";

    public override string SkipLockedClause => " FOR UPDATE SKIP LOCKED";

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override async Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_advisory_xact_lock({SchemaLockKey})";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
