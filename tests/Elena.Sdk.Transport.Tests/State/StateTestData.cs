using System.Data.Common;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Records.Reading;
using Elena.Sdk.Testing;
using Elena.Sdk.Testing.Data;
using Elena.Sdk.Transport.Replies;
using ReplyChannel = Elena.Sdk.Transport.Replies.ReplyChannel;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Elena.Sdk.Transport.Tests.State;

internal static class StateTestData
{
    public const string Office = ReferenceParties.CentralStorageOffice;
    public const string Employer = "12345678";

    public static readonly DateTimeOffset Start = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    public static async Task<byte[]> FileAsync(int mvds = 0, int dsvv = 0, int fileNumber = 1, int seed = 1)
    {
        using var file = new MemoryStream();
        await SyntheticFileGenerator.WriteAsync(file, new SyntheticFileOptions
        {
            EarningsRecords = mvds,
            NumberRequests = dsvv,
            FileNumber = fileNumber,
            Seed = seed,
        });
        return file.ToArray();
    }

    public static async Task<List<RecordModel>> RecordsAsync(byte[] file)
    {
        var records = new List<RecordModel>();
        await foreach (var record in RecordReader.ReadAllAsync(new MemoryStream(file)))
        {
            records.Add(record);
        }

        return records;
    }

    public static Reply Reply(int number, string? fileNumber = "000001", ReplyKind kind = ReplyKind.RecordRejection,
        string employer = Employer, string office = Office, DateTimeOffset? receivedAt = null, byte[]? content = null) => new()
    {
        Kind = kind,
        Channel = ReplyChannel.Extra,
        Id = number.ToString("D6"),
        OfficeNumber = office,
        EmployerNumber = employer,
        FileNumber = fileNumber,
        ReceivedAt = receivedAt ?? Start,
        Content = content is null ? default(ReadOnlyMemory<byte>?) : content,
        Reason = kind == ReplyKind.FileRejection ? "framing" : null,
    };

    public static async Task ExecuteRawAsync(string connectionString, string sql)
    {
        await using DbConnection connection = connectionString.StartsWith("Host=", StringComparison.Ordinal)
            ? new NpgsqlConnection(connectionString)
            : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Reads through to a stream and throws after a number of bytes, like a disk or network failing mid-file.</summary>
internal sealed class FailingStream(Stream inner, long failAfter) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_read >= failAfter)
        {
            throw new IOException("Simulated read failure.");
        }

        int n = inner.Read(buffer[..(int)Math.Min(buffer.Length, failAfter - _read)]);
        _read += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Reads through and samples the live managed heap (after a full collection) every <c>interval</c> bytes.</summary>
internal sealed class HeapSamplingStream(Stream inner, long interval) : Stream
{
    private long _read;
    private long _next;

    public List<long> Samples { get; } = [];

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        _read += n;
        if (_read >= _next)
        {
            Samples.Add(GC.GetTotalMemory(forceFullCollection: true));
            _next = _read + interval;
        }

        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
