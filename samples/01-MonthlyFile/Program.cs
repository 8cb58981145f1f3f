// Sample 01: produce an ELENA monthly file and validate it.
//
//   dotnet run --project samples/01-MonthlyFile [-- <number of employees> <output file>]
//
// 1. Generates a monthly file (VOSZ, DSKO v02, one MVDS per employee, NCSZ) with synthetic employees.
// 2. Reads it back record by record with the streaming reader and prints a summary.
// 3. Validates it (fields, check digits, framing, counts, the eXTra limit) and prints every finding.
using Elena.Sdk.Records.Models;
using Elena.Sdk.Records.Reading;
using Elena.Sdk.Records.Validation;
using Elena.Sdk.Testing.Data;

int employees = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 250;
string path = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "elena-monthly.txt");

await using (var file = File.Create(path))
{
    long written = await SyntheticFileGenerator.WriteAsync(file, new SyntheticFileOptions { EarningsRecords = employees, Seed = 2011 });
    Console.WriteLine($"Wrote {written} records to {path} ({file.Length:N0} bytes).");
}

long gross = 0;
int blocks = 0;
await using (var file = File.OpenRead(path))
{
    await foreach (var record in RecordReader.ReadAllAsync(file))
    {
        switch (record)
        {
            case FileHeader header:
                Console.WriteLine($"File {header.FileNumber} from {header.Sender} to {header.Receiver}, created {header.CreatedOn}.");
                break;
            case CommunicationRecord dsko:
                Console.WriteLine($"Replies by {dsko.ReplyChannel}, confirmation wanted: {dsko.ConfirmationWanted}.");
                break;
            case EarningsRecord mvds:
                gross += mvds.EarningsBasics?.TotalGross ?? 0;
                blocks += mvds.Blocks.Count();
                break;
            case FileTrailer trailer:
                Console.WriteLine($"Trailer counts {trailer.RecordCount} records; {employees} MVDS with {blocks} data blocks, total gross {gross / 100m:N2} EUR.");
                break;
        }
    }
}

var result = await RecordFileValidator.ValidateFileAsync(path);
foreach (var finding in result.Findings)
{
    Console.WriteLine(finding);
}

Console.WriteLine(result.IsValid ? $"Valid: {result.RecordCount} records, no errors." : $"Invalid: {result.ErrorCount} errors.");
return result.IsValid ? 0 : 1;
