using BenchmarkDotNet.Attributes;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Records.Reading;
using Elena.Sdk.Records.Validation;
using Elena.Sdk.Records.Writing;
using Elena.Sdk.Testing.Data;

namespace Elena.Sdk.Benchmarks;

/// <summary>
/// Read + validate and write throughput on generated ELENA files of 20,000 and 200,000 MVDS.
/// Throughput = file size / mean time; the sizes are printed at setup and written to BenchmarkDotNet.Artifacts/sizes.txt.
/// </summary>
[MemoryDiagnoser]
public class RecordFileBenchmarks
{
    private string _path = "";
    private List<RecordModel> _records = [];
    private long _size;

    /// <summary>Number of MVDS in the file.</summary>
    [Params(20_000, 200_000)]
    public int Records { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        string folder = Path.Combine(Path.GetTempPath(), "elena-bench");
        Directory.CreateDirectory(folder);
        _path = Path.Combine(folder, $"mvds-{Records}.txt");
        if (!File.Exists(_path))
        {
            await using var file = File.Create(_path);
            await SyntheticFileGenerator.WriteAsync(file, new SyntheticFileOptions { EarningsRecords = Records, Seed = 42 });
        }

        _size = new FileInfo(_path).Length;

        // The write benchmark writes 20,000 records from memory, Records / 20,000 times over.
        _records = SyntheticFileGenerator.Generate(new SyntheticFileOptions { EarningsRecords = 20_000, Seed = 42 }).ToList();
        string line = $"{Records} MVDS: file {_size} bytes ({_size / 1e6:F1} MB)";
        Console.WriteLine(line);
        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        await File.AppendAllTextAsync(Path.Combine("BenchmarkDotNet.Artifacts", "sizes.txt"), line + Environment.NewLine);
    }

    /// <summary>Full validation: structure, every field, check digits, file rules.</summary>
    [Benchmark]
    public async Task<long> ReadAndValidate()
    {
        var result = await RecordFileValidator.ValidateFileAsync(_path);
        // Above 20,000 MVDS the file breaks the eXTra limit: exactly that one finding is expected.
        if (result.ErrorCount != (Records > 20_000 ? 1 : 0))
        {
            throw new InvalidOperationException("The generated file must be valid apart from the record limit.");
        }

        return result.RecordCount;
    }

    /// <summary>Streaming read with field validation, no file rules (the reader alone).</summary>
    [Benchmark]
    public async Task<long> ReadWithFieldChecks()
    {
        await using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await using var reader = new RecordReader(stream);
        long n = 0;
        while (await reader.ReadAsync())
        {
            n++;
        }

        return n;
    }

    /// <summary>Writes as many records as the file has (from 20,000 prepared models) to a null stream.</summary>
    [Benchmark]
    public async Task<long> Write()
    {
        await using var writer = new RecordWriter(Stream.Null);
        for (int round = 0; round < Records / 20_000; round++)
        {
            foreach (var record in _records)
            {
                await writer.WriteAsync(record);
            }
        }

        await writer.FlushAsync();
        return writer.BytesWritten;
    }
}
