using Elena.Sdk.Records;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Records.Reading;

namespace Elena.Sdk.Transport.Replies;

/// <summary>One record of a reply file with the DBFE blocks the office attached.</summary>
/// <param name="Number">Position in the reply file (the office VOSZ is 1).</param>
/// <param name="RecordType">Record type (VOSZ, DSKO, MVDS, DSVV, NCSZ, …).</param>
/// <param name="Record">The record as the office returned it.</param>
/// <param name="Errors">Its DBFE blocks (errors and notices), in order.</param>
public sealed record ReplyRecord(long Number, string RecordType, RecordModel Record, IReadOnlyList<ErrorBlock> Errors);

/// <summary>A number the office assigned or returned for a DSVV (from the reply's DSVV and its DBVR).</summary>
/// <param name="Number">Position of the DSVV in the reply file.</param>
/// <param name="InsuranceNumber">The assigned or current VSNR/VFNR.</param>
/// <param name="PersonnelReference">The employer's personnel reference (AZVU) from the DSVV, to find the employee.</param>
public sealed record AssignedNumber(long Number, string InsuranceNumber, string PersonnelReference);

/// <summary>
/// A reply file of the acceptance office, parsed (seed 004): office VOSZ; for record replies the employer's VOSZ,
/// DSKO, the answered records and NCSZ, each with its DBFE blocks; office NCSZ.
/// </summary>
public sealed class ReplyFile
{
    private ReplyFile(IReadOnlyList<ReplyRecord> records)
    {
        Records = records;
        var office = records.Count > 0 ? records[0].Record as FileHeader : null;
        OfficeNumber = office?.Sender ?? string.Empty;
        EmployerNumber = office?.Receiver ?? string.Empty;
        var employerHeader = records.Skip(1).Select(r => r.Record).OfType<FileHeader>().FirstOrDefault();
        AnsweredFileNumber = employerHeader?.GetRaw("DTNR");
        Numbers = [.. records
            .Where(r => r.Record is ElenaRecord { InsuranceNumber.Length: > 0 } e && r.RecordType == "DSVV" && (e.NumberReturn is not null || !r.Errors.Any(IsError)))
            .Select(r => new AssignedNumber(r.Number, ((ElenaRecord)r.Record).InsuranceNumber, ((ElenaRecord)r.Record).PersonnelReference))];
    }

    /// <summary>Every record of the file, the office VOSZ and NCSZ included.</summary>
    public IReadOnlyList<ReplyRecord> Records { get; }

    /// <summary>Betriebsnummer of the acceptance office (office VOSZ sender).</summary>
    public string OfficeNumber { get; }

    /// <summary>Betriebsnummer of the employer the reply is for (office VOSZ receiver).</summary>
    public string EmployerNumber { get; }

    /// <summary>The employer's file number (DTNR of the employer's VOSZ) the reply answers, when the reply repeats that VOSZ.</summary>
    public string? AnsweredFileNumber { get; }

    /// <summary>The employer's records the reply is about (neither the office's nor the employer's VOSZ/DSKO/NCSZ).</summary>
    public IEnumerable<ReplyRecord> AnsweredRecords => Records.Where(r => r.RecordType is not ("VOSZ" or "DSKO" or "NCSZ"));

    /// <summary>Every record that carries at least one DBFE block.</summary>
    public IEnumerable<ReplyRecord> RecordsWithErrors => Records.Where(r => r.Errors.Count > 0);

    /// <summary>Numbers assigned or returned for DSVV records.</summary>
    public IReadOnlyList<AssignedNumber> Numbers { get; }

    /// <summary>Parses a reply file (plain, already opened).</summary>
    /// <param name="content">The file.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The parsed file.</returns>
    /// <exception cref="RecordFormatException">The file is not a readable record file (the message names the record and field, never a value).</exception>
    public static async Task<ReplyFile> ParseAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var records = new List<ReplyRecord>();
        await using var reader = new RecordReader(content, new RecordReaderOptions { ValidateFields = false });
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var model = reader.Current.ToModel();
            records.Add(new ReplyRecord(reader.Current.Number, model.RecordType, model, [.. model.Errors]));
        }

        return new ReplyFile(records);
    }

    /// <summary>Parses a reply file held in memory.</summary>
    /// <param name="content">The file.</param>
    /// <returns>The parsed file.</returns>
    public static ReplyFile Parse(ReadOnlyMemory<byte> content)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        return ParseAsync(stream).GetAwaiter().GetResult();
    }

    /// <summary>True when a DBFE block is an error rather than a notice (notice codes carry <c>H</c> after the record type, e.g. <c>NCSZH10</c>).</summary>
    /// <param name="block">The block.</param>
    /// <returns>True for an error.</returns>
    public static bool IsError(ErrorBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        string code = block.Code;
        return !(code.Length > 4 && code[4] is 'H' or 'h');
    }
}
