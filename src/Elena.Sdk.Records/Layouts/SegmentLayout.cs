using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Elena.Sdk.Records.Layouts;

/// <summary>
/// The fixed-length layout of a record's fixed part, a data block, or one item of a repeating group.
/// </summary>
public sealed class SegmentLayout
{
    private readonly FrozenDictionary<string, int> _index;

    internal SegmentLayout(string identifier, string title, ImmutableArray<FieldDefinition> fields, RepeatingGroup? group)
    {
        Identifier = identifier;
        Title = title;
        Fields = fields;
        Group = group;
        Length = fields.IsEmpty ? 0 : fields[^1].Position + fields[^1].Length - 1;
        _index = fields.Select((f, i) => KeyValuePair.Create(f.Name, i)).ToFrozenDictionary(StringComparer.Ordinal);
        Checks = FieldCheck.Compile(this);
        if (group is not null)
        {
            group.CountFieldDefinition = FindField(group.CountField)
                ?? throw new InvalidOperationException($"Layout {identifier}: count field {group.CountField} is missing.");
        }
    }

    /// <summary>The compiled fast checks of this layout.</summary>
    internal FieldCheck[] Checks { get; }

    /// <summary>The identifier (<c>DBNA</c>, <c>MVDS</c>…), or the group name for a group item.</summary>
    public string Identifier { get; }

    /// <summary>English title with the German term, for docs and tools.</summary>
    public string Title { get; }

    /// <summary>The fields in order of position.</summary>
    public ImmutableArray<FieldDefinition> Fields { get; }

    /// <summary>Length of the fixed part in characters (without repeating group items).</summary>
    public int Length { get; }

    /// <summary>The repeating group that follows the fixed part, if any (DBFZ, DBSE, DBSB, DBST, DBID).</summary>
    public RepeatingGroup? Group { get; }

    /// <summary>Finds a field by its specification name.</summary>
    /// <param name="name">The field name, e.g. <c>FMNA</c>.</param>
    /// <returns>The field definition, or <see langword="null"/> when the layout has no such field.</returns>
    public FieldDefinition? FindField(string name)
        => _index.TryGetValue(name, out int i) ? Fields[i] : null;

    /// <summary>Gets the index of a field in <see cref="Fields"/> by name, or -1.</summary>
    /// <param name="name">The field name.</param>
    /// <returns>The index, or -1.</returns>
    public int IndexOf(string name) => _index.TryGetValue(name, out int i) ? i : -1;

    /// <inheritdoc />
    public override string ToString() => $"{Identifier} ({Length})";
}

/// <summary>A group of fields repeated a counted number of times after a block's fixed part.</summary>
public sealed class RepeatingGroup
{
    internal RepeatingGroup(string countField, int maxCount, SegmentLayout item)
    {
        CountField = countField;
        MaxCount = maxCount;
        Item = item;
    }

    /// <summary>The name of the numeric field in the fixed part that holds the number of items.</summary>
    public string CountField { get; }

    /// <summary>The count field's definition, set when the owning layout is built.</summary>
    internal FieldDefinition CountFieldDefinition { get; set; } = null!;

    /// <summary>The largest number of items allowed.</summary>
    public int MaxCount { get; }

    /// <summary>The layout of one item; positions are relative to the item.</summary>
    public SegmentLayout Item { get; }
}
