using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>Maps layouts to their typed model classes.</summary>
internal static class ModelFactory
{
    public static RecordModel CreateRecord(RecordLayout layout, ReadOnlySpan<byte> record, RecordStructure structure)
    {
        if (layout.IsOpaque)
        {
            return new UnknownRecord(layout, record);
        }

        if (ReferenceEquals(layout, RecordLayouts.FileHeader))
        {
            return new FileHeader(record, structure);
        }

        if (ReferenceEquals(layout, RecordLayouts.FileTrailer))
        {
            return new FileTrailer(record, structure);
        }

        return new GenericRecord(layout, record, structure);
    }

    public static DataBlock CreateBlock(SegmentLayout layout, ReadOnlySpan<byte> data)
    {
        if (ReferenceEquals(layout, BlockLayouts.Name))
        {
            return new NameBlock(data);
        }

        if (ReferenceEquals(layout, BlockLayouts.Error))
        {
            return new ErrorBlock(data);
        }

        return DataBlock.CreateGeneric(layout, data);
    }
}

/// <summary>A record of a known layout without a typed class of its own.</summary>
internal sealed class GenericRecord : RecordModel
{
    public GenericRecord(RecordLayout layout, ReadOnlySpan<byte> record, RecordStructure structure)
        : base(layout, record, structure)
    {
    }
}
