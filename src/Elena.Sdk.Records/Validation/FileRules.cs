using Elena.Sdk.Records.Layouts;
using Elena.Sdk.Records.Reading;

namespace Elena.Sdk.Records.Validation;

/// <summary>
/// The file-level rules, checked record by record with constant memory: VOSZ first, DSKO second and only once,
/// payload records, NCSZ last; DTNR and parties equal in VOSZ and NCSZ; ZLSZ; MVDS and DSVV not mixed; limits.
/// </summary>
internal sealed class FileRules
{
    private static readonly byte[] Vosz = "VOSZ"u8.ToArray();
    private static readonly byte[] Ncsz = "NCSZ"u8.ToArray();
    private static readonly byte[] Dsko = "DSKO"u8.ToArray();
    private static readonly byte[] Mvds = "MVDS"u8.ToArray();
    private static readonly byte[] Dsvv = "DSVV"u8.ToArray();
    private static readonly byte[] Dsme = "DSME"u8.ToArray();
    private static readonly byte[] ElenaVfmm = "AGENA"u8.ToArray();

    // VOSZ/NCSZ share positions 5–53 (VFMM, ABSN, EPNR, ED, DTNR).
    private static readonly FieldDefinition Vfmm = RecordLayouts.FileHeader.FixedPart.FindField("VFMM")!;
    private static readonly FieldDefinition Absn = RecordLayouts.FileHeader.FixedPart.FindField("ABSN")!;
    private static readonly FieldDefinition Epnr = RecordLayouts.FileHeader.FixedPart.FindField("EPNR")!;
    private static readonly FieldDefinition Dtnr = RecordLayouts.FileHeader.FixedPart.FindField("DTNR")!;
    private static readonly FieldDefinition Zlsz = RecordLayouts.FileTrailer.FixedPart.FindField("ZLSZ")!;

    private readonly FileValidationOptions _options;
    private readonly ErrorSink _sink;
    private readonly byte[] _header = new byte[105];
    private bool _hasHeader;
    private bool _trailerSeen;
    private long _records;
    private long _trailerNumber;
    private long _earnings;
    private long _numberRequests;
    private long _notifications;
    private bool _mixReported;
    private bool _limitReported;
    private bool _dskoSeen;
    private bool _elenaDskoChecked;
    private long _lastByteOffset;
    private long _headerOffset;

    public FileRules(FileValidationOptions options, ErrorSink sink)
    {
        _options = options;
        _sink = sink;
    }

    public void Observe(RecordView record)
    {
        _records++;
        _lastByteOffset = record.ByteOffset;
        _sink.RecordNumber = record.Number;
        _sink.LineByteOffset = record.ByteOffset;
        _sink.RecordType = record.RecordType;
        var line = record.Bytes;
        var type = line.Length >= 4 ? line[..4] : line;

        if (_trailerSeen)
        {
            _sink.Add(line, RecordErrorCodes.RecordOutOfPlace, "A record follows the file trailer (NCSZ); the trailer must be the last record.", null, null, 0, line.Length);
            return;
        }

        if (record.Number == 1)
        {
            if (type.SequenceEqual(Vosz) && line.Length >= _header.Length)
            {
                line[.._header.Length].CopyTo(_header);
                _hasHeader = true;
                _headerOffset = record.ByteOffset;
                CheckFileNumberNotZero(line);
            }
            else
            {
                _sink.Add(line, RecordErrorCodes.HeaderMissing, "The first record must be the file header (VOSZ).", null, "KE", 0, Math.Min(4, line.Length));
            }

            return;
        }

        if (type.SequenceEqual(Vosz))
        {
            _sink.Add(line, RecordErrorCodes.RecordOutOfPlace, "A file header (VOSZ) may only be the first record.", null, "KE", 0, 4);
            return;
        }

        if (record.Number == 2 && !type.SequenceEqual(Dsko))
        {
            _sink.Add(line, RecordErrorCodes.CommunicationRecordMisplaced, "The communication record (DSKO) must follow the file header directly.", null, "KE", 0, Math.Min(4, line.Length));
            _dskoSeen = true; // report the absence once
        }

        if (type.SequenceEqual(Dsko))
        {
            if (record.Number != 2)
            {
                _sink.Add(line, RecordErrorCodes.CommunicationRecordMisplaced, "There must be exactly one communication record (DSKO), directly after the file header.", null, "KE", 0, 4);
            }

            _dskoSeen = true;
            CheckCreator(record, line);
            return;
        }

        if (type.SequenceEqual(Ncsz))
        {
            _trailerSeen = true;
            _trailerNumber = record.Number;
            CheckTrailer(line);
            return;
        }

        bool isEarnings = type.SequenceEqual(Mvds);
        bool isRequest = type.SequenceEqual(Dsvv);
        if (isEarnings)
        {
            _earnings++;
        }
        else if (isRequest)
        {
            _numberRequests++;
        }
        else if (type.SequenceEqual(Dsme))
        {
            _notifications++;
        }

        if (!_mixReported && _earnings > 0 && _numberRequests > 0)
        {
            _mixReported = true;
            _sink.Add(line, RecordErrorCodes.MixedRecordTypes, "MVDS and DSVV must not be sent in the same file.", null, "KE", 0, 4);
        }

        if ((isEarnings || isRequest) && !_limitReported && _earnings + _numberRequests > _options.RecordLimit)
        {
            _limitReported = true;
            _sink.Add(line, RecordErrorCodes.TooManyRecords,
                $"A file sent by {(_options.Channel == TransferChannel.Mail ? "e-mail" : "eXTra")} holds at most {_options.RecordLimit} MVDS or DSVV; this is number {_earnings + _numberRequests}.",
                null, "KE", 0, 4);
        }

        if ((isEarnings || isRequest) && _hasHeader && !_elenaDskoChecked)
        {
            _elenaDskoChecked = true;
            if (!_header.AsSpan(Vfmm.Offset, Vfmm.Length).SequenceEqual(ElenaVfmm))
            {
                _sink.RecordNumber = 1;
                _sink.LineByteOffset = _headerOffset;
                _sink.RecordType = "VOSZ";
                _sink.Add(_header, RecordErrorCodes.ValueNotAllowed, $"An ELENA file (MVDS or DSVV) needs the procedure code {FileValidationOptions.ElenaProcedureCode} in the file header.", null, "VFMM", Vfmm.Offset, Vfmm.Length);
                _sink.RecordNumber = record.Number;
                _sink.LineByteOffset = record.ByteOffset;
                _sink.RecordType = record.RecordType;
            }
        }
    }

    private void CheckFileNumberNotZero(ReadOnlySpan<byte> line)
    {
        if (line.Slice(Dtnr.Offset, Dtnr.Length).IndexOfAnyExcept((byte)'0') < 0)
        {
            _sink.Add(line, RecordErrorCodes.FileNumberMismatch, "The file sequence number (DTNR) runs from 000001 to 999999.", null, "DTNR", Dtnr.Offset, Dtnr.Length);
        }
    }

    private void CheckCreator(RecordView record, ReadOnlySpan<byte> line)
    {
        if (!_hasHeader || !record.IsDecoded)
        {
            return;
        }

        var layout = record.Layout!;
        var creator = layout.FixedPart.FindField("BBNRER") ?? layout.FixedPart.FindField("ABSNER");
        if (creator is not null && !line.Slice(creator.Offset, creator.Length).SequenceEqual(_header.AsSpan(Absn.Offset, Absn.Length)))
        {
            _sink.Add(line, RecordErrorCodes.CreatorMismatch, "The file creator in the DSKO must equal the sender (ABSN) in the file header.", null, creator.Name, creator.Offset, creator.Length);
        }

        if (layout.Version != "02" && layout.RecordType == "DSKO" && _header.AsSpan(Vfmm.Offset, Vfmm.Length).SequenceEqual(ElenaVfmm))
        {
            _sink.Add(line, RecordErrorCodes.LiteralMismatch, "ELENA files use DSKO version 02 (with VERBEST and FERUECK); this DSKO has no reply settings.", null, "VERNR", 39, 2, RecordErrorSeverity.Warning);
        }
    }

    private void CheckTrailer(ReadOnlySpan<byte> line)
    {
        if (line.Length < RecordLayouts.FileTrailer.FixedPart.Length || !_hasHeader)
        {
            return;
        }

        foreach (var field in new[] { Vfmm, Absn, Epnr })
        {
            if (!line.Slice(field.Offset, field.Length).SequenceEqual(_header.AsSpan(field.Offset, field.Length)))
            {
                _sink.Add(line, RecordErrorCodes.HeaderTrailerMismatch, $"{field.Name} in the file trailer must equal the file header.", null, field.Name, field.Offset, field.Length);
            }
        }

        if (!line.Slice(Dtnr.Offset, Dtnr.Length).SequenceEqual(_header.AsSpan(Dtnr.Offset, Dtnr.Length)))
        {
            _sink.Add(line, RecordErrorCodes.FileNumberMismatch, "The file sequence number (DTNR) in the trailer must equal the header's.", null, "DTNR", Dtnr.Offset, Dtnr.Length);
        }

        long between = _records - 2;
        var zlsz = line.Slice(Zlsz.Offset, Zlsz.Length);
        if (!RecordDecoder.TryParseDigits(zlsz, out int declared) || declared != between)
        {
            _sink.Add(line, RecordErrorCodes.RecordCountMismatch, $"ZLSZ must be the number of records between header and trailer ({between}).", null, "ZLSZ", Zlsz.Offset, Zlsz.Length);
        }
    }

    public void Finish()
    {
        if (_records == 0)
        {
            _sink.RecordNumber = 0;
            _sink.LineByteOffset = 0;
            _sink.RecordType = "";
            _sink.Add([], RecordErrorCodes.FileEmpty, "The file holds no records.", null, null, 0, 0);
            return;
        }

        _sink.RecordNumber = _records;
        _sink.LineByteOffset = _lastByteOffset;
        _sink.RecordType = "";
        if (!_trailerSeen || _trailerNumber != _records)
        {
            _sink.Add([], RecordErrorCodes.TrailerMissing, "The file must end with a file trailer (NCSZ).", null, null, 0, 0);
        }

        if (_records >= 2 && !_dskoSeen)
        {
            _sink.Add([], RecordErrorCodes.CommunicationRecordMisplaced, "The file has no communication record (DSKO).", null, null, 0, 0);
        }

        if (_earnings + _numberRequests + _notifications == 0)
        {
            _sink.Add([], RecordErrorCodes.NoPayloadRecords, "The file holds no MVDS, DSVV or DSME between header and trailer.", null, null, 0, 0);
        }
    }
}
