using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>
/// Number request record (DSVV) v01 for ELENA: asks for an insurance or procedure number. The presence flags of
/// DBNA, DBGB and DBAN are fixed at <c>J</c>, so <see cref="ElenaRecord.Name"/>, <see cref="ElenaRecord.Birth"/> and <see cref="ElenaRecord.Address"/>
/// must be set before the record is written; the reply blocks DBVR, DBST and DBID are recognised by their
/// identifiers.
/// </summary>
public sealed class NumberRequestRecord : ElenaRecord
{
    /// <summary>Creates a blank number request record: procedure ELENA, no blocks.</summary>
    public NumberRequestRecord()
        : base(RecordLayouts.ElenaNumberRequest)
    {
    }

    internal NumberRequestRecord(ReadOnlySpan<byte> record, RecordStructure structure)
        : base(RecordLayouts.ElenaNumberRequest, record, structure)
    {
    }
}
