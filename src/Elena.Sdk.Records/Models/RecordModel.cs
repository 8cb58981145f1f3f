using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>
/// A record (VOSZ, DSKO, MVDS, DSVV, DSME, NCSZ) with its data blocks and error blocks. Read a file with
/// <see cref="Reading.RecordReader"/>; build records with the typed subclasses and write them with
/// <see cref="Writing.RecordWriter"/>.
/// </summary>
public abstract class RecordModel : Segment
{
    private readonly DataBlock?[] _slots;

    /// <summary>Creates a blank record: constants set, no blocks, presence flags N.</summary>
    /// <param name="layout">The record layout.</param>
    protected RecordModel(RecordLayout layout)
        : base((layout ?? throw new ArgumentNullException(nameof(layout))).FixedPart)
    {
        RecordLayout = layout;
        _slots = new DataBlock?[layout.Blocks.Length];
        foreach (var slot in layout.Blocks)
        {
            if (slot.FlagField is { } flag && layout.FixedPart.FindField(flag)!.Format == FieldFormat.Flag)
            {
                SetFlag(flag, false);
            }
        }

        if (layout.ErrorBlocks == ErrorBlockRule.CountField)
        {
            SetText("FEKZ", "0");
            SetText("FEAN", "0");
        }
    }

    /// <summary>Creates a record from its decoded characters.</summary>
    /// <param name="layout">The record layout.</param>
    /// <param name="record">The whole record line.</param>
    /// <param name="structure">The decoded structure.</param>
    protected RecordModel(RecordLayout layout, ReadOnlySpan<byte> record, RecordStructure structure)
        : base((layout ?? throw new ArgumentNullException(nameof(layout))).FixedPart, record[..layout.FixedPart.Length])
    {
        ArgumentNullException.ThrowIfNull(structure);
        RecordLayout = layout;
        _slots = new DataBlock?[layout.Blocks.Length];
        foreach (var block in structure.Blocks)
        {
            var data = record.Slice(block.Offset, block.Length);
            if (block.IsErrorBlock)
            {
                Errors.Add(new ErrorBlock(data));
                continue;
            }

            int slot = SlotOf(block.Layout.Identifier);
            _slots[slot] = DataBlock.Create(block.Layout, data);
        }
    }

    /// <summary>The record layout.</summary>
    public RecordLayout RecordLayout { get; }

    /// <summary>The record identifier (<c>KE</c>).</summary>
    public string RecordType => RecordLayout.RecordType;

    /// <summary>The record version (<c>VERNR</c>).</summary>
    public string Version => RecordLayout.Version;

    /// <summary>
    /// The error blocks (DBFE) at the end of the record. For DS… records <c>FEAN</c> is written from this list's
    /// count (at most 9).
    /// </summary>
    public IList<ErrorBlock> Errors { get; } = new List<ErrorBlock>();

    /// <summary>The data blocks present, in record order (error blocks not included).</summary>
    public IEnumerable<DataBlock> Blocks => _slots.Where(b => b is not null)!;

    /// <summary>Gets a data block by identifier.</summary>
    /// <param name="identifier">The block identifier, e.g. <c>DBNA</c>.</param>
    /// <returns>The block, or <see langword="null"/> when absent.</returns>
    public DataBlock? GetBlock(string identifier) => _slots[SlotOf(identifier)];

    /// <summary>
    /// Sets or removes a data block. The block's presence flag (<c>MMxx</c>) is set to <c>J</c> or <c>N</c>
    /// accordingly.
    /// </summary>
    /// <param name="identifier">The block identifier.</param>
    /// <param name="block">The block, or <see langword="null"/> to remove it.</param>
    public void SetBlock(string identifier, DataBlock? block)
    {
        int slot = SlotOf(identifier);
        var layout = RecordLayout.Blocks[slot];
        if (block is not null && !ReferenceEquals(block.Layout, layout.Layout))
        {
            throw new ArgumentException($"{RecordType} v{Version} expects the {identifier} layout of this record version.", nameof(block));
        }

        if (layout.FlagField is { } flag && RecordLayout.FixedPart.FindField(flag)!.Format == FieldFormat.Flag)
        {
            SetFlag(flag, block is not null);
        }

        _slots[slot] = block;
    }

    /// <summary>Gets a typed block.</summary>
    /// <typeparam name="T">The block type.</typeparam>
    /// <param name="identifier">The block identifier.</param>
    /// <returns>The block or <see langword="null"/>.</returns>
    protected T? Get<T>(string identifier)
        where T : DataBlock => (T?)_slots[SlotOf(identifier)];

    private int SlotOf(string identifier)
    {
        var slots = RecordLayout.Blocks;
        for (int i = 0; i < slots.Length; i++)
        {
            if (slots[i].Layout.Identifier == identifier)
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"{RecordType} v{Version} has no block {identifier}.");
    }

    /// <summary>The number of characters this record takes (without line end).</summary>
    /// <returns>The length.</returns>
    public virtual int GetEncodedLength()
    {
        int length = Layout.Length;
        foreach (var block in _slots)
        {
            length += block?.EncodedLength ?? 0;
        }

        return length + (Errors.Count * BlockLayouts.Error.Length);
    }

    /// <summary>Writes the record's characters (ISO-8859-1) without line end.</summary>
    /// <param name="destination">At least <see cref="GetEncodedLength"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    public virtual int Encode(Span<byte> destination)
    {
        int length = GetEncodedLength();
        if (destination.Length < length)
        {
            throw new ArgumentException($"The record needs {length} bytes.", nameof(destination));
        }

        Data.CopyTo(destination);
        switch (RecordLayout.ErrorBlocks)
        {
            case ErrorBlockRule.CountField:
                if (Errors.Count > 9)
                {
                    throw new InvalidOperationException($"{RecordType} holds at most 9 error blocks (FEAN is one digit); it has {Errors.Count}.");
                }

                destination[RecordLayout.FeanOffset] = (byte)('0' + Errors.Count);
                break;
            case ErrorBlockRule.AtMostOne when Errors.Count > 1:
                throw new InvalidOperationException($"{RecordType} holds at most one error block.");
        }

        int offset = Layout.Length;
        foreach (var block in _slots)
        {
            if (block is not null)
            {
                block.EncodeTo(destination[offset..]);
                offset += block.EncodedLength;
            }
        }

        for (int i = 0; i < Errors.Count; i++)
        {
            Errors[i].Data.CopyTo(destination[offset..]);
            offset += BlockLayouts.Error.Length;
        }

        return offset;
    }

    /// <summary>The record's characters as ISO-8859-1 bytes, without line end.</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToBytes()
    {
        var bytes = new byte[GetEncodedLength()];
        Encode(bytes);
        return bytes;
    }

    /// <summary>
    /// Decodes one record (one line without line end, ISO-8859-1) into its typed model. Field values are not
    /// checked here; use <see cref="RecordDecoder.Validate(ReadOnlySpan{byte}, RecordStructure, IList{RecordError}, RecordPosition)"/> or the validator for that.
    /// </summary>
    /// <param name="record">The record's bytes.</param>
    /// <returns>The typed record.</returns>
    /// <exception cref="RecordFormatException">The record cannot be split into its parts.</exception>
    public static RecordModel Parse(ReadOnlySpan<byte> record)
    {
        var structure = new RecordStructure();
        var errors = new List<RecordError>();
        if (!RecordDecoder.TryDecode(record, structure, errors))
        {
            throw new RecordFormatException(errors.First(e => e.Severity == RecordErrorSeverity.Error));
        }

        return FromStructure(record, structure);
    }

    internal static RecordModel FromStructure(ReadOnlySpan<byte> record, RecordStructure structure)
        => ModelFactory.CreateRecord(structure.Layout!, record, structure);
}

/// <summary>A DS… record whose version the SDK has no layout for: the header is read, the rest kept verbatim.</summary>
public sealed class UnknownRecord : RecordModel
{
    private readonly byte[] _tail;

    internal UnknownRecord(RecordLayout layout, ReadOnlySpan<byte> record)
        : base(layout, record, EmptyStructure(layout))
    {
        _tail = record[layout.FixedPart.Length..].ToArray();
    }

    private static RecordStructure EmptyStructure(RecordLayout layout) => new() { Layout = layout };

    /// <summary>The characters after the 63-character header, verbatim.</summary>
    public ReadOnlyMemory<byte> Remainder => _tail;

    /// <inheritdoc />
    public override int GetEncodedLength() => Layout.Length + _tail.Length;

    /// <inheritdoc />
    public override int Encode(Span<byte> destination)
    {
        Data.CopyTo(destination);
        _tail.CopyTo(destination[Layout.Length..]);
        return Layout.Length + _tail.Length;
    }
}
