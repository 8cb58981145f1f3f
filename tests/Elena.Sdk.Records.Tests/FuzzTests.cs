using System.Reflection;
using System.Text;
using CsCheck;
using Elena.Sdk.Records.Reading;
using Elena.Sdk.Records.Tests.Support;
using Elena.Sdk.Records.Validation;

namespace Elena.Sdk.Records.Tests;

/// <summary>
/// Random mutations of valid files only ever produce documented findings or <see cref="RecordFormatException"/>;
/// every record that still decodes writes back to exactly its bytes.
/// </summary>
public class FuzzTests
{
    private static readonly byte[] ValidMvds = TestFiles.ValidEarningsFile(records: 4, seed: 13);
    private static readonly byte[] ValidDsvv = TestFiles.ValidNumberRequestFile(records: 2, seed: 13);

    private static readonly HashSet<string> DocumentedCodes = typeof(RecordErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (string)f.GetValue(null)!)
        .ToHashSet();

    private static readonly Gen<(int Kind, int Position, byte Value, int Length)> Mutation =
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, int.MaxValue], Gen.Byte, Gen.Int[1, 300]);

    private static byte[] Apply(byte[] file, (int Kind, int Position, byte Value, int Length)[] mutations)
    {
        var bytes = file.ToList();
        foreach (var (kind, position, value, length) in mutations)
        {
            if (bytes.Count == 0)
            {
                break;
            }

            int at = position % bytes.Count;
            switch (kind)
            {
                case 0: bytes[at] = value; break;                                              // overwrite one byte
                case 1: bytes[at] = (byte)"0123456789 JN+-ABCDEFGHIJKLMNOPQRSTUVWXYZ"[value % 41]; break; // plausible character
                case 2: bytes.RemoveRange(at, Math.Min(length, bytes.Count - at)); break;       // delete a run
                case 3: bytes.InsertRange(at, Enumerable.Repeat(value, length % 40)); break;     // insert a run
                case 4: bytes.Insert(at, (byte)'\n'); break;                                    // split a line
                case 5: bytes.RemoveRange(at, bytes.Count - at); break;                         // truncate the file
                default: bytes.InsertRange(at, file.Skip(position % file.Length).Take(length)); break; // duplicate a piece
            }
        }

        return [.. bytes];
    }

    [Fact]
    public void Validate_MutatedFiles_OnlyDocumentedFindingsWithSaneLocations()
    {
        Gen.Select(Gen.Bool, Mutation.Array[1, 4]).Sample(t =>
        {
            var (dsvv, mutations) = t;
            byte[] file = Apply(dsvv ? ValidDsvv : ValidMvds, mutations);

            var result = RecordFileValidator.ValidateAsync(new MemoryStream(file)).GetAwaiter().GetResult();

            foreach (var finding in result.Findings)
            {
                Assert.Contains(finding.Code, DocumentedCodes);
                Assert.InRange(finding.Location.RecordNumber, 0, result.RecordCount);
                Assert.InRange(finding.Location.ByteOffset, 0, file.Length);
                Assert.True(finding.Location.Column >= 1 || finding.Location.RecordNumber == 0 || finding.Code is RecordErrorCodes.TrailerMissing or RecordErrorCodes.NoPayloadRecords or RecordErrorCodes.CommunicationRecordMisplaced);
            }

            Assert.Equal(result.ErrorCount == 0, result.IsValid);
        }, iter: 400, threads: 1);
    }

    [Fact]
    public void Read_MutatedFiles_ThrowOnlyRecordFormatExceptionAndRoundTripWhatDecodes()
    {
        Mutation.Array[1, 4].Sample(mutations =>
        {
            byte[] file = Apply(ValidMvds, mutations);
            var reader = new RecordReader(new MemoryStream(file), new RecordReaderOptions { ValidateFields = true });
            int guard = 0;
            while (guard++ < 10_000)
            {
                bool read;
                try
                {
                    read = reader.ReadAsync().AsTask().GetAwaiter().GetResult();
                }
                catch (RecordFormatException ex)
                {
                    Assert.Contains(ex.Code, DocumentedCodes);
                    continue;
                }

                if (!read)
                {
                    break;
                }

                var current = reader.Current;
                if (current.IsDecoded)
                {
                    byte[] expected = current.Bytes.ToArray();
                    Assert.Equal(expected, current.ToModel().ToBytes());
                }
            }

            Assert.True(guard < 10_000, "the reader must reach the end");
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }, iter: 400, threads: 1);
    }

    [Fact]
    public void Validate_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 3000].Sample(bytes =>
        {
            var result = RecordFileValidator.ValidateAsync(new MemoryStream(bytes)).GetAwaiter().GetResult();
            Assert.False(result.IsValid && bytes.Length == 0);
            Assert.All(result.Findings, f => Assert.Contains(f.Code, DocumentedCodes));
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void Parse_AnyLineOfAValidFile_RoundTrips()
    {
        foreach (var line in TestFiles.Lines(ValidMvds).Concat(TestFiles.Lines(ValidDsvv)))
        {
            byte[] bytes = Encoding.Latin1.GetBytes(line);
            Assert.Equal(bytes, Elena.Sdk.Records.Models.RecordModel.Parse(bytes).ToBytes());
        }
    }
}
