using System.Globalization;
using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>
/// Termination of employment (DBKE), 522 characters. J/N fields read as <see langword="bool"/>
/// (<see langword="null"/> when blank); J/N/U fields and code fields read as their characters. Optional dates
/// read <see langword="null"/> for zeros and write zeros for <see langword="null"/>.
/// </summary>
public sealed class TerminationBlock : DataBlock
{
    /// <summary>Creates a blank termination block.</summary>
    public TerminationBlock()
        : base(BlockLayouts.Termination)
    {
    }

    internal TerminationBlock(ReadOnlySpan<byte> data)
        : base(BlockLayouts.Termination, data)
    {
    }

    /// <summary>End of employment (AVEND).</summary>
    public DateOnly? EmploymentEnd { get => GetDate("AVEND"); set => SetDate("AVEND", value); }

    /// <summary>Fixed-term employment (AVBFR).</summary>
    public bool? IsFixedTerm { get => GetFlag("AVBFR"); set => SetFlag("AVBFR", value); }

    /// <summary>Fixed term agreed in writing (AVBFSCHR).</summary>
    public bool? IsFixedTermInWriting { get => GetFlag("AVBFSCHR"); set => SetFlag("AVBFSCHR", value); }

    /// <summary>Date of the original fixed term (AVBFURSP).</summary>
    public DateOnly? OriginalFixedTermDate { get => GetDate("AVBFURSP"); set => SetDate("AVBFURSP", value); }

    /// <summary>Date the fixed term was agreed (AVBFABSCHL).</summary>
    public DateOnly? FixedTermAgreedOn { get => GetDate("AVBFABSCHL"); set => SetDate("AVBFABSCHL", value); }

    /// <summary>Date of the extended fixed term (AVBFABVL).</summary>
    public DateOnly? ExtendedFixedTermDate { get => GetDate("AVBFABVL"); set => SetDate("AVBFABVL", value); }

    /// <summary>Fixed term for a regular retirement (AVBFRL).</summary>
    public bool? IsFixedTermForRetirement { get => GetFlag("AVBFRL"); set => SetFlag("AVBFRL", value); }

    /// <summary>Date of the notice (AVKUEAM).</summary>
    public DateOnly? NoticeDate { get => GetDate("AVKUEAM"); set => SetDate("AVKUEAM", value); }

    /// <summary>Irrevocable release from work (AVUWFWZ).</summary>
    public bool? IsIrrevocablyReleased { get => GetFlag("AVUWFWZ"); set => SetFlag("AVUWFWZ", value); }

    /// <summary>Start of the release (AVUWFWZBEG).</summary>
    public DateOnly? ReleaseStart { get => GetDate("AVUWFWZBEG"); set => SetDate("AVUWFWZBEG", value); }

    /// <summary>End of the release (AVUWFWZEND).</summary>
    public DateOnly? ReleaseEnd { get => GetDate("AVUWFWZEND"); set => SetDate("AVUWFWZEND", value); }

    /// <summary>
    /// Last month of pay (AVLETZTRL, <c>JJJJMM</c>). Reads as the first day of the month; only year and month are
    /// written; <see langword="null"/> writes zeros.
    /// </summary>
    public DateOnly? LastPayMonth
    {
        get => DateOnly.TryParseExact(GetText("AVLETZTRL"), "yyyyMM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            ? month
            : null;
        set => SetText("AVLETZTRL", value?.ToString("yyyyMM", CultureInfo.InvariantCulture) ?? "000000");
    }

    /// <summary>Who terminated the employment, <c>0</c>–<c>6</c> (AVKUEDU).</summary>
    public string TerminatedBy { get => GetText("AVKUEDU"); set => SetText("AVKUEDU", value); }

    /// <summary>Notice given in writing (AVKUESCH).</summary>
    public bool? IsNoticeInWriting { get => GetFlag("AVKUESCH"); set => SetFlag("AVKUESCH", value); }

    /// <summary>Notice for operational reasons (AVKUEBETR).</summary>
    public bool? IsNoticeForOperationalReasons { get => GetFlag("AVKUEBETR"); set => SetFlag("AVKUEBETR", value); }

    /// <summary>Notice with a severance claim: <c>J</c>, <c>N</c> or <c>U</c> (AVKUESCHUKL).</summary>
    public string NoticeWithSeveranceClaim { get => GetText("AVKUESCHUKL"); set => SetText("AVKUESCHUKL", value); }

    /// <summary>Consent of an authority, <c>0</c>–<c>2</c> (AVKUEZUST).</summary>
    public string AuthorityConsent { get => GetText("AVKUEZUST"); set => SetText("AVKUEZUST", value); }

    /// <summary>Notice because of the employee's behaviour (AVKUEAL).</summary>
    public bool? IsNoticeForBehaviour { get => GetFlag("AVKUEAL"); set => SetFlag("AVKUEAL", value); }

    /// <summary>A warning was given (AVKUEALAM).</summary>
    public bool? WasWarningGiven { get => GetFlag("AVKUEALAM"); set => SetFlag("AVKUEALAM", value); }

    /// <summary>Date of the warning (AVAMDAT).</summary>
    public DateOnly? WarningDate { get => GetDate("AVAMDAT"); set => SetDate("AVAMDAT", value); }

    /// <summary>Description of the breach, free text (VWIVER).</summary>
    public string BreachDescription { get => GetText("VWIVER"); set => SetText("VWIVER", value); }

    /// <summary>The notice period was shortened (AVKUEZVB).</summary>
    public bool? IsNoticePeriodShortened { get => GetFlag("AVKUEZVB"); set => SetFlag("AVKUEZVB", value); }

    /// <summary>Social plan, <c>0</c>–<c>3</c> (SAW).</summary>
    public string SocialPlan { get => GetText("SAW"); set => SetText("SAW", value); }

    /// <summary>Name of the social plan (SAWPRNA).</summary>
    public string SocialPlanName { get => GetText("SAWPRNA"); set => SetText("SAWPRNA", value); }

    /// <summary>Date of the employer's notice (AGKUEAM).</summary>
    public DateOnly? EmployerNoticeDate { get => GetDate("AGKUEAM"); set => SetDate("AGKUEAM", value); }

    /// <summary>Date the notice was received (AGKUEZU).</summary>
    public DateOnly? NoticeReceivedOn { get => GetDate("AGKUEZU"); set => SetDate("AGKUEZU", value); }

    /// <summary>Notice period, in the unit of <see cref="NoticePeriodUnit"/> (KF).</summary>
    public int? NoticePeriod { get => (int?)GetNumber("KF"); set => SetNumber("KF", value); }

    /// <summary>Unit of the notice period, <c>0</c>–<c>4</c> (KFZE).</summary>
    public string NoticePeriodUnit { get => GetText("KFZE"); set => SetText("KFZE", value); }

    /// <summary>End point of the notice period, <c>0</c>–<c>5</c> (KFBZ).</summary>
    public string NoticePeriodEndPoint { get => GetText("KFBZ"); set => SetText("KFBZ", value); }

    /// <summary>Ordinary termination excluded (KA).</summary>
    public bool? IsOrdinaryTerminationExcluded { get => GetFlag("KA"); set => SetFlag("KA", value); }

    /// <summary>The exclusion is unlimited (KAU).</summary>
    public bool? IsExclusionUnlimited { get => GetFlag("KAU"); set => SetFlag("KAU", value); }

    /// <summary>Reason for the exclusion (KAUAUG).</summary>
    public string ExclusionReason { get => GetText("KAUAUG"); set => SetText("KAUAUG", value); }

    /// <summary>Legal basis of the exclusion (KABGG).</summary>
    public string ExclusionLegalBasis { get => GetText("KABGG"); set => SetText("KABGG", value); }

    /// <summary>Extraordinary notice (OKGL).</summary>
    public bool? IsExtraordinaryNotice { get => GetFlag("OKGL"); set => SetFlag("OKGL", value); }

    /// <summary>Extraordinary notice with a social period (OKGLFG).</summary>
    public bool? IsExtraordinaryNoticeWithSocialPeriod { get => GetFlag("OKGLFG"); set => SetFlag("OKGLFG", value); }

    /// <summary>Settlement or severance, <c>1</c>–<c>3</c> (AVENLZ).</summary>
    public string SettlementKind { get => GetText("AVENLZ"); set => SetText("AVENLZ", value); }

    /// <summary>Basis of the settlement (AVENLZG).</summary>
    public string SettlementBasis { get => GetText("AVENLZG"); set => SetText("AVENLZG", value); }

    /// <summary>Severance agreed: <c>J</c>, <c>N</c> or <c>U</c> (BVEGEN).</summary>
    public string SeveranceAgreed { get => GetText("BVEGEN"); set => SetText("BVEGEN", value); }

    /// <summary>Date of the severance agreement (BVEGENB).</summary>
    public DateOnly? SeveranceAgreementDate { get => GetDate("BVEGENB"); set => SetDate("BVEGENB", value); }

    /// <summary>Severance at the employer's instigation (AVENUAG).</summary>
    public bool? IsSeveranceAtEmployerInstigation { get => GetFlag("AVENUAG"); set => SetFlag("AVENUAG", value); }

    /// <summary>Date of the court ruling (BVENUR).</summary>
    public DateOnly? CourtRulingDate { get => GetDate("BVENUR"); set => SetDate("BVENUR", value); }

    /// <summary>Severance by settlement (AVENVL).</summary>
    public bool? IsSeveranceBySettlement { get => GetFlag("AVENVL"); set => SetFlag("AVENVL", value); }

    /// <summary>Date of the settlement (AVENVGB).</summary>
    public DateOnly? SettlementDate { get => GetDate("AVENVGB"); set => SetDate("AVENVGB", value); }

    /// <summary>Severance amount in whole euro (AVENVG).</summary>
    public long? SeveranceAmountEuro { get => GetNumber("AVENVG"); set => SetNumber("AVENVG", value); }

    /// <summary>Severance paid in the reporting month (ABFMONAT).</summary>
    public bool? IsSeverancePaidInMonth { get => GetFlag("ABFMONAT"); set => SetFlag("ABFMONAT", value); }

    /// <summary>Severance already paid (ABFGEZ).</summary>
    public bool? IsSeveranceAlreadyPaid { get => GetFlag("ABFGEZ"); set => SetFlag("ABFGEZ", value); }
}
