using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Elena.Sdk.Transport.Tests.State;

/// <summary>
/// A private PostgreSQL server from Debian's package (deps.md §9): initdb into a temporary folder, started on
/// 127.0.0.1 on a free port as the <c>postgres</c> user when the tests run as root, stopped and deleted on dispose.
/// Fails clearly (never skips) when the server binaries are missing.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string User = "elena";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "elena-pg-" + Guid.NewGuid().ToString("N"));
    private string _bin = "";
    private int _databases;

    public int Port { get; private set; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Pooling=true;Maximum Pool Size=20;Timeout=30;Command Timeout=60";

    public async Task InitializeAsync()
    {
        _bin = FindBinaries();
        Directory.CreateDirectory(_folder);
        bool root = Environment.UserName == "root";
        if (root)
        {
            await RunAsync("chown", ["postgres:postgres", _folder], asPostgres: false);
        }

        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", Path.Combine(_folder, "data"), "-A", "trust", "-U", User, "-E", "UTF8", "--no-sync"], root);
        Port = FreePort();
        await RunAsync(Path.Combine(_bin, "pg_ctl"),
        [
            "-D", Path.Combine(_folder, "data"),
            "-o", $"-k {_folder} -c listen_addresses=127.0.0.1 -p {Port} -c fsync=off -c max_connections=200",
            "-l", Path.Combine(_folder, "log"), "-w", "-t", "60", "start",
        ], root);
    }

    /// <summary>Creates a fresh, empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        string name = $"t{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..20];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (Port != 0)
            {
                await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"], Environment.UserName == "root");
            }
        }
        finally
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string FindBinaries()
    {
        var found = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out int v) ? v : 0)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb). Install Debian's package: apt-get install -y postgresql (test.sh does this when run as root).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (asPostgres)
        {
            foreach (string a in (string[])["-u", "postgres", "--", program])
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed with exit code {process.ExitCode}: {await error} {await output}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresGroup : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL server";
}

/// <summary>Where a conformance suite gets a fresh, empty client state database.</summary>
public interface IStateDatabase
{
    Task<string> CreateAsync();
}

public sealed class SqliteDatabases : IStateDatabase, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "elena-state-" + Guid.NewGuid().ToString("N"));

    public SqliteDatabases() => Directory.CreateDirectory(_folder);

    public Task<string> CreateAsync() => Task.FromResult($"Data Source={Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db")}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed class PostgresDatabases(PostgresServer server) : IStateDatabase
{
    public Task<string> CreateAsync() => server.CreateDatabaseAsync();
}
