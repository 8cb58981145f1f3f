using System.Reflection;
using System.Text;
using Elena.Sdk.Records.Layouts;
using Elena.Sdk.Records.Models;

namespace Elena.Sdk.Records.Tests.Models;

public sealed class TypedModelTests
{
    private static readonly DateTime CreatedAt = new DateTime(2024, 1, 31, 23, 59, 58).AddTicks(123_456 * TimeSpan.TicksPerMicrosecond);

    private static readonly string[] EarningsFlags =
        ["MMEN", "MMNA", "MMGB", "MMAN", "MMAG", "MMAB", "MMFZ", "MMSE", "MMSB", "MMAS", "MMZD", "MMNB", "MMHA", "MMKE"];

    // Earnings record (MVDS)

    [Fact]
    public void EarningsRecord_AllBlocksSet_RoundTripsWithEqualValues()
    {
        var record = CreateEarningsRecord();

        byte[] bytes = record.ToBytes();

        int expectedLength = RecordLayouts.Earnings.FixedPart.Length
            + BlockLayouts.EarningsBasics.Length + BlockLayouts.Name.Length + BlockLayouts.Birth.Length + BlockLayouts.Address.Length
            + BlockLayouts.Employer.Length + BlockLayouts.PlaceOfWork.Length
            + BlockLayouts.AbsencePeriods.Length + (3 * BlockLayouts.AbsencePeriodItem.Length)
            + BlockLayouts.TaxablePayments.Length + (2 * BlockLayouts.TaxablePaymentItem.Length)
            + BlockLayouts.TaxFreePayments.Length + (1 * BlockLayouts.TaxFreePaymentItem.Length)
            + BlockLayouts.Training.Length + BlockLayouts.AdditionalData.Length + BlockLayouts.SideJob.Length
            + BlockLayouts.HomeWorker.Length + BlockLayouts.Termination.Length + BlockLayouts.NumberReturn.Length
            + BlockLayouts.RetiredNumbers.Length + (3 * BlockLayouts.RetiredNumberItem.Length)
            + BlockLayouts.IdentityNumbers.Length + (2 * BlockLayouts.IdentityItem.Length);
        Assert.Equal(expectedLength, bytes.Length);
        Assert.Equal(expectedLength, record.GetEncodedLength());

        var parsed = Assert.IsType<EarningsRecord>(RecordModel.Parse(bytes));
        AssertSameValues(record, parsed);
        Assert.Equal(bytes, parsed.ToBytes());

        Assert.Equal("65170839J003", parsed.InsuranceNumber);
        Assert.Equal("12345678", parsed.EstablishmentNumber);
        Assert.Equal("PN-4711", parsed.PersonnelReference);
        Assert.Equal("10", parsed.Reason);
        Assert.Equal(new DateOnly(2024, 1, 1), parsed.PeriodStart);
        Assert.Equal(31, parsed.PeriodEndDay);
        Assert.False(parsed.IsCivilServant);
        Assert.False(parsed.IsCancellation);
        Assert.Equal(CreatedAt, parsed.CreatedAt);
        Assert.Equal(-12_345, parsed.EarningsBasics!.TaxableGrossRegular);
        Assert.Equal(4_000, parsed.EarningsBasics.WeeklyHours);
        Assert.Equal("Mustermann", parsed.Name!.FamilyName);
        Assert.Equal(new DateOnly(1939, 5, 17), parsed.Birth!.BirthDate);
        Assert.Equal("Berlin", parsed.Address!.Town);
        Assert.Equal(new DateOnly(2023, 12, 1), parsed.Termination!.LastPayMonth);
        Assert.True(parsed.Termination.IsFixedTerm);
        Assert.Equal("U", parsed.Termination.SeveranceAgreed);
        foreach (string flag in EarningsFlags)
        {
            Assert.Equal("J", parsed[flag]);
        }
    }

    [Fact]
    public void EarningsRecord_BlocksRemoved_FlagsBecomeNAndBlocksAreGone()
    {
        var record = CreateEarningsRecord();
        int fullLength = record.ToBytes().Length;

        record.Termination = null;
        record.AbsencePeriods = null;
        record.RetiredNumbers = null;

        Assert.Equal("N", record["MMKE"]);
        Assert.Equal("N", record["MMFZ"]);
        byte[] bytes = record.ToBytes();
        int removed = BlockLayouts.Termination.Length
            + BlockLayouts.AbsencePeriods.Length + (3 * BlockLayouts.AbsencePeriodItem.Length)
            + BlockLayouts.RetiredNumbers.Length + (3 * BlockLayouts.RetiredNumberItem.Length);
        Assert.Equal(fullLength - removed, bytes.Length);

        var parsed = Assert.IsType<EarningsRecord>(RecordModel.Parse(bytes));
        Assert.Null(parsed.Termination);
        Assert.Null(parsed.AbsencePeriods);
        Assert.Null(parsed.RetiredNumbers);
        Assert.Equal("N", parsed["MMKE"]);
        Assert.Equal("N", parsed["MMFZ"]);
        Assert.Equal("J", parsed["MMEN"]);
        Assert.NotNull(parsed.IdentityNumbers);
        AssertSameValues(record, parsed);
    }

    [Fact]
    public void EarningsRecord_Blank_AllFlagsNAndOnlyFixedPart()
    {
        var record = new EarningsRecord();

        byte[] bytes = record.ToBytes();

        Assert.Equal(RecordLayouts.Earnings.FixedPart.Length, bytes.Length);
        foreach (string flag in EarningsFlags)
        {
            Assert.Equal("N", record[flag]);
        }

        var parsed = Assert.IsType<EarningsRecord>(RecordModel.Parse(bytes));
        Assert.Empty(parsed.Blocks);
        Assert.Null(parsed.EarningsBasics);
    }

    [Fact]
    public void EarningsRecord_EachBlockSetAndRemoved_FlagFollows()
    {
        var record = new EarningsRecord();
        var blocks = new (string Flag, Action<EarningsRecord> Set, Action<EarningsRecord> Remove)[]
        {
            ("MMEN", r => r.EarningsBasics = new EarningsBasicsBlock(), r => r.EarningsBasics = null),
            ("MMNA", r => r.Name = new NameBlock(), r => r.Name = null),
            ("MMGB", r => r.Birth = new BirthBlock(), r => r.Birth = null),
            ("MMAN", r => r.Address = new AddressBlock(), r => r.Address = null),
            ("MMAG", r => r.Employer = new EmployerBlock(), r => r.Employer = null),
            ("MMAB", r => r.PlaceOfWork = new PlaceOfWorkBlock(), r => r.PlaceOfWork = null),
            ("MMFZ", r => r.AbsencePeriods = new AbsencePeriodsBlock(), r => r.AbsencePeriods = null),
            ("MMSE", r => r.TaxablePayments = new TaxablePaymentsBlock(), r => r.TaxablePayments = null),
            ("MMSB", r => r.TaxFreePayments = new TaxFreePaymentsBlock(), r => r.TaxFreePayments = null),
            ("MMAS", r => r.Training = new TrainingBlock(), r => r.Training = null),
            ("MMZD", r => r.AdditionalData = new AdditionalDataBlock(), r => r.AdditionalData = null),
            ("MMNB", r => r.SideJob = new SideJobBlock(), r => r.SideJob = null),
            ("MMHA", r => r.HomeWorker = new HomeWorkerBlock(), r => r.HomeWorker = null),
            ("MMKE", r => r.Termination = new TerminationBlock(), r => r.Termination = null),
        };

        foreach (var (flag, set, remove) in blocks)
        {
            set(record);
            Assert.Equal("J", record[flag]);
            remove(record);
            Assert.Equal("N", record[flag]);
        }

        Assert.Empty(record.Blocks);
    }

    [Fact]
    public void EarningsRecord_PeriodEndDayOutOfRange_ThrowsArgumentOutOfRangeException()
    {
        var record = new EarningsRecord();

        Assert.Throws<ArgumentOutOfRangeException>(() => record.PeriodEndDay = 32);
        Assert.Throws<ArgumentOutOfRangeException>(() => record.PeriodEndDay = 0);
    }

    // Group blocks

    [Fact]
    public void AbsencePeriodsBlock_ThreeItems_WritesCount03AndRoundTrips()
    {
        var record = new EarningsRecord { AbsencePeriods = CreateAbsencePeriods() };

        byte[] bytes = record.ToBytes();

        int blockOffset = RecordLayouts.Earnings.FixedPart.Length;
        int countOffset = blockOffset + BlockLayouts.AbsencePeriods.FindField("ANFZ")!.Position - 1;
        Assert.Equal("DBFZ03", Encoding.Latin1.GetString(bytes, blockOffset, 6));
        Assert.Equal("03", Encoding.Latin1.GetString(bytes, countOffset, 2));
        Assert.Equal(blockOffset + BlockLayouts.AbsencePeriods.Length + (3 * BlockLayouts.AbsencePeriodItem.Length), bytes.Length);
        Assert.Equal("202403010100000000", Encoding.Latin1.GetString(bytes, bytes.Length - 18, 18));

        var parsed = Assert.IsType<EarningsRecord>(RecordModel.Parse(bytes));
        var periods = Assert.IsType<AbsencePeriodsBlock>(parsed.AbsencePeriods);
        Assert.Equal("03", periods["ANFZ"]);
        Assert.Equal(3, periods.Items.Count);
        Assert.Equal(new DateOnly(2024, 1, 2), periods.Items[0].Start);
        Assert.Equal("01", periods.Items[0].Kind);
        Assert.Equal(new DateOnly(2024, 1, 5), periods.Items[0].End);
        Assert.Equal("05", periods.Items[1].Kind);
        Assert.Null(periods.Items[2].End);
        Assert.Equal("00000000", periods.Items[2].GetRaw("FEHLEND"));
        AssertSameValues(record.AbsencePeriods!, periods);
    }

    [Fact]
    public void RetiredNumbersBlock_ThreeItems_WritesCount03AndRoundTrips()
    {
        var request = CreateNumberRequestRecord();

        byte[] bytes = request.ToBytes();

        var parsed = Assert.IsType<NumberRequestRecord>(RecordModel.Parse(bytes));
        var retired = Assert.IsType<RetiredNumbersBlock>(parsed.RetiredNumbers);
        Assert.Equal("03", retired["ANST"]);
        Assert.Equal(["53270513M017", "53270513M025", "53270513M033"], retired.Items.Select(i => i.Number));
        string text = Encoding.Latin1.GetString(bytes);
        Assert.Contains("DBST0353270513M01753270513M02553270513M033", text, StringComparison.Ordinal);
    }

    [Fact]
    public void GroupBlock_ItemsRemoved_CountWrittenFromItems()
    {
        var block = CreateAbsencePeriods();
        block.Items.RemoveAt(0);
        var record = new EarningsRecord { AbsencePeriods = block };

        byte[] bytes = record.ToBytes();

        var parsed = Assert.IsType<EarningsRecord>(RecordModel.Parse(bytes));
        Assert.Equal("02", parsed.AbsencePeriods!["ANFZ"]);
        Assert.Equal(2, parsed.AbsencePeriods.Items.Count);
    }

    // Number request records (DSVV)

    [Fact]
    public void NumberRequestRecord_BuiltWithBlocks_RoundTripsWithEqualValues()
    {
        var record = CreateNumberRequestRecord();

        byte[] bytes = record.ToBytes();

        int expectedLength = RecordLayouts.ElenaNumberRequest.FixedPart.Length
            + BlockLayouts.Name.Length + BlockLayouts.Birth.Length + BlockLayouts.Address.Length + BlockLayouts.NumberReturn.Length
            + BlockLayouts.RetiredNumbers.Length + (3 * BlockLayouts.RetiredNumberItem.Length)
            + BlockLayouts.IdentityNumbers.Length + (2 * BlockLayouts.IdentityItem.Length);
        Assert.Equal(expectedLength, bytes.Length);
        Assert.Equal("DSVVELENA", Encoding.Latin1.GetString(bytes, 0, 9));

        var parsed = Assert.IsType<NumberRequestRecord>(RecordModel.Parse(bytes));
        AssertSameValues(record, parsed);
        Assert.Equal("000", parsed.NationalityKey);
        Assert.Equal("01", parsed.NumberReturn!.ReasonCode);
        Assert.Equal("53", parsed.NumberReturn.AreaNumber);
        Assert.Equal("53170539M014", parsed.NumberReturn.Number);
        Assert.Equal("02", parsed.IdentityNumbers!["ANID"]);
        Assert.Equal("V", parsed.IdentityNumbers.Items[1].Kind);
        Assert.Equal("VID-000000000000042", parsed.IdentityNumbers.Items[1].Id);
        Assert.Equal("J", parsed["MMNA"]);
        Assert.Equal("N", parsed["MMEN"]);
    }

    [Fact]
    public void DeuevNumberRequestRecord_BuiltWithBlocks_RoundTripsWithEqualValues()
    {
        var record = new DeuevNumberRequestRecord
        {
            Sender = "12345678",
            Receiver = "66667777",
            CreatedAt = CreatedAt,
            SearchResult = "0",
            EstablishmentNumber = "12345678",
            PersonnelReference = "PN-1",
            RecordId = "DEUEV-REQUEST-1",
            TransmissionKind = "1",
            Name = CreateName(),
            Birth = CreateBirth(),
        };

        byte[] bytes = record.ToBytes();

        Assert.Equal(RecordLayouts.DeuevNumberRequest.FixedPart.Length + BlockLayouts.Name.Length + BlockLayouts.Birth.Length, bytes.Length);
        var parsed = Assert.IsType<DeuevNumberRequestRecord>(RecordModel.Parse(bytes));
        AssertSameValues(record, parsed);
        Assert.Equal("J", parsed["MMNA"]);
        Assert.Equal("J", parsed["MMGB"]);
        Assert.Equal("N", parsed["MMAN"]);
        Assert.Null(parsed.Address);
        Assert.Equal("DEUEV-REQUEST-1", parsed.RecordId);

        parsed.Address = CreateAddress();
        parsed.Birth = null;
        var reparsed = Assert.IsType<DeuevNumberRequestRecord>(RecordModel.Parse(parsed.ToBytes()));
        Assert.Equal("N", reparsed["MMGB"]);
        Assert.Equal("J", reparsed["MMAN"]);
        Assert.Equal("Berlin", reparsed.Address!.Town);
    }

    // Communication record (DSKO)

    [Fact]
    public void CommunicationRecord_V02_RoundTripsWithEqualValues()
    {
        var record = CreateCommunicationRecord("02");
        record.ConfirmationWanted = true;
        record.ReplyChannel = ReplyChannel.Mail;

        byte[] bytes = record.ToBytes();

        Assert.Equal(RecordLayouts.CommunicationV02.FixedPart.Length, bytes.Length);
        var parsed = Assert.IsType<CommunicationRecord>(RecordModel.Parse(bytes));
        Assert.Same(RecordLayouts.CommunicationV02, parsed.RecordLayout);
        AssertSameValues(record, parsed);
        Assert.Equal("ELENA", parsed.Procedure);
        Assert.Equal("12345678", parsed.Sender);
        Assert.Equal("12345678", parsed["BBNRAB"]);
        Assert.Equal("66667777", parsed["BBNREP"]);
        Assert.Equal("12345678", parsed["BBNRER"]);
        Assert.Equal(1_234_567, parsed.ProductId);
        Assert.Equal(89, parsed.ModificationId);
        Assert.Equal("00000089", parsed.GetRaw("MODID"));
        Assert.True(parsed.ConfirmationWanted);
        Assert.Equal(ReplyChannel.Mail, parsed.ReplyChannel);
    }

    [Fact]
    public void CommunicationRecord_V04_RoundTripsWithSenderNumbers()
    {
        var record = CreateCommunicationRecord("04");
        record.Sender = "A1234567";

        byte[] bytes = record.ToBytes();

        Assert.Equal(RecordLayouts.CommunicationV04.FixedPart.Length, bytes.Length);
        var parsed = Assert.IsType<CommunicationRecord>(RecordModel.Parse(bytes));
        Assert.Same(RecordLayouts.CommunicationV04, parsed.RecordLayout);
        Assert.Equal("04", parsed.Version);
        AssertSameValues(record, parsed);
        Assert.Equal("A1234567", parsed["ABSN"]);
        Assert.Equal("66667777", parsed["EPNR"]);
        Assert.Equal("12345678", parsed["ABSNER"]);
    }

    [Fact]
    public void CommunicationRecord_V04ConfirmationOrReplyChannel_ThrowsInvalidOperationException()
    {
        var record = new CommunicationRecord("04");

        var read = Assert.Throws<InvalidOperationException>(() => record.ConfirmationWanted);
        Assert.Contains("VERBEST", read.Message, StringComparison.Ordinal);
        Assert.Contains("02", read.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => record.ConfirmationWanted = true);
        var channel = Assert.Throws<InvalidOperationException>(() => record.ReplyChannel);
        Assert.Contains("FERUECK", channel.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => record.ReplyChannel = ReplyChannel.Paper);
    }

    [Fact]
    public void CommunicationRecord_UnsupportedVersion_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new CommunicationRecord("03"));
    }

    [Theory]
    [InlineData('J', ReplyChannel.Mail)]
    [InlineData('K', ReplyChannel.CommunicationServer)]
    [InlineData('N', ReplyChannel.Paper)]
    [InlineData('X', ReplyChannel.CommunicationServer)]
    [InlineData('E', ReplyChannel.CommunicationServer)]
    public void CommunicationRecord_ReplyChannelLetter_ReadsAsChannel(char letter, ReplyChannel expected)
    {
        byte[] bytes = CreateCommunicationRecord("02").ToBytes();
        bytes[RecordLayouts.CommunicationV02.FixedPart.FindField("FERUECK")!.Position - 1] = (byte)letter;

        var parsed = Assert.IsType<CommunicationRecord>(RecordModel.Parse(bytes));

        Assert.Equal(expected, parsed.ReplyChannel);
    }

    [Fact]
    public void CommunicationRecord_ReplyChannelBlank_ReadsNull()
    {
        var record = new CommunicationRecord();

        Assert.Null(record.ReplyChannel);
        Assert.Null(record.ConfirmationWanted);
    }

    [Theory]
    [InlineData(ReplyChannel.Mail, "J")]
    [InlineData(ReplyChannel.CommunicationServer, "K")]
    [InlineData(ReplyChannel.Paper, "N")]
    public void CommunicationRecord_ReplyChannelSet_WritesLetter(ReplyChannel channel, string letter)
    {
        var record = new CommunicationRecord { ReplyChannel = channel };

        Assert.Equal(letter, record["FERUECK"]);

        record.ReplyChannel = null;
        Assert.Equal(string.Empty, record["FERUECK"]);
    }

    // Timestamps

    [Fact]
    public void CreatedAt_WithMicroseconds_WritesTwentyDigitsAndReadsBack()
    {
        var record = new EarningsRecord { CreatedAt = CreatedAt };

        Assert.Equal("20240131235958123456", record.GetRaw("ED"));
        Assert.Equal(CreatedAt, record.CreatedAt);

        record.CreatedAt = null;
        Assert.Equal(new string(' ', 20), record.GetRaw("ED"));
        Assert.Null(record.CreatedAt);
    }

    [Theory]
    [InlineData("20241331000000000000")]
    [InlineData("20240230120000000000")]
    [InlineData("20240101246000000000")]
    public void CreatedAt_InvalidTimestamp_ReadsNull(string raw)
    {
        var record = new NotificationRecord();
        record["ED"] = raw;

        Assert.Null(record.CreatedAt);
    }

    // Notification record (DSME)

    [Theory]
    [InlineData("04", "KENNZGLE")]
    [InlineData("05", "KENNZMIDI")]
    public void NotificationRecord_BuiltWithBlocks_RoundTripsWithEqualValues(string version, string transitionField)
    {
        var record = new NotificationRecord(version)
        {
            Sender = "12345678",
            Receiver = "87654321",
            CreatedAt = CreatedAt,
            InsuranceNumber = "65170839J003",
            EstablishmentNumber = "12345678",
            PersonnelReference = "PN-4711",
            CollectingAgencyNumber = "98765432",
            PersonGroup = "101",
            Reason = "10",
            NationalityKey = "000",
            RecordId = "NOTIFICATION-1",
            Name = CreateName(),
            Birth = CreateBirth(),
            Address = CreateAddress(),
            NumberReturn = new NumberReturnBlock { ReasonCode = "02", AreaNumber = "13", Number = "13170539M011" },
        };
        var facts = new ReportingFactsBlock(record.ReportingFactsLayout)
        {
            IsCancellation = false,
            TransitionZone = "1",
            PeriodStart = new DateOnly(2024, 1, 1),
            PeriodEnd = null,
            ShortTermEmploymentDays = 0,
            Currency = "E",
            Pay = 12_345,
            ContributionGroupKey = "1111",
            ActivityKey = "432124311",
            LegalArea = "W",
            IsMultipleEmployment = true,
            EmployeeKind = "0",
            IsSeasonalWorker = false,
        };
        record.ReportingFacts = facts;
        var european = new DataBlock(BlockLayouts.EuropeanNumber) { ["EUVSNR"] = "EU-123" };
        record.SetBlock("DBEU", european);

        byte[] bytes = record.ToBytes();

        int expectedLength = RecordLayouts.NotificationV05.FixedPart.Length + BlockLayouts.ReportingFactsV05.Length
            + BlockLayouts.Name.Length + BlockLayouts.Birth.Length + BlockLayouts.Address.Length
            + BlockLayouts.EuropeanNumber.Length + BlockLayouts.NumberReturn.Length;
        Assert.Equal(expectedLength, bytes.Length);
        var parsed = Assert.IsType<NotificationRecord>(RecordModel.Parse(bytes));
        Assert.Equal(version, parsed.Version);
        AssertSameValues(record, parsed);
        Assert.Equal("1", parsed.ReportingFacts!.TransitionZone);
        Assert.Equal("1", parsed.ReportingFacts[transitionField]);
        Assert.Equal("00000000", parsed.ReportingFacts.GetRaw("ZREN"));
        Assert.Equal(12_345, parsed.ReportingFacts.Pay);
        Assert.Equal("98765432", parsed.CollectingAgencyNumber);
        foreach (string flag in new[] { "MMME", "MMNA", "MMGB", "MMAN", "MMEU", "MMVR" })
        {
            Assert.Equal("J", parsed[flag]);
        }

        Assert.Equal("N", parsed["MMKV"]);
        var generic = parsed.GetBlock("DBEU");
        Assert.IsType<DataBlock>(generic);
        Assert.Equal("EU-123", generic!["EUVSNR"]);

        parsed.ReportingFacts = null;
        Assert.Equal("N", parsed["MMME"]);
    }

    [Fact]
    public void NotificationRecord_ReportingFactsOfOtherVersion_ThrowsArgumentException()
    {
        var record = new NotificationRecord("05");

        Assert.Throws<ArgumentException>(() => record.ReportingFacts = new ReportingFactsBlock(BlockLayouts.ReportingFactsV04));
    }

    [Fact]
    public void ReportingFactsBlock_V04PensionRelevantPay_ThrowsInvalidOperationException()
    {
        var v04 = new ReportingFactsBlock(BlockLayouts.ReportingFactsV04);
        var v05 = new ReportingFactsBlock(BlockLayouts.ReportingFactsV05) { PensionRelevantPay = 520 };

        Assert.Throws<InvalidOperationException>(() => v04.PensionRelevantPay);
        Assert.Equal("000520", v05["EGRB"]);
        Assert.Equal(520, v05.PensionRelevantPay);
    }

    [Fact]
    public void ReportingFactsBlock_OtherLayout_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new ReportingFactsBlock(BlockLayouts.Name));
    }

    // Signed amounts

    [Theory]
    [InlineData(-12_345L, "-", "0000012345")]
    [InlineData(12_345L, "+", "0000012345")]
    [InlineData(0L, "+", "0000000000")]
    [InlineData(-9_999_999_999L, "-", "9999999999")]
    public void EarningsBasicsBlock_SignedAmount_WritesSignAndAbsoluteAmount(long cents, string sign, string amount)
    {
        var block = new EarningsBasicsBlock { TaxableGrossRegular = cents, WageTaxOther = cents };

        Assert.Equal(sign, block["VSTBREGLF"]);
        Assert.Equal(amount, block["STBREGLF"]);
        Assert.Equal(sign, block["VLSTSOB"]);
        Assert.Equal(cents, block.TaxableGrossRegular);

        var parsed = Assert.IsType<EarningsRecord>(RecordModel.Parse(new EarningsRecord { EarningsBasics = block }.ToBytes()));
        Assert.Equal(cents, parsed.EarningsBasics!.TaxableGrossRegular);
        Assert.Equal(cents, parsed.EarningsBasics.WageTaxOther);
    }

    [Fact]
    public void SignedAmounts_NegativeAndPositivePayments_RoundTrip()
    {
        var record = new EarningsRecord
        {
            TaxablePayments = new TaxablePaymentsBlock
            {
                Items =
                {
                    new TaxablePayment { AmountCents = -50_000, Kind = "01", KindText = "Weihnachtsgeld Korrektur" },
                    new TaxablePayment { AmountCents = 125_050, Kind = "99", KindText = "Prämie" },
                },
            },
            TaxFreePayments = new TaxFreePaymentsBlock { Items = { new TaxFreePayment { AmountCents = -1, Kind = "02", KindText = "Zuschlag" } } },
            AdditionalData = new AdditionalDataBlock { FlatWageTax = -700, FlatChurchTax = 42 },
        };

        var parsed = Assert.IsType<EarningsRecord>(RecordModel.Parse(record.ToBytes()));

        Assert.Equal([-50_000L, 125_050L], parsed.TaxablePayments!.Items.Select(p => p.AmountCents!.Value));
        Assert.Equal("-", parsed.TaxablePayments.Items[0]["VSTSOB"]);
        Assert.Equal("+", parsed.TaxablePayments.Items[1]["VSTSOB"]);
        Assert.Equal("Prämie", parsed.TaxablePayments.Items[1].KindText);
        Assert.Equal(-1, parsed.TaxFreePayments!.Items[0].AmountCents);
        Assert.Equal("0000000001", parsed.TaxFreePayments.Items[0]["SB"]);
        Assert.Equal(-700, parsed.AdditionalData!.FlatWageTax);
        Assert.Equal(42, parsed.AdditionalData.FlatChurchTax);
    }

    // Field writing

    [Fact]
    public void SetText_ValueTooLong_ThrowsArgumentExceptionWithoutValue()
    {
        const string secret = "Geheimer-Familienname-Nicht-Loggen";
        var block = new NameBlock();
        var record = new CommunicationRecord();

        var blockError = Assert.Throws<ArgumentException>(() => block.FamilyName = secret);
        var recordError = Assert.Throws<ArgumentException>(() => record.ContactName = secret + secret);

        Assert.DoesNotContain(secret, blockError.Message, StringComparison.Ordinal);
        Assert.Contains("FMNA", blockError.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, recordError.Message, StringComparison.Ordinal);
        Assert.Contains("NAMEAP", recordError.Message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, block.FamilyName);
    }

    [Fact]
    public void SetNumber_NegativeUnsignedAmount_ThrowsArgumentOutOfRangeException()
    {
        var block = new EarningsBasicsBlock();

        Assert.Throws<ArgumentOutOfRangeException>(() => block.SocialInsuranceGrossRegular = -1);
    }

    [Fact]
    public void TerminationBlock_LastPayMonth_WritesYearAndMonthOnly()
    {
        var block = new TerminationBlock { LastPayMonth = new DateOnly(2023, 12, 24) };

        Assert.Equal("202312", block["AVLETZTRL"]);
        Assert.Equal(new DateOnly(2023, 12, 1), block.LastPayMonth);

        block.LastPayMonth = null;
        Assert.Equal("000000", block["AVLETZTRL"]);
        Assert.Null(block.LastPayMonth);
    }

    // Factory

    [Fact]
    public void CreateBlock_EveryTypedLayout_ReturnsTypedClass()
    {
        var blanks = new DataBlock[]
        {
            new NameBlock(), new BirthBlock(), new AddressBlock(), new NumberReturnBlock(), new RetiredNumbersBlock(),
            new IdentityNumbersBlock(), new EarningsBasicsBlock(), new EmployerBlock(), new PlaceOfWorkBlock(),
            new AbsencePeriodsBlock(), new TaxablePaymentsBlock(), new TaxFreePaymentsBlock(), new TrainingBlock(),
            new AdditionalDataBlock(), new SideJobBlock(), new HomeWorkerBlock(), new TerminationBlock(),
            new ReportingFactsBlock(BlockLayouts.ReportingFactsV04), new ReportingFactsBlock(BlockLayouts.ReportingFactsV05),
            new ErrorBlock("DSKO620", "Test"),
        };

        foreach (var blank in blanks)
        {
            var data = new byte[blank.EncodedLength];
            blank.EncodeTo(data);

            var created = ModelFactory.CreateBlock(blank.Layout, data);

            Assert.IsType(blank.GetType(), created);
            Assert.Same(blank.Layout, created.Layout);
            Assert.Equal(blank.GetFields(), created.GetFields());
        }
    }

    [Fact]
    public void CreateBlock_UntypedLayouts_StayGenericDataBlock()
    {
        var layouts = new[]
        {
            BlockLayouts.EuropeanNumber, BlockLayouts.AccidentInsuranceV04, BlockLayouts.AccidentInsuranceV05,
            BlockLayouts.MinersAndSeafarers, BlockLayouts.ImmediateNotification, BlockLayouts.HealthInsurance,
            BlockLayouts.MarginalEmploymentReturn, BlockLayouts.InsuranceCard, BlockLayouts.OccupationalData,
        };

        foreach (var layout in layouts)
        {
            var blank = new DataBlock(layout);
            var data = new byte[blank.EncodedLength];
            blank.EncodeTo(data);

            Assert.IsType<DataBlock>(ModelFactory.CreateBlock(layout, data));
        }
    }

    // Builders

    private static EarningsRecord CreateEarningsRecord() => new()
    {
        Sender = "12345678",
        Receiver = "66667777",
        CreatedAt = CreatedAt,
        InsuranceNumber = "65170839J003",
        EstablishmentNumber = "12345678",
        PersonnelReference = "PN-4711",
        HealthInsurerNumber = "98765432",
        PayrollServiceNumber = "11112222",
        PersonGroup = "101",
        Reason = "10",
        IsCivilServant = false,
        PeriodStart = new DateOnly(2024, 1, 1),
        PeriodEndDay = 31,
        PreviousEstablishmentNumber = "33334444",
        RecordId = "MVDS-2024-01-0001",
        IsCancellation = false,
        EarningsBasics = new EarningsBasicsBlock
        {
            EmploymentStart = new DateOnly(2020, 4, 1),
            TaxClass = "1",
            TaxFactor = "0000",
            ChildAllowances = "0.5",
            ActivityKey = "432124311",
            LegalArea = "W",
            ContributionGroupKey = "1111",
            WeeklyHours = 4_000,
            TaxableGrossRegular = -12_345,
            TaxableGrossOther = 50_000,
            SocialInsuranceGrossRegular = 350_000,
            SocialInsuranceGrossOneOff = 0,
            TotalGross = 400_000,
            HealthInsuranceRegular = 28_700,
            HealthInsuranceOneOff = 0,
            PensionInsuranceRegular = 32_550,
            PensionInsuranceOneOff = 0,
            UnemploymentInsuranceRegular = 4_550,
            UnemploymentInsuranceOneOff = 0,
            CareInsuranceRegular = 5_950,
            CareInsuranceOneOff = 0,
            WageTaxRegular = 45_000,
            WageTaxOther = -1_000,
            SolidaritySurchargeRegular = 0,
            SolidaritySurchargeOther = 0,
            ChurchTaxRegular = 4_050,
            ChurchTaxOther = -90,
        },
        Name = CreateName(),
        Birth = CreateBirth(),
        Address = CreateAddress(),
        Employer = new EmployerBlock
        {
            Name1 = "Muster GmbH",
            Name2 = "Lohnbuchhaltung",
            CountryCode = "D",
            PostalCode = "10115",
            Town = "Berlin",
            Street = "Invalidenstraße",
            HouseNumber = "1a",
            ContactName = "Erika Beispiel",
            ContactPhone = "030 1234567",
            ContactEmail = "lohn@example.org",
        },
        PlaceOfWork = new PlaceOfWorkBlock { CountryCode = "D", PostalCode = "80331", Town = "München" },
        AbsencePeriods = CreateAbsencePeriods(),
        TaxablePayments = new TaxablePaymentsBlock
        {
            Items =
            {
                new TaxablePayment { AmountCents = 150_000, Kind = "01", KindText = "Weihnachtsgeld" },
                new TaxablePayment { AmountCents = -2_500, Kind = "99", KindText = "Korrektur" },
            },
        },
        TaxFreePayments = new TaxFreePaymentsBlock { Items = { new TaxFreePayment { AmountCents = 4_400, Kind = "03", KindText = "Fahrtkosten" } } },
        Training = new TrainingBlock { Kind = "1", Start = new DateOnly(2021, 8, 1), PlannedEnd = new DateOnly(2024, 7, 31), ActualEnd = null },
        AdditionalData = new AdditionalDataBlock
        {
            FictitiousGross = 100_000,
            FlatTaxedPaySection37b = 5_000,
            FlatTaxedPaySection40 = -300,
            FlatTaxedPaySection40b = 0,
            EmployerSubsidyHealthInsurance = 0,
            EmployerSubsidyCareInsurance = 0,
            VoluntaryHealthInsuranceContribution = 0,
            VoluntaryCareInsuranceContribution = 0,
            PensionSchemeContribution = 0,
            FlatWageTax = 1_250,
            FlatSolidaritySurcharge = 68,
            FlatChurchTax = -12,
            WorkingHoursChangeReason = "0",
            ComparableFullTimeWeeklyHours = 4_000,
        },
        SideJob = new SideJobBlock
        {
            HoursWeek1 = 1_000,
            HoursWeek2 = 1_050,
            HoursWeek3 = 0,
            HoursWeek4 = 825,
            HoursWeek5 = 0,
            HoursWeek6 = 0,
            HomeWorkIssueDay = "Montag",
            HomeWorkDeliveryDay = "Freitag",
        },
        HomeWorker = new HomeWorkerBlock { HolidayEntitlementDays = 30, HolidayDaysTaken = 12, HolidayPay = 98_765, HolidayPayMethod = "1" },
        Termination = CreateTermination(),
        NumberReturn = new NumberReturnBlock { ReasonCode = "01", AreaNumber = "53", Number = "53170539M014" },
        RetiredNumbers = CreateRetiredNumbers(),
        IdentityNumbers = CreateIdentityNumbers(),
    };

    private static NumberRequestRecord CreateNumberRequestRecord() => new()
    {
        Sender = "12345678",
        Receiver = "66667777",
        CreatedAt = CreatedAt,
        EstablishmentNumber = "12345678",
        PersonnelReference = "PN-4712",
        HealthInsurerNumber = "98765432",
        PayrollServiceNumber = "11112222",
        PersonGroup = "101",
        NationalityKey = "000",
        IsCivilServant = false,
        RecordId = "DSVV-1",
        Name = CreateName(),
        Birth = CreateBirth(),
        Address = CreateAddress(),
        NumberReturn = new NumberReturnBlock { ReasonCode = "01", AreaNumber = "53", Number = "53170539M014" },
        RetiredNumbers = CreateRetiredNumbers(),
        IdentityNumbers = CreateIdentityNumbers(),
    };

    private static CommunicationRecord CreateCommunicationRecord(string version) => new(version)
    {
        Procedure = "ELENA",
        Sender = "12345678",
        Receiver = "66667777",
        CreatedAt = CreatedAt,
        FileCreator = "12345678",
        ProductId = 1_234_567,
        ModificationId = 89,
        Name1 = "Muster GmbH",
        Name2 = "Abteilung Lohn",
        Name3 = "Standort Mitte",
        PostalCode = "10115",
        Town = "Berlin",
        Street = "Invalidenstraße",
        HouseNumber = "1a",
        ContactSalutation = "W",
        ContactName = "Erika Beispiel",
        ContactPhone = "030 1234567",
        ContactFax = "030 1234568",
        ContactEmail = "protokolle@example.org",
    };

    private static NameBlock CreateName() => new()
    {
        FamilyName = "Mustermann",
        FirstName = "Max",
        Prefix = "von",
        Title = "Dr.",
    };

    private static BirthBlock CreateBirth() => new()
    {
        BirthName = "Müller",
        BirthNamePrefix = "von",
        BirthNameSuffix = "Freiherr",
        BirthDate = new DateOnly(1939, 5, 17),
        Sex = "M",
        PlaceOfBirth = "Köln",
    };

    private static AddressBlock CreateAddress() => new()
    {
        CountryCode = "D",
        PostalCode = "10115",
        Town = "Berlin",
        Street = "Chausseestraße",
        HouseNumber = "12b",
        AddressSupplement = "Hinterhaus",
    };

    private static AbsencePeriodsBlock CreateAbsencePeriods() => new()
    {
        Items =
        {
            new AbsencePeriod { Start = new DateOnly(2024, 1, 2), Kind = "01", End = new DateOnly(2024, 1, 5) },
            new AbsencePeriod { Start = new DateOnly(2024, 2, 12), Kind = "05", End = new DateOnly(2024, 2, 16) },
            new AbsencePeriod { Start = new DateOnly(2024, 3, 1), Kind = "01", End = null },
        },
    };

    private static RetiredNumbersBlock CreateRetiredNumbers() => new()
    {
        Items =
        {
            new RetiredNumber { Number = "53270513M017" },
            new RetiredNumber { Number = "53270513M025" },
            new RetiredNumber { Number = "53270513M033" },
        },
    };

    private static IdentityNumbersBlock CreateIdentityNumbers() => new()
    {
        Items =
        {
            new IdentityNumber { Kind = "Z", Id = "ZID-000000000000001" },
            new IdentityNumber { Kind = "V", Id = "VID-000000000000042" },
        },
    };

    private static TerminationBlock CreateTermination() => new()
    {
        EmploymentEnd = new DateOnly(2023, 12, 31),
        IsFixedTerm = true,
        IsFixedTermInWriting = true,
        OriginalFixedTermDate = new DateOnly(2023, 6, 30),
        FixedTermAgreedOn = new DateOnly(2022, 12, 15),
        ExtendedFixedTermDate = null,
        IsFixedTermForRetirement = false,
        NoticeDate = new DateOnly(2023, 9, 28),
        IsIrrevocablyReleased = true,
        ReleaseStart = new DateOnly(2023, 11, 1),
        ReleaseEnd = new DateOnly(2023, 12, 31),
        LastPayMonth = new DateOnly(2023, 12, 1),
        TerminatedBy = "1",
        IsNoticeInWriting = true,
        IsNoticeForOperationalReasons = true,
        NoticeWithSeveranceClaim = "N",
        AuthorityConsent = "0",
        IsNoticeForBehaviour = false,
        WasWarningGiven = false,
        WarningDate = null,
        BreachDescription = "Keine Pflichtverletzung",
        IsNoticePeriodShortened = false,
        SocialPlan = "0",
        SocialPlanName = "Sozialplan 2023",
        EmployerNoticeDate = new DateOnly(2023, 9, 28),
        NoticeReceivedOn = new DateOnly(2023, 9, 29),
        NoticePeriod = 3,
        NoticePeriodUnit = "2",
        NoticePeriodEndPoint = "1",
        IsOrdinaryTerminationExcluded = false,
        IsExclusionUnlimited = false,
        ExclusionReason = "Tarifvertrag",
        ExclusionLegalBasis = "TV-L § 34",
        IsExtraordinaryNotice = false,
        IsExtraordinaryNoticeWithSocialPeriod = false,
        SettlementKind = "2",
        SettlementBasis = "Aufhebungsvertrag",
        SeveranceAgreed = "U",
        SeveranceAgreementDate = new DateOnly(2023, 10, 5),
        IsSeveranceAtEmployerInstigation = true,
        CourtRulingDate = null,
        IsSeveranceBySettlement = false,
        SettlementDate = null,
        SeveranceAmountEuro = 15_000,
        IsSeverancePaidInMonth = true,
        IsSeveranceAlreadyPaid = false,
    };

    // Comparison

    private static void AssertSameValues(object expected, object actual)
    {
        Assert.IsType(expected.GetType(), actual);
        if (expected is Segment segment)
        {
            Assert.Equal(segment.GetFields(), ((Segment)actual).GetFields());
        }

        foreach (var property in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var (expectedValue, expectedError) = Read(property, expected);
            var (actualValue, actualError) = Read(property, actual);
            Assert.Equal(expectedError, actualError);
            switch (expectedValue)
            {
                case DataBlock block:
                    Assert.NotNull(actualValue);
                    AssertSameValues(block, actualValue);
                    break;
                case SegmentLayout layout:
                    Assert.Same(layout, actualValue);
                    break;
                default:
                    Assert.Equal(expectedValue, actualValue);
                    break;
            }
        }

        if (expected is DataBlock && expected.GetType().GetProperty("Items")?.GetValue(expected) is IEnumerable<GroupItem> expectedItems)
        {
            var actualItems = Assert.IsAssignableFrom<IEnumerable<GroupItem>>(actual.GetType().GetProperty("Items")!.GetValue(actual)).ToList();
            var expectedList = expectedItems.ToList();
            Assert.Equal(expectedList.Count, actualItems.Count);
            for (int i = 0; i < expectedList.Count; i++)
            {
                AssertSameValues(expectedList[i], actualItems[i]);
            }
        }
    }

    private static (object? Value, Type? Error) Read(PropertyInfo property, object target)
    {
        try
        {
            return (property.GetValue(target), null);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            return (null, ex.InnerException.GetType());
        }
    }
}
