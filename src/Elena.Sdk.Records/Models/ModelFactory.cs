using System.Collections.Frozen;
using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>Maps layouts to their typed model classes.</summary>
internal static class ModelFactory
{
    private static readonly FrozenDictionary<RecordLayout, RecordFactory> Records = new Dictionary<RecordLayout, RecordFactory>(ReferenceEqualityComparer.Instance)
    {
        [RecordLayouts.FileHeader] = static (_, record, structure) => new FileHeader(record, structure),
        [RecordLayouts.FileTrailer] = static (_, record, structure) => new FileTrailer(record, structure),
        [RecordLayouts.CommunicationV02] = static (layout, record, structure) => new CommunicationRecord(layout, record, structure),
        [RecordLayouts.CommunicationV04] = static (layout, record, structure) => new CommunicationRecord(layout, record, structure),
        [RecordLayouts.Earnings] = static (_, record, structure) => new EarningsRecord(record, structure),
        [RecordLayouts.ElenaNumberRequest] = static (_, record, structure) => new NumberRequestRecord(record, structure),
        [RecordLayouts.DeuevNumberRequest] = static (_, record, structure) => new DeuevNumberRequestRecord(record, structure),
        [RecordLayouts.NotificationV04] = static (layout, record, structure) => new NotificationRecord(layout, record, structure),
        [RecordLayouts.NotificationV05] = static (layout, record, structure) => new NotificationRecord(layout, record, structure),
    }.ToFrozenDictionary(ReferenceEqualityComparer.Instance);

    private static readonly FrozenDictionary<SegmentLayout, BlockFactory> Blocks = new Dictionary<SegmentLayout, BlockFactory>(ReferenceEqualityComparer.Instance)
    {
        [BlockLayouts.Name] = static (_, data) => new NameBlock(data),
        [BlockLayouts.Birth] = static (_, data) => new BirthBlock(data),
        [BlockLayouts.Address] = static (_, data) => new AddressBlock(data),
        [BlockLayouts.Error] = static (_, data) => new ErrorBlock(data),
        [BlockLayouts.NumberReturn] = static (_, data) => new NumberReturnBlock(data),
        [BlockLayouts.RetiredNumbers] = static (_, data) => new RetiredNumbersBlock(data),
        [BlockLayouts.IdentityNumbers] = static (_, data) => new IdentityNumbersBlock(data),
        [BlockLayouts.EarningsBasics] = static (_, data) => new EarningsBasicsBlock(data),
        [BlockLayouts.Employer] = static (_, data) => new EmployerBlock(data),
        [BlockLayouts.PlaceOfWork] = static (_, data) => new PlaceOfWorkBlock(data),
        [BlockLayouts.AbsencePeriods] = static (_, data) => new AbsencePeriodsBlock(data),
        [BlockLayouts.TaxablePayments] = static (_, data) => new TaxablePaymentsBlock(data),
        [BlockLayouts.TaxFreePayments] = static (_, data) => new TaxFreePaymentsBlock(data),
        [BlockLayouts.Training] = static (_, data) => new TrainingBlock(data),
        [BlockLayouts.AdditionalData] = static (_, data) => new AdditionalDataBlock(data),
        [BlockLayouts.SideJob] = static (_, data) => new SideJobBlock(data),
        [BlockLayouts.HomeWorker] = static (_, data) => new HomeWorkerBlock(data),
        [BlockLayouts.Termination] = static (_, data) => new TerminationBlock(data),
        [BlockLayouts.ReportingFactsV04] = static (layout, data) => new ReportingFactsBlock(layout, data),
        [BlockLayouts.ReportingFactsV05] = static (layout, data) => new ReportingFactsBlock(layout, data),
    }.ToFrozenDictionary(ReferenceEqualityComparer.Instance);

    private delegate RecordModel RecordFactory(RecordLayout layout, ReadOnlySpan<byte> record, RecordStructure structure);

    private delegate DataBlock BlockFactory(SegmentLayout layout, ReadOnlySpan<byte> data);

    /// <summary>Creates the typed record for a layout; opaque layouts give an <see cref="UnknownRecord"/>.</summary>
    public static RecordModel CreateRecord(RecordLayout layout, ReadOnlySpan<byte> record, RecordStructure structure)
    {
        if (layout.IsOpaque)
        {
            return new UnknownRecord(layout, record);
        }

        return Records.TryGetValue(layout, out var create)
            ? create(layout, record, structure)
            : new GenericRecord(layout, record, structure);
    }

    /// <summary>Creates the typed block for a layout; blocks without a typed class (DBEU, DBUV, DBKS, …) stay generic.</summary>
    public static DataBlock CreateBlock(SegmentLayout layout, ReadOnlySpan<byte> data)
        => Blocks.TryGetValue(layout, out var create) ? create(layout, data) : DataBlock.CreateGeneric(layout, data);
}

/// <summary>A record of a known layout without a typed class of its own.</summary>
internal sealed class GenericRecord : RecordModel
{
    public GenericRecord(RecordLayout layout, ReadOnlySpan<byte> record, RecordStructure structure)
        : base(layout, record, structure)
    {
    }
}
