using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records;

/// <summary>Where one data block sits in a decoded record.</summary>
/// <param name="Layout">The block layout.</param>
/// <param name="Offset">0-based offset of the block within the record.</param>
/// <param name="Length">Length of the block including repeating group items.</param>
/// <param name="ItemCount">Number of repeating group items (0 when the block has no group).</param>
/// <param name="IsErrorBlock">True for a DBFE block attached at the end.</param>
public readonly record struct DataBlockInfo(SegmentLayout Layout, int Offset, int Length, int ItemCount, bool IsErrorBlock)
{
    /// <summary>The block identifier.</summary>
    public string Identifier => Layout.Identifier;
}

/// <summary>
/// The structure of one decoded record: its layout and where each data block sits. Reusable: the decoder
/// resets it for each record, so reading a file allocates nothing per record.
/// </summary>
public sealed class RecordStructure
{
    private DataBlockInfo[] _blocks = new DataBlockInfo[32];

    /// <summary>The record's layout, or <see langword="null"/> when the record could not be identified.</summary>
    public RecordLayout? Layout { get; internal set; }

    /// <summary>Number of data blocks including error blocks.</summary>
    public int BlockCount { get; private set; }

    /// <summary>Number of error blocks (DBFE) at the end.</summary>
    public int ErrorBlockCount { get; private set; }

    /// <summary>The blocks in order.</summary>
    public ReadOnlySpan<DataBlockInfo> Blocks => _blocks.AsSpan(0, BlockCount);

    internal void Reset()
    {
        Layout = null;
        BlockCount = 0;
        ErrorBlockCount = 0;
    }

    internal void Add(in DataBlockInfo block)
    {
        if (BlockCount == _blocks.Length)
        {
            Array.Resize(ref _blocks, _blocks.Length * 2);
        }

        _blocks[BlockCount++] = block;
        if (block.IsErrorBlock)
        {
            ErrorBlockCount++;
        }
    }

    /// <summary>Copies this structure.</summary>
    /// <returns>An independent copy.</returns>
    public RecordStructure Clone()
    {
        var copy = new RecordStructure { Layout = Layout };
        foreach (var b in Blocks)
        {
            copy.Add(b);
        }

        return copy;
    }
}
