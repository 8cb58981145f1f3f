using System.Text;
using Elena.Sdk.Records.Identifiers;
using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records;

/// <summary>
/// The stateless span-level decoder: identifies a record's layout, finds its data blocks, and checks every
/// field. Works on one record (one line without its line end) as ISO-8859-1 bytes; allocates only when it
/// reports a finding.
/// </summary>
public static class RecordDecoder
{
    private static readonly LayoutKey[] Keys = RecordLayouts.All.Select(l => new LayoutKey(l)).ToArray();

    private static readonly byte[] ErrorBlockId = "DBFE"u8.ToArray();

    /// <summary>Identifies the layout of a record from its identifier, version and procedure.</summary>
    /// <param name="record">The record bytes (ISO-8859-1).</param>
    /// <returns>The layout; an opaque layout for a DS… record of unknown version; <see langword="null"/> when unknown or too short to tell.</returns>
    public static RecordLayout? Identify(ReadOnlySpan<byte> record)
    {
        if (record.Length < 4)
        {
            return null;
        }

        var type = record[..4];
        int versionOffset;
        if (type.SequenceEqual("VOSZ"u8))
        {
            versionOffset = 103;
        }
        else if (type.SequenceEqual("NCSZ"u8))
        {
            versionOffset = 61;
        }
        else if (RecordLayouts.IsDsRecord(type))
        {
            versionOffset = 39;
        }
        else
        {
            return null;
        }

        if (record.Length < versionOffset + 2)
        {
            return null;
        }

        var version = record.Slice(versionOffset, 2);
        var procedure = versionOffset == 39 ? record.Slice(4, 5) : default;
        foreach (var key in Keys)
        {
            if (key.Matches(type, version, procedure))
            {
                return key.Layout;
            }
        }

        // A known record and version with another procedure: use the layout, so the VF check reports it.
        foreach (var key in Keys)
        {
            if (key.Matches(type, version, default, ignoreProcedure: true))
            {
                return key.Layout;
            }
        }

        return versionOffset == 39
            ? RecordLayouts.Opaque(Encoding.Latin1.GetString(type), Encoding.Latin1.GetString(version))
            : null;
    }

    /// <summary>
    /// Decodes the structure of a record: its layout and the position of every data block. Reports the first
    /// structural problem and returns false when the record cannot be split into its parts.
    /// </summary>
    /// <param name="record">One record without line end, ISO-8859-1.</param>
    /// <param name="structure">Receives the structure; reset first.</param>
    /// <param name="errors">Receives findings.</param>
    /// <param name="position">Where the record is in its file, for locations.</param>
    /// <returns>True when the structure is complete.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> record, RecordStructure structure, IList<RecordError> errors, RecordPosition position = default)
    {
        ArgumentNullException.ThrowIfNull(structure);
        ArgumentNullException.ThrowIfNull(errors);
        var list = errors as List<RecordError> ?? [];
        var sink = ErrorSink.Shared(list, position, "");
        bool ok = TryDecodeCore(record, structure, sink);
        CopyBack(list, errors);
        return ok;
    }

    /// <summary>Checks every field of a decoded record and the rules between fields and blocks.</summary>
    /// <param name="record">The record bytes.</param>
    /// <param name="structure">The structure from <see cref="TryDecode(ReadOnlySpan{byte}, RecordStructure, IList{RecordError}, RecordPosition)"/>.</param>
    /// <param name="errors">Receives findings.</param>
    /// <param name="position">Where the record is in its file.</param>
    public static void Validate(ReadOnlySpan<byte> record, RecordStructure structure, IList<RecordError> errors, RecordPosition position = default)
    {
        ArgumentNullException.ThrowIfNull(structure);
        ArgumentNullException.ThrowIfNull(errors);
        var list = errors as List<RecordError> ?? [];
        var sink = ErrorSink.Shared(list, position, structure.Layout?.RecordType ?? "");
        CheckCharacters(record, structure, sink);
        ValidateCore(record, structure, sink);
        CopyBack(list, errors);
    }

    private static void CopyBack(List<RecordError> list, IList<RecordError> errors)
    {
        if (!ReferenceEquals(list, errors))
        {
            foreach (var e in list)
            {
                errors.Add(e);
            }
        }
    }

    internal static bool TryDecodeCore(ReadOnlySpan<byte> line, RecordStructure structure, ErrorSink sink)
    {
        structure.Reset();
        sink.RecordType = line.Length >= 4 ? RecordTypeName(line[..4]) : "";
        var layout = Identify(line);
        if (layout is null)
        {
            if (line.Length >= 4 && (line[..4].SequenceEqual("VOSZ"u8) || line[..4].SequenceEqual("NCSZ"u8) || RecordLayouts.IsDsRecord(line[..4])))
            {
                int nominal = line[..4].SequenceEqual("VOSZ"u8) ? 105 : line[..4].SequenceEqual("NCSZ"u8) ? 63 : 41;
                if (line.Length < nominal)
                {
                    sink.Add(line, RecordErrorCodes.RecordTooShort, $"The record is {line.Length} characters long; a {sink.RecordType} needs at least {nominal}.", null, null, 0, line.Length);
                }
                else
                {
                    sink.Add(line, RecordErrorCodes.UnsupportedVersion, "The record version has no layout in the SDK.", null, "VERNR", nominal - 2, 2);
                }
            }
            else if (line.Length < 4)
            {
                sink.Add(line, RecordErrorCodes.RecordTooShort, "The record is shorter than its 4-character identifier.", null, null, 0, line.Length);
            }
            else
            {
                sink.Add(line, RecordErrorCodes.UnknownRecordType, "The record identifier is not VOSZ, DSKO, MVDS, DSVV, DSME or NCSZ.", null, "KE", 0, 4);
            }

            return false;
        }

        structure.Layout = layout;
        sink.RecordType = layout.RecordType;
        if (layout.IsOpaque)
        {
            if (line.Length < layout.FixedPart.Length)
            {
                sink.Add(line, RecordErrorCodes.RecordTooShort, $"The record is {line.Length} characters long; its header needs {layout.FixedPart.Length}.", null, null, 0, line.Length);
                return false;
            }

            sink.Add(line, RecordErrorCodes.UnsupportedVersion,
                $"{layout.RecordType} version {layout.Version} has no layout in the SDK; the record is kept verbatim and only its header is read.",
                null, "VERNR", 39, 2, RecordErrorSeverity.Warning);
            return true;
        }

        int fixedLength = layout.FixedPart.Length;
        if (line.Length < fixedLength)
        {
            sink.Add(line, RecordErrorCodes.RecordTooShort,
                $"The record is {line.Length} characters long; the fixed part of {layout.RecordType} v{layout.Version} is {fixedLength}.", null, null, 0, line.Length);
            return false;
        }

        int pos = fixedLength;
        var slots = layout.Blocks;
        for (int i = 0; i < slots.Length; i++)
        {
            var slot = slots[i];
            var blockLayout = slot.Layout;
            var id = blockLayout.Identifier;
            bool idHere = line.Length - pos >= 4 && MatchesId(line.Slice(pos, 4), id);
            if (slot.Presence == BlockPresence.Flag)
            {
                if (line[slot.FlagOffset] != (byte)'J')
                {
                    continue;
                }

                if (!idHere)
                {
                    sink.Add(line, RecordErrorCodes.BlockMissing,
                        $"{slot.FlagField} says block {id} is present, but it is not at this position.", id, null, pos, blockLayout.Length);
                    return false;
                }
            }
            else if (!idHere)
            {
                continue;
            }

            if (!TryMeasure(line, pos, blockLayout, sink, out int length, out int items))
            {
                return false;
            }

            structure.Add(new DataBlockInfo(blockLayout, pos, length, items, false));
            pos += length;
        }

        var errorLayout = BlockLayouts.Error;
        switch (layout.ErrorBlocks)
        {
            case ErrorBlockRule.CountField:
                {
                    byte fean = line[layout.FeanOffset];
                    int expected = fean is >= (byte)'0' and <= (byte)'9' ? fean - '0' : 0;
                    for (int k = 0; k < expected; k++)
                    {
                        if (line.Length - pos < errorLayout.Length || !line.Slice(pos, 4).SequenceEqual(ErrorBlockId))
                        {
                            sink.Add(line, RecordErrorCodes.ErrorBlockCountMismatch,
                                $"FEAN announces {expected} error blocks (DBFE) but only {k} follow.", "DBFE", null, pos, errorLayout.Length);
                            return false;
                        }

                        structure.Add(new DataBlockInfo(errorLayout, pos, errorLayout.Length, 0, true));
                        pos += errorLayout.Length;
                    }

                    if (line.Length - pos >= 4 && line.Slice(pos, 4).SequenceEqual(ErrorBlockId))
                    {
                        sink.Add(line, RecordErrorCodes.ErrorBlockCountMismatch,
                            $"More error blocks (DBFE) follow than FEAN announces ({expected}).", "DBFE", null, pos, errorLayout.Length);
                        return false;
                    }

                    break;
                }

            case ErrorBlockRule.AtMostOne:
            case ErrorBlockRule.Any:
                while (line.Length - pos >= 4 && line.Slice(pos, 4).SequenceEqual(ErrorBlockId)
                       && (layout.ErrorBlocks == ErrorBlockRule.Any || structure.ErrorBlockCount == 0))
                {
                    if (line.Length - pos < errorLayout.Length)
                    {
                        sink.Add(line, RecordErrorCodes.RecordTooShort, "The error block (DBFE) is shorter than 76 characters.", "DBFE", null, pos, line.Length - pos);
                        return false;
                    }

                    structure.Add(new DataBlockInfo(errorLayout, pos, errorLayout.Length, 0, true));
                    pos += errorLayout.Length;
                }

                break;
        }

        if (pos < line.Length)
        {
            sink.Add(line, RecordErrorCodes.UnexpectedData,
                $"{line.Length - pos} characters follow where the record should end (check the presence flags and block lengths).", null, null, pos, line.Length - pos);
            return false;
        }

        return true;
    }

    private static readonly string[] KnownTypes = ["VOSZ", "NCSZ", "DSKO", "MVDS", "DSVV", "DSME"];

    /// <summary>The record type as a string for the known types; empty for anything else.</summary>
    private static string RecordTypeName(ReadOnlySpan<byte> type)
    {
        foreach (var known in KnownTypes)
        {
            if (MatchesId(type, known))
            {
                return known;
            }
        }

        // An unknown identifier may be personal data (a line broken inside a name): never echo it.
        return "";
    }

    private static bool MatchesId(ReadOnlySpan<byte> four, string id)
        => four[0] == id[0] && four[1] == id[1] && four[2] == id[2] && four[3] == id[3];

    private static bool TryMeasure(ReadOnlySpan<byte> line, int pos, SegmentLayout block, ErrorSink sink, out int length, out int items)
    {
        length = block.Length;
        items = 0;
        if (line.Length - pos < length)
        {
            sink.Add(line, RecordErrorCodes.RecordTooShort, $"Block {block.Identifier} needs {length} characters; the record ends before.", block.Identifier, null, pos, line.Length - pos);
            return false;
        }

        if (block.Group is { } group)
        {
            var countField = group.CountFieldDefinition;
            var digits = line.Slice(pos + countField.Offset, countField.Length);
            if (!TryParseDigits(digits, out items) || items > group.MaxCount)
            {
                sink.Add(line, RecordErrorCodes.InvalidGroupCount,
                    $"The count must be a number from 0 to {group.MaxCount}.", block.Identifier, countField.Name, pos + countField.Offset, countField.Length);
                return false;
            }

            length += items * group.Item.Length;
            if (line.Length - pos < length)
            {
                sink.Add(line, RecordErrorCodes.RecordTooShort,
                    $"Block {block.Identifier} announces {items} items ({length} characters); the record ends before.", block.Identifier, null, pos, line.Length - pos);
                return false;
            }
        }

        return true;
    }

    internal static bool TryParseDigits(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 9)
        {
            return false;
        }

        foreach (byte b in digits)
        {
            uint d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            value = (value * 10) + (int)d;
        }

        return true;
    }

    /// <summary>Reports the first control character (C0/C1) in a record, located at its field.</summary>
    internal static void CheckCharacters(ReadOnlySpan<byte> line, RecordStructure structure, ErrorSink sink)
    {
        int at = Latin1.IndexOfControl(line);
        if (at < 0)
        {
            return;
        }

        var (block, field, start, length) = LocateColumn(structure, at);
        sink.Add(line, RecordErrorCodes.CharacterNotAllowed,
            "A control character is not allowed; records hold printable ISO-8859-1 characters only.", block, field, start, length);
    }

    /// <summary>Finds the field that holds a 0-based column.</summary>
    internal static (string? Block, string? Field, int Offset, int Length) LocateColumn(RecordStructure structure, int column)
    {
        var layout = structure.Layout;
        if (layout is null)
        {
            return (null, null, column, 1);
        }

        if (column < layout.FixedPart.Length)
        {
            return FindIn(layout.FixedPart, 0, null, column);
        }

        foreach (var b in structure.Blocks)
        {
            if (column >= b.Offset && column < b.Offset + b.Length)
            {
                int rel = column - b.Offset;
                if (rel < b.Layout.Length || b.Layout.Group is null)
                {
                    return FindIn(b.Layout, b.Offset, b.Identifier, column);
                }

                int itemLength = b.Layout.Group.Item.Length;
                int itemStart = b.Offset + b.Layout.Length + ((rel - b.Layout.Length) / itemLength * itemLength);
                return FindIn(b.Layout.Group.Item, itemStart, b.Identifier, column);
            }
        }

        return (null, null, column, 1);
    }

    private static (string?, string?, int, int) FindIn(SegmentLayout segment, int segmentOffset, string? block, int column)
    {
        foreach (var f in segment.Fields)
        {
            int start = segmentOffset + f.Offset;
            if (column >= start && column < start + f.Length)
            {
                return (block, f.Name, start, f.Length);
            }
        }

        return (block, null, column, 1);
    }

    internal static void ValidateCore(ReadOnlySpan<byte> line, RecordStructure structure, ErrorSink sink)
    {
        var layout = structure.Layout;
        if (layout is null || layout.IsOpaque)
        {
            return;
        }

        ValidateSegment(line, layout.FixedPart, 0, null, sink);
        foreach (var block in structure.Blocks)
        {
            ValidateSegment(line, block.Layout, block.Offset, block.Layout.Identifier, sink);
            if (block.Layout.Group is { } group)
            {
                int itemOffset = block.Offset + block.Layout.Length;
                for (int k = 0; k < block.ItemCount; k++, itemOffset += group.Item.Length)
                {
                    ValidateSegment(line, group.Item, itemOffset, block.Layout.Identifier, sink);
                }
            }
        }

        if (layout.ErrorBlocks == ErrorBlockRule.CountField && layout.FeanOffset > 0)
        {
            byte fekz = line[layout.FeanOffset - 1];
            byte fean = line[layout.FeanOffset];
            if (fekz == (byte)'0' && fean is > (byte)'0' and <= (byte)'9')
            {
                sink.Add(line, RecordErrorCodes.ErrorFlagInconsistent, "FEKZ is 0 (error-free) but FEAN is not 0.", null, "FEAN", layout.FeanOffset, 1);
            }
        }

        if (ReferenceEquals(layout, RecordLayouts.Earnings))
        {
            CheckInsuranceNumberAgainstBirthData(line, structure, sink);
        }
    }

    internal static void ValidateSegment(ReadOnlySpan<byte> line, SegmentLayout layout, int segmentOffset, string? block, ErrorSink sink)
    {
        // Fast path: one cheap test per field that needs one; a field that fails gets the full check, which reports.
        foreach (ref readonly var c in layout.Checks.AsSpan())
        {
            var v = line.Slice(segmentOffset + c.Offset, c.Length);
            bool ok = c.Op switch
            {
                CheckOp.Digits => v.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0,
                CheckOp.SingleValue => c.Singles!.Contains(v[0]),
                CheckOp.NotBlank => v.IndexOfAnyExcept((byte)' ') >= 0,
                CheckOp.Flag => v[0] is (byte)'J' or (byte)'N',
                CheckOp.Sign => v[0] is (byte)'+' or (byte)'-' or (byte)' ',
                CheckOp.Blank => v.IndexOfAnyExcept((byte)' ') < 0,
                CheckOp.Date => IsValidDate(v) || (c.AllowZero && v.IndexOfAnyExcept((byte)'0') < 0),
                CheckOp.Timestamp => IsValidTimestamp(v),
                CheckOp.EmployerNumber => v[8..].IndexOfAnyExcept((byte)' ') < 0 && EmployerNumber.IsValid(v[..8]),
                CheckOp.InsuranceNumber => InsuranceNumber.IsValid(v),
                CheckOp.Values => IsAllowed(v, c.Values!),
                CheckOp.YearMonth => v.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0 && (IsValidYearMonth(v) || c.AllowZero && v.IndexOfAnyExcept((byte)'0') < 0),
                CheckOp.Day => v.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0 && v[0] <= '3' && !(v[0] == '0' && v[1] == '0') && !(v[0] == '3' && v[1] > '1'),
                CheckOp.Literal => v.SequenceEqual(layout.Fields[c.Index].LiteralBytes),
                CheckOp.DigitsRun => v.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0,
                CheckOp.FlagRun => v.IndexOfAnyExcept(c.Singles!) < 0,
                _ => false,
            };
            if (!ok)
            {
                for (int k = 0; k < c.RunCount; k++)
                {
                    ValidateField(line, layout.Fields[c.Index + k], segmentOffset, block, sink);
                }
            }
        }
    }

    /// <summary>The full check of one field, reporting every problem with its location.</summary>
    private static void ValidateField(ReadOnlySpan<byte> line, FieldDefinition f, int segmentOffset, string? block, ErrorSink sink)
    {
        var value = line.Slice(segmentOffset + f.Offset, f.Length);
        if (value.IndexOfAnyExcept((byte)' ') < 0)
        {
            if (f.Required)
            {
                sink.AddField(line, RecordErrorCodes.RequiredFieldMissing, "The field is required (Muss) but blank.", block, f, segmentOffset);
            }

            return;
        }

        if (f.Kind == FieldKind.Numeric && f.Format != FieldFormat.Literal && value.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
        {
            sink.AddField(line, RecordErrorCodes.NotNumeric, "The field is numeric (N) and must hold digits only, right-justified with leading zeros.", block, f, segmentOffset);
            return;
        }

        switch (f.Format)
        {
            case FieldFormat.Text:
            case FieldFormat.Flag:
            case FieldFormat.Sign:
                if (f.AllowedValueBytes.Length > 0 && !IsAllowed(value, f.AllowedValueBytes))
                {
                    string code = f.Format switch
                    {
                        FieldFormat.Flag => RecordErrorCodes.InvalidFlag,
                        FieldFormat.Sign => RecordErrorCodes.InvalidSign,
                        _ => RecordErrorCodes.ValueNotAllowed,
                    };
                    sink.AddField(line, code, $"The value is not one of: {string.Join(", ", f.AllowedValues)}.", block, f, segmentOffset);
                }

                break;

            case FieldFormat.Literal:
                if (!value.SequenceEqual(f.LiteralBytes))
                {
                    sink.AddField(line, RecordErrorCodes.LiteralMismatch, $"The field must be {f.Literal}.", block, f, segmentOffset);
                }

                break;

            case FieldFormat.Date:
                if (!(f.AllowZeroDate && value.IndexOfAnyExcept((byte)'0') < 0) && !IsValidDate(value))
                {
                    sink.AddField(line, RecordErrorCodes.InvalidDate, "The field must be a valid date JJJJMMTT.", block, f, segmentOffset);
                }

                break;

            case FieldFormat.YearMonth:
                if (!(f.AllowZeroDate && value.IndexOfAnyExcept((byte)'0') < 0) && !IsValidYearMonth(value))
                {
                    sink.AddField(line, RecordErrorCodes.InvalidDate, "The field must be a valid month JJJJMM.", block, f, segmentOffset);
                }

                break;

            case FieldFormat.DayOfMonth:
                {
                    int day = ((value[0] - '0') * 10) + (value[1] - '0');
                    if (day is < 1 or > 31)
                    {
                        sink.AddField(line, RecordErrorCodes.InvalidDate, "The field must be a day of month 01–31.", block, f, segmentOffset);
                    }

                    break;
                }

            case FieldFormat.Timestamp:
                if (!(f.AllowZeroDate && value.IndexOfAnyExcept((byte)'0') < 0) && !IsValidTimestamp(value))
                {
                    sink.AddField(line, RecordErrorCodes.InvalidTimestamp, f.Length == 14 ? "The field must be a valid timestamp JJJJMMTThhmmss." : "The field must be a valid timestamp JJJJMMTThhmmss followed by 6 digits.", block, f, segmentOffset);
                }

                break;

            case FieldFormat.EmployerNumber:
            case FieldFormat.EmployerOrSenderNumber:
                if (!IsValidEmployerField(value, f.Format == FieldFormat.EmployerOrSenderNumber))
                {
                    sink.AddField(line, RecordErrorCodes.InvalidEmployerNumber,
                        f.Format == FieldFormat.EmployerOrSenderNumber
                            ? "The field must hold a valid Betriebsnummer (8 digits with check digit) or an Absendernummer (A + 7 digits), followed by blanks."
                            : "The field must hold a valid Betriebsnummer (8 digits with check digit) followed by blanks.",
                        block, f, segmentOffset);
                }

                break;

            case FieldFormat.InsuranceNumber:
                if (!InsuranceNumber.IsValid(value))
                {
                    sink.AddField(line, RecordErrorCodes.InvalidInsuranceNumber,
                        "The field must hold a valid insurance or procedure number (8 digits, letter, 3 digits; check digit).", block, f, segmentOffset);
                }

                break;

            case FieldFormat.Reserve:
                sink.AddField(line, RecordErrorCodes.ReserveNotBlank, "The reserve area must be blank.", block, f, segmentOffset);
                break;

            case FieldFormat.Opaque:
            default:
                break;
        }
    }

    private static bool IsAllowed(ReadOnlySpan<byte> value, byte[][] allowed)
    {
        var trimmed = Latin1.TrimEnd(value);
        foreach (var candidate in allowed)
        {
            if (trimmed.SequenceEqual(candidate))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsValidEmployerField(ReadOnlySpan<byte> value, bool allowSenderNumber)
    {
        if (value.Length < 8 || value[8..].IndexOfAnyExcept((byte)' ') >= 0)
        {
            return false;
        }

        var number = value[..8];
        if (allowSenderNumber && number[0] == (byte)'A')
        {
            return number[1..].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
        }

        return EmployerNumber.IsValid(number);
    }

    internal static bool IsValidDate(ReadOnlySpan<byte> v)
    {
        if (v.Length < 8 || v[..8].IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
        {
            return false;
        }

        int year = ((v[0] - '0') * 1000) + ((v[1] - '0') * 100) + ((v[2] - '0') * 10) + (v[3] - '0');
        int month = ((v[4] - '0') * 10) + (v[5] - '0');
        int day = ((v[6] - '0') * 10) + (v[7] - '0');
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    private static bool IsValidYearMonth(ReadOnlySpan<byte> v)
    {
        int year = ((v[0] - '0') * 1000) + ((v[1] - '0') * 100) + ((v[2] - '0') * 10) + (v[3] - '0');
        int month = ((v[4] - '0') * 10) + (v[5] - '0');
        return year >= 1 && month is >= 1 and <= 12;
    }

    private static bool IsValidTimestamp(ReadOnlySpan<byte> v)
    {
        if (!IsValidDate(v))
        {
            return false;
        }

        int hour = ((v[8] - '0') * 10) + (v[9] - '0');
        int minute = ((v[10] - '0') * 10) + (v[11] - '0');
        int second = ((v[12] - '0') * 10) + (v[13] - '0');
        return hour < 24 && minute < 60 && second < 60;
    }

    private static readonly FieldDefinition EarningsNumberField = RecordLayouts.Earnings.FixedPart.FindField("VSNRVFNR")!;
    private static readonly int BirthDateOffset = BlockLayouts.Birth.FindField("GBDT")!.Offset;
    private static readonly int SexOffset = BlockLayouts.Birth.FindField("GE")!.Offset;
    private static readonly int BirthNameOffset = BlockLayouts.Birth.FindField("GBNA")!.Offset;
    private static readonly int FamilyNameOffset = BlockLayouts.Name.FindField("FMNA")!.Offset;

    private static void CheckInsuranceNumberAgainstBirthData(ReadOnlySpan<byte> line, RecordStructure structure, ErrorSink sink)
    {
        var vsnrField = EarningsNumberField;
        var vsnr = line.Slice(vsnrField.Offset, vsnrField.Length);
        if (!InsuranceNumber.IsValid(vsnr))
        {
            return;
        }

        int birthOffset = -1;
        int nameOffset = -1;
        foreach (var b in structure.Blocks)
        {
            if (ReferenceEquals(b.Layout, BlockLayouts.Birth))
            {
                birthOffset = b.Offset;
            }
            else if (ReferenceEquals(b.Layout, BlockLayouts.Name))
            {
                nameOffset = b.Offset;
            }
        }

        if (birthOffset < 0)
        {
            return;
        }

        var date = line.Slice(birthOffset + BirthDateOffset, 8);
        if (IsValidDate(date))
        {
            // VSNR TTMMJJ (day may carry +50) against GBDT JJJJMMTT.
            int vDay = (((vsnr[2] - '0') * 10) + (vsnr[3] - '0')) % 50;
            bool sameDay = vDay == 0 || vDay == ((date[6] - '0') * 10) + (date[7] - '0');
            bool sameMonth = (vsnr[4] == '0' && vsnr[5] == '0') || (vsnr[4] == date[4] && vsnr[5] == date[5]);
            bool sameYear = vsnr[6] == date[2] && vsnr[7] == date[3];
            if (!(sameDay && sameMonth && sameYear))
            {
                sink.Add(line, RecordErrorCodes.InsuranceNumberMismatch,
                    "The birth date in the insurance number does not match the birth date in DBGB.", null, "VSNRVFNR", vsnrField.Offset, vsnrField.Length);
            }
        }

        byte sex = line[birthOffset + SexOffset];
        int serial = ((vsnr[9] - '0') * 10) + (vsnr[10] - '0');
        if ((sex == (byte)'M' && serial > 49) || (sex == (byte)'W' && serial < 50))
        {
            sink.Add(line, RecordErrorCodes.InsuranceNumberMismatch,
                "The serial number in the insurance number does not match the sex in DBGB (00–49 male, 50–99 female).", null, "VSNRVFNR", vsnrField.Offset, vsnrField.Length);
        }

                byte initial = line[birthOffset + BirthNameOffset];
        if (initial == (byte)' ' && nameOffset >= 0)
        {
            initial = line[nameOffset + FamilyNameOffset];
        }

        byte expected = NormaliseInitial(initial);
        if (expected != 0 && expected != vsnr[8])
        {
            sink.Add(line, RecordErrorCodes.InsuranceNumberMismatch,
                "The letter in the insurance number does not match the first letter of the birth name (or family name).", null, "VSNRVFNR", vsnrField.Offset, vsnrField.Length);
        }
    }

    /// <summary>Upper-case A–Z for the first letter of a name, umlauts resolved; 0 when no rule applies.</summary>
    internal static byte NormaliseInitial(byte c) => c switch
    {
        >= (byte)'A' and <= (byte)'Z' => c,
        >= (byte)'a' and <= (byte)'z' => (byte)(c - 32),
        0xC4 or 0xE4 => (byte)'A',
        0xD6 or 0xF6 => (byte)'O',
        0xDC or 0xFC => (byte)'U',
        _ => 0,
    };

    private sealed class LayoutKey(RecordLayout layout)
    {
        private readonly byte[] _type = Encoding.Latin1.GetBytes(layout.RecordType);
        private readonly byte[] _version = Encoding.Latin1.GetBytes(layout.Version);
        private readonly byte[]? _procedure = layout.Procedure is null ? null : Encoding.Latin1.GetBytes(layout.Procedure.PadRight(5));

        public RecordLayout Layout { get; } = layout;

        public bool Matches(ReadOnlySpan<byte> type, ReadOnlySpan<byte> version, ReadOnlySpan<byte> procedure, bool ignoreProcedure = false)
            => type.SequenceEqual(_type) && version.SequenceEqual(_version)
               && (ignoreProcedure || _procedure is null || procedure.SequenceEqual(_procedure));
    }
}

/// <summary>Where a record is in its file, for error locations.</summary>
/// <param name="RecordNumber">1-based record number.</param>
/// <param name="ByteOffset">Byte offset of the record's first byte in the file.</param>
/// <param name="Utf8">True when the file is UTF-8 (characters above U+007F take two bytes).</param>
public readonly record struct RecordPosition(long RecordNumber, long ByteOffset, bool Utf8 = false);
