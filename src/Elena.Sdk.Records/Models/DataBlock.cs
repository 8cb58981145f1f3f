using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>
/// A data block (Datenbaustein, DBxx). Blocks without a typed class of their own are read and written
/// through this class and its field indexer.
/// </summary>
public class DataBlock : Segment
{
    /// <summary>Creates a blank block with its identifier set.</summary>
    /// <param name="layout">The block layout.</param>
    public DataBlock(SegmentLayout layout)
        : base(layout)
    {
    }

    /// <summary>Creates a block from its characters.</summary>
    /// <param name="layout">The block layout.</param>
    /// <param name="data">The block's fixed part.</param>
    protected DataBlock(SegmentLayout layout, ReadOnlySpan<byte> data)
        : base(layout, data)
    {
    }

    /// <summary>The block identifier (<c>DBNA</c>, …).</summary>
    public string Identifier => Layout.Identifier;

    internal virtual int EncodedLength => Layout.Length;

    internal virtual void EncodeTo(Span<byte> destination) => Data.CopyTo(destination);

    /// <summary>Creates the typed block for a layout from its characters (fixed part and group items).</summary>
    internal static DataBlock Create(SegmentLayout layout, ReadOnlySpan<byte> data)
        => ModelFactory.CreateBlock(layout, data);

    internal static DataBlock CreateGeneric(SegmentLayout layout, ReadOnlySpan<byte> data) => new(layout, data);
}

/// <summary>One item of a repeating group (an absence period, a payment, …).</summary>
public class GroupItem : Segment
{
    /// <summary>Creates a blank item.</summary>
    /// <param name="layout">The item layout.</param>
    public GroupItem(SegmentLayout layout)
        : base(layout)
    {
    }

    /// <summary>Creates an item from its characters.</summary>
    /// <param name="layout">The item layout.</param>
    /// <param name="data">The item's characters.</param>
    protected GroupItem(SegmentLayout layout, ReadOnlySpan<byte> data)
        : base(layout, data)
    {
    }
}

/// <summary>A data block with a counted repeating group after its fixed part (DBFZ, DBSE, DBSB, DBST, DBID).</summary>
/// <typeparam name="TItem">The item type.</typeparam>
public abstract class GroupBlock<TItem> : DataBlock
    where TItem : GroupItem
{
    /// <summary>Creates a blank block with no items.</summary>
    /// <param name="layout">The block layout.</param>
    protected GroupBlock(SegmentLayout layout)
        : base(layout)
    {
        Group = layout.Group ?? throw new ArgumentException($"{layout.Identifier} has no repeating group.", nameof(layout));
        SetCount(0);
    }

    /// <summary>Creates a block from its characters, items included.</summary>
    /// <param name="layout">The block layout.</param>
    /// <param name="data">Fixed part followed by the items.</param>
    /// <param name="createItem">Creates one item from its characters.</param>
    protected GroupBlock(SegmentLayout layout, ReadOnlySpan<byte> data, GroupItemFactory createItem)
        : base(layout, data[..layout.Length])
    {
        ArgumentNullException.ThrowIfNull(createItem);
        Group = layout.Group ?? throw new ArgumentException($"{layout.Identifier} has no repeating group.", nameof(layout));
        int itemLength = Group.Item.Length;
        for (int offset = layout.Length; offset + itemLength <= data.Length; offset += itemLength)
        {
            Items.Add(createItem(data.Slice(offset, itemLength)));
        }
    }

    /// <summary>Creates one item from its characters.</summary>
    /// <param name="data">The item's characters.</param>
    /// <returns>The item.</returns>
    protected delegate TItem GroupItemFactory(ReadOnlySpan<byte> data);

    /// <summary>The repeating group's definition.</summary>
    public RepeatingGroup Group { get; }

    /// <summary>The items. The count field is written from this list.</summary>
    public IList<TItem> Items { get; } = new List<TItem>();

    internal override int EncodedLength => Layout.Length + (Items.Count * Group.Item.Length);

    internal override void EncodeTo(Span<byte> destination)
    {
        if (Items.Count > Group.MaxCount)
        {
            throw new InvalidOperationException($"{Identifier} holds at most {Group.MaxCount} items; it has {Items.Count}.");
        }

        SetCount(Items.Count);
        Data.CopyTo(destination);
        int offset = Layout.Length;
        for (int i = 0; i < Items.Count; i++)
        {
            Items[i].Data.CopyTo(destination[offset..]);
            offset += Group.Item.Length;
        }
    }

    private void SetCount(int count) => SetNumber(Group.CountField, count);
}
