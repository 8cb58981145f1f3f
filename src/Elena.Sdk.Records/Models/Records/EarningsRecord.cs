using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>
/// Earnings record (Multifunktionaler Verdienstdatensatz, MVDS) v01 for ELENA. Setting a block property sets its
/// presence flag (<c>MMxx</c>) to <c>J</c>; setting it to <see langword="null"/> removes the block and sets the
/// flag to <c>N</c>.
/// </summary>
public sealed class EarningsRecord : ElenaRecord
{
    /// <summary>Creates a blank earnings record: procedure ELENA, no blocks, presence flags N.</summary>
    public EarningsRecord()
        : base(RecordLayouts.Earnings)
    {
    }

    internal EarningsRecord(ReadOnlySpan<byte> record, RecordStructure structure)
        : base(RecordLayouts.Earnings, record, structure)
    {
    }

    /// <summary>Reason: <c>00</c> ongoing, <c>10</c> start, <c>30</c> end, <c>40</c> start and end, <c>48</c> retirement, <c>49</c> death (GD).</summary>
    public string Reason { get => GetText("GD"); set => SetText("GD", value); }

    /// <summary>First day covered in the reporting month (MONATBEG).</summary>
    public DateOnly? PeriodStart { get => GetDate("MONATBEG"); set => SetDate("MONATBEG", value); }

    /// <summary>Last day covered in the reporting month, day only (MONATEND).</summary>
    public int? PeriodEndDay
    {
        get => (int?)GetNumber("MONATEND");
        set
        {
            if (value is < 1 or > 31)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "The last day covered is a day of the month, 1 to 31.");
            }

            SetNumber("MONATEND", value);
        }
    }

    /// <summary>Previous Betriebsnummer after an internal change (BBNRALT).</summary>
    public string PreviousEstablishmentNumber { get => GetText("BBNRALT"); set => SetText("BBNRALT", value); }

    /// <summary>Cancellation of an earlier record (KENNZST).</summary>
    public bool? IsCancellation { get => GetFlag("KENNZST"); set => SetFlag("KENNZST", value); }

    /// <summary>Earnings basics (DBEN, flag MMEN).</summary>
    public EarningsBasicsBlock? EarningsBasics { get => Get<EarningsBasicsBlock>("DBEN"); set => SetBlock("DBEN", value); }

    /// <summary>Employer (DBAG, flag MMAG).</summary>
    public EmployerBlock? Employer { get => Get<EmployerBlock>("DBAG"); set => SetBlock("DBAG", value); }

    /// <summary>Deviating place of work (DBAB, flag MMAB).</summary>
    public PlaceOfWorkBlock? PlaceOfWork { get => Get<PlaceOfWorkBlock>("DBAB"); set => SetBlock("DBAB", value); }

    /// <summary>Absence periods (DBFZ, flag MMFZ).</summary>
    public AbsencePeriodsBlock? AbsencePeriods { get => Get<AbsencePeriodsBlock>("DBFZ"); set => SetBlock("DBFZ", value); }

    /// <summary>Taxable other payments (DBSE, flag MMSE).</summary>
    public TaxablePaymentsBlock? TaxablePayments { get => Get<TaxablePaymentsBlock>("DBSE"); set => SetBlock("DBSE", value); }

    /// <summary>Tax-free payments (DBSB, flag MMSB).</summary>
    public TaxFreePaymentsBlock? TaxFreePayments { get => Get<TaxFreePaymentsBlock>("DBSB"); set => SetBlock("DBSB", value); }

    /// <summary>Training (DBAS, flag MMAS).</summary>
    public TrainingBlock? Training { get => Get<TrainingBlock>("DBAS"); set => SetBlock("DBAS", value); }

    /// <summary>Additional data (DBZD, flag MMZD).</summary>
    public AdditionalDataBlock? AdditionalData { get => Get<AdditionalDataBlock>("DBZD"); set => SetBlock("DBZD", value); }

    /// <summary>Side job (DBNB, flag MMNB).</summary>
    public SideJobBlock? SideJob { get => Get<SideJobBlock>("DBNB"); set => SetBlock("DBNB", value); }

    /// <summary>Home worker (DBHA, flag MMHA).</summary>
    public HomeWorkerBlock? HomeWorker { get => Get<HomeWorkerBlock>("DBHA"); set => SetBlock("DBHA", value); }

    /// <summary>Termination of employment (DBKE, flag MMKE).</summary>
    public TerminationBlock? Termination { get => Get<TerminationBlock>("DBKE"); set => SetBlock("DBKE", value); }

}
