using Elena.Sdk.Records.Models;
using Elena.Sdk.Records.Writing;

namespace Elena.Sdk.Testing.Replies;

/// <summary>A record of the employer's file with the error or notice blocks (DBFE) the office attaches.</summary>
/// <param name="Record">The record as the employer sent it.</param>
/// <param name="Errors">The DBFE blocks; empty for none.</param>
/// <param name="IsNotice">True when the blocks are notices (FEKZ 3), false for errors (FEKZ 1).</param>
public sealed record AnnotatedRecord(RecordModel Record, IReadOnlyList<ErrorBlock> Errors, bool IsNotice = false);

/// <summary>
/// Builds reply files with the layouts of seed 004 / procedure.md §6: an office VOSZ and NCSZ around the
/// employer's records, each faulty record followed by its DBFE blocks. ISO-8859-1, CR LF.
/// </summary>
public sealed class ReplyFileBuilder
{
    /// <summary>Error number of the error-free processing confirmation, attached to the employer's NCSZ (seed 004 §3.4).</summary>
    public const string ConfirmationCode = "NCSZH10";

    /// <summary>The office's procedure code (VFMM) in reply files: sender ZS (central storage office), procedure ENA (docs/decisions.md R24).</summary>
    public const string OfficeProcedureCode = "ZSENA";

    private readonly string _office;
    private readonly TimeProvider _time;

    /// <summary>Creates a builder.</summary>
    /// <param name="officeNumber">The office's Betriebsnummer (the ZSS's).</param>
    /// <param name="timeProvider">The clock for creation dates.</param>
    public ReplyFileBuilder(string officeNumber, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(officeNumber);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _office = officeNumber;
        _time = timeProvider;
    }

    /// <summary>File rejection: office VOSZ; employer VOSZ + DBFE; DSKO + DBFE; employer NCSZ + DBFE; office NCSZ.</summary>
    /// <param name="header">The employer's VOSZ with its errors (at most one DBFE fits a VOSZ; further ones go to the NCSZ).</param>
    /// <param name="communication">The employer's DSKO with its errors, if the file had one.</param>
    /// <param name="trailer">The employer's NCSZ with its errors, if the file had one.</param>
    /// <param name="officeFileNumber">The office's own file sequence number towards this employer.</param>
    /// <returns>The reply file.</returns>
    public byte[] FileRejection(AnnotatedRecord header, AnnotatedRecord? communication, AnnotatedRecord? trailer, int officeFileNumber)
    {
        ArgumentNullException.ThrowIfNull(header);
        var employerHeader = (FileHeader)header.Record;
        var overflow = header.Errors.Skip(1).ToList();
        var records = new List<RecordModel> { Annotate(header with { Errors = header.Errors.Take(1).ToList() }) };
        if (communication is not null)
        {
            records.Add(Annotate(communication));
        }

        var trailerRecord = trailer is not null
            ? Annotate(trailer with { Errors = [.. trailer.Errors, .. overflow] })
            : overflow.Count > 0 ? Annotate(new AnnotatedRecord(EmptyTrailer(employerHeader), overflow)) : null;
        if (trailerRecord is not null)
        {
            records.Add(trailerRecord);
        }

        return Wrap(employerHeader.Sender, records, officeFileNumber);
    }

    /// <summary>Record rejection or notices: office VOSZ; employer VOSZ; DSKO + DBFE; each faulty record + DBFE; employer NCSZ; office NCSZ.</summary>
    /// <param name="header">The employer's VOSZ.</param>
    /// <param name="communication">The employer's DSKO, with errors if any.</param>
    /// <param name="records">The faulty records with their blocks.</param>
    /// <param name="trailer">The employer's NCSZ.</param>
    /// <param name="officeFileNumber">The office's own file sequence number.</param>
    /// <returns>The reply file.</returns>
    public byte[] RecordReply(FileHeader header, AnnotatedRecord communication, IEnumerable<AnnotatedRecord> records, FileTrailer trailer, int officeFileNumber)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(communication);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(trailer);
        var list = new List<RecordModel> { Copy(header), Annotate(communication) };
        list.AddRange(records.Select(Annotate));
        list.Add(Copy(trailer));
        return Wrap(header.Sender, list, officeFileNumber);
    }

    /// <summary>Error-free processing confirmation: office VOSZ; employer VOSZ; DSKO; employer NCSZ + DBFE <c>NCSZH10</c>; office NCSZ.</summary>
    /// <param name="header">The employer's VOSZ.</param>
    /// <param name="communication">The employer's DSKO.</param>
    /// <param name="trailer">The employer's NCSZ.</param>
    /// <param name="officeFileNumber">The office's own file sequence number.</param>
    /// <returns>The reply file.</returns>
    public byte[] ProcessingConfirmation(FileHeader header, CommunicationRecord communication, FileTrailer trailer, int officeFileNumber)
    {
        ArgumentNullException.ThrowIfNull(header);
        var confirmed = new AnnotatedRecord(trailer, [new ErrorBlock(ConfirmationCode, "Datei fehlerfrei verarbeitet")], IsNotice: true);
        return Wrap(header.Sender, [Copy(header), Copy(communication), Annotate(confirmed)], officeFileNumber);
    }

    /// <summary>Number assignment: office VOSZ; the answered DSVV records; office NCSZ.</summary>
    /// <param name="employerNumber">The employer's Betriebsnummer.</param>
    /// <param name="answers">The DSVV records with the number filled in and their DBVR (and DBFE where needed).</param>
    /// <param name="officeFileNumber">The office's own file sequence number.</param>
    /// <returns>The reply file.</returns>
    public byte[] NumberAssignment(string employerNumber, IEnumerable<AnnotatedRecord> answers, int officeFileNumber)
    {
        ArgumentNullException.ThrowIfNull(answers);
        return Wrap(employerNumber, answers.Select(Annotate).ToList(), officeFileNumber);
    }

    private byte[] Wrap(string employerNumber, List<RecordModel> inner, int officeFileNumber)
    {
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        var officeHeader = new FileHeader
        {
            ProcedureCode = OfficeProcedureCode,
            Sender = _office,
            Receiver = employerNumber,
            CreatedOn = today,
            FileNumber = officeFileNumber,
            SenderName = "Zentrale Speicherstelle (ZSS)",
        };
        var officeTrailer = new FileTrailer
        {
            ProcedureCode = OfficeProcedureCode,
            Sender = _office,
            Receiver = employerNumber,
            CreatedOn = today,
            FileNumber = officeFileNumber,
            RecordCount = inner.Count,
        };
        using var output = new MemoryStream();
        var writer = new RecordWriter(output);
        writer.Write(officeHeader);
        foreach (var record in inner)
        {
            writer.Write(record);
        }

        writer.Write(officeTrailer);

        // In memory: the flush completes synchronously.
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return output.ToArray();
    }

    private static RecordModel Copy(RecordModel record) => RecordModel.Parse(record.ToBytes());

    /// <summary>A copy of the record with the blocks appended and, for DS… records, FEKZ/FEAN set.</summary>
    private static RecordModel Annotate(AnnotatedRecord annotated)
    {
        var copy = Copy(annotated.Record);
        foreach (var error in annotated.Errors)
        {
            copy.Errors.Add(error);
        }

        if (copy.Layout.FindField("FEKZ") is not null)
        {
            if (copy.Errors.Count > 9)
            {
                // FEAN has one digit: keep eight blocks and the ninth says the check was aborted.
                var kept = copy.Errors.Take(8).ToList();
                copy.Errors.Clear();
                foreach (var e in kept)
                {
                    copy.Errors.Add(e);
                }

                copy.Errors.Add(new ErrorBlock(copy.RecordType + "920", "Pruefung abgebrochen, mehr als 8 Fehler"));
            }

            copy["FEKZ"] = copy.Errors.Count == 0 ? "0" : annotated.IsNotice ? "3" : "1";
        }

        return copy;
    }

    private static FileTrailer EmptyTrailer(FileHeader header) => new()
    {
        ProcedureCode = header.ProcedureCode,
        Sender = header.Sender,
        Receiver = header.Receiver,
        CreatedOn = header.CreatedOn,
        FileNumber = header.FileNumber,
        RecordCount = 0,
    };
}
