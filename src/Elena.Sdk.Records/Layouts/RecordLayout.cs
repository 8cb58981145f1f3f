using System.Collections.Immutable;

namespace Elena.Sdk.Records.Layouts;

/// <summary>How the data blocks of a record are announced.</summary>
public enum BlockPresence
{
    /// <summary>A presence flag (<c>MMxx</c> = <c>J</c>) in the fixed part says the block follows.</summary>
    Flag,

    /// <summary>The block is recognised by its identifier (reply blocks without a flag: DBVR, DBST, DBID in ELENA records).</summary>
    Identifier,
}

/// <summary>A place for one data block in a record's block sequence.</summary>
public sealed class BlockSlot
{
    internal BlockSlot(SegmentLayout layout, BlockPresence presence, string? flagField)
    {
        Layout = layout;
        Presence = presence;
        FlagField = flagField;
    }

    /// <summary>The block layout.</summary>
    public SegmentLayout Layout { get; }

    /// <summary>How the block is announced.</summary>
    public BlockPresence Presence { get; }

    /// <summary>The presence flag field in the fixed part (<c>MMxx</c>) when <see cref="Presence"/> is <see cref="BlockPresence.Flag"/>.</summary>
    public string? FlagField { get; }

    internal int FlagOffset { get; set; } = -1;
}

/// <summary>How error blocks (DBFE) are attached to a record.</summary>
public enum ErrorBlockRule
{
    /// <summary>The record's <c>FEAN</c> field gives the number of DBFE blocks at the end (DS… records).</summary>
    CountField,

    /// <summary>At most one DBFE block may follow (VOSZ).</summary>
    AtMostOne,

    /// <summary>Any number of DBFE blocks may follow (NCSZ).</summary>
    Any,
}

/// <summary>
/// The complete layout of a record type and version: the fixed part, the data blocks in order and how
/// error blocks are attached.
/// </summary>
public sealed class RecordLayout
{
    internal RecordLayout(string recordType, string version, string? procedure, SegmentLayout fixedPart,
        ImmutableArray<BlockSlot> blocks, ErrorBlockRule errorBlocks, bool isOpaque = false)
    {
        RecordType = recordType;
        Version = version;
        Procedure = procedure;
        FixedPart = fixedPart;
        Blocks = blocks;
        ErrorBlocks = errorBlocks;
        IsOpaque = isOpaque;
        foreach (var slot in blocks)
        {
            if (slot.FlagField is not null)
            {
                slot.FlagOffset = fixedPart.FindField(slot.FlagField)?.Offset
                    ?? throw new InvalidOperationException($"Layout {recordType} v{version}: flag field {slot.FlagField} is missing.");
            }
        }

        FeanOffset = fixedPart.FindField("FEAN")?.Offset ?? -1;
    }

    /// <summary>The record identifier (<c>VOSZ</c>, <c>DSKO</c>, <c>MVDS</c>, …).</summary>
    public string RecordType { get; }

    /// <summary>The record version (<c>VERNR</c>), two digits.</summary>
    public string Version { get; }

    /// <summary>The procedure (<c>VF</c>) this layout is for, or <see langword="null"/> when it applies to any procedure.</summary>
    public string? Procedure { get; }

    /// <summary>The fixed part.</summary>
    public SegmentLayout FixedPart { get; }

    /// <summary>The data blocks in the order they must appear.</summary>
    public ImmutableArray<BlockSlot> Blocks { get; }

    /// <summary>How error blocks (DBFE) are attached.</summary>
    public ErrorBlockRule ErrorBlocks { get; }

    /// <summary>
    /// True for a record whose version the SDK has no layout for: only the common header is decoded and
    /// the rest is kept verbatim.
    /// </summary>
    public bool IsOpaque { get; }

    internal int FeanOffset { get; }

    /// <inheritdoc />
    public override string ToString() => $"{RecordType} v{Version}{(Procedure is null ? "" : " " + Procedure)}";
}
