using System.Globalization;
using Elena.Sdk.Records.Identifiers;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Records.Writing;

namespace Elena.Sdk.Testing.Data;

/// <summary>
/// Deterministic synthetic ELENA employer files: realistic persons (insurance numbers agree with birth date,
/// birth-name initial and sex), every data block represented, valid check digits throughout. Records are
/// produced one at a time, so files of any size take constant memory.
/// </summary>
public static class SyntheticFileGenerator
{
    private static readonly string[] FamilyNames =
    [
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
        "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
        "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann",
        "Özdemir", "Yilmaz", "Nowak", "Kowalski", "Böhm", "Jäger", "Groß", "Vogel", "Friedrich", "Keller",
    ];

    private static readonly string[] FemaleNames =
        ["Anna", "Maria", "Sophie", "Lena", "Julia", "Katharina", "Sabine", "Petra", "Andrea", "Jördis", "Elif", "Zoë"];

    private static readonly string[] MaleNames =
        ["Thomas", "Michael", "Andreas", "Stefan", "Jürgen", "Klaus", "Peter", "Lukas", "Jonas", "Mehmet", "René", "Björn"];

    private static readonly (string PostalCode, string Town, string Street)[] Places =
    [
        ("30159", "Hannover", "Hauptstraße"), ("10115", "Berlin", "Invalidenstraße"), ("80331", "München", "Marienplatz"),
        ("50667", "Köln", "Hohe Straße"), ("20095", "Hamburg", "Mönckebergstraße"), ("01067", "Dresden", "Prager Straße"),
        ("04109", "Leipzig", "Grimmaische Straße"), ("70173", "Stuttgart", "Königstraße"), ("99084", "Erfurt", "Anger"),
    ];

    private static readonly string[] AreaNumbers = ["02", "03", "04", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "23", "24", "25", "26", "28", "29"];

    /// <summary>Writes a complete file (VOSZ, DSKO v02, records, NCSZ) to a stream, ISO-8859-1, CR LF.</summary>
    /// <param name="destination">The destination stream; not disposed.</param>
    /// <param name="options">What to generate.</param>
    /// <param name="cancellationToken">Cancels writing.</param>
    /// <returns>The number of records written, header and trailer included.</returns>
    public static async Task<long> WriteAsync(Stream destination, SyntheticFileOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await using var writer = new RecordWriter(destination);
        foreach (var record in Generate(options))
        {
            await writer.WriteAsync(record, cancellationToken).ConfigureAwait(false);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return writer.RecordCount;
    }

    /// <summary>Produces the records of a file one at a time, header first and trailer last.</summary>
    /// <param name="options">What to generate.</param>
    /// <returns>The records.</returns>
    public static IEnumerable<RecordModel> Generate(SyntheticFileOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.EarningsRecords < 0 || options.NumberRequests < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Record counts cannot be negative.");
        }

        if ((options.EarningsRecords > 0) == (options.NumberRequests > 0))
        {
            throw new ArgumentException("Set either EarningsRecords or NumberRequests: MVDS and DSVV are never in the same file.", nameof(options));
        }

        if (options.ReportingMonth.Year is < 1900 or > 2999)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The reporting month must lie between 1900 and 2999.");
        }

        if (!EmployerNumber.IsValid(options.Receiver))
        {
            throw new ArgumentException("The receiver must be a valid Betriebsnummer.", nameof(options));
        }

        return GenerateCore(options);
    }

    private static IEnumerable<RecordModel> GenerateCore(SyntheticFileOptions options)
    {
        var random = new Random(options.Seed);
        string employer = options.Employer ?? NewEmployerNumber(random);
        if (!EmployerNumber.IsValid(employer))
        {
            throw new ArgumentException("The employer must be a valid Betriebsnummer.", nameof(options));
        }

        var month = new DateOnly(options.ReportingMonth.Year, options.ReportingMonth.Month, 1);
        var created = month.AddMonths(1).ToDateTime(new TimeOnly(8, 0));
        var place = Places[random.Next(Places.Length)];
        string employerName = $"{FamilyNames[random.Next(FamilyNames.Length)]} & {FamilyNames[random.Next(FamilyNames.Length)]} GmbH";

        yield return new FileHeader
        {
            ProcedureCode = "AGENA",
            Sender = employer,
            Receiver = options.Receiver,
            CreatedOn = DateOnly.FromDateTime(created),
            FileNumber = options.FileNumber,
            SenderName = employerName,
        };

        yield return new CommunicationRecord("02")
        {
            Procedure = "ELENA",
            Sender = employer,
            Receiver = options.Receiver,
            CreatedAt = created,
            FileCreator = employer,
            ProductId = 1234567,
            ModificationId = 10001,
            Name1 = employerName,
            PostalCode = place.PostalCode,
            Town = place.Town,
            Street = place.Street,
            HouseNumber = random.Next(1, 120).ToString(CultureInfo.InvariantCulture),
            ContactSalutation = "W",
            ContactName = "Lohnbuchhaltung",
            ContactPhone = "0511 123456-0",
            ContactEmail = "lohn@example.de",
            ConfirmationWanted = true,
            ReplyChannel = ReplyChannel.CommunicationServer,
        };

        int count = options.EarningsRecords > 0 ? options.EarningsRecords : options.NumberRequests;

        // Insurance numbers are unique within a file, as they are in reality (two persons never share one).
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            var person = Person.Create(random, month);
            while (!used.Add(person.InsuranceNumber))
            {
                person = Person.Create(random, month);
            }

            var timestamp = created.AddTicks((i + 1) * 10L);
            yield return options.EarningsRecords > 0
                ? Earnings(random, i, person, employer, employerName, place, options.Receiver, month, timestamp)
                : NumberRequest(random, i, person, employer, options.Receiver, timestamp);
        }

        yield return new FileTrailer
        {
            ProcedureCode = "AGENA",
            Sender = employer,
            Receiver = options.Receiver,
            CreatedOn = DateOnly.FromDateTime(created),
            FileNumber = options.FileNumber,
            RecordCount = count + 1,
        };
    }

    private static string NewEmployerNumber(Random random)
    {
        string seven = random.Next(1_200_000, 9_999_999).ToString("D7", CultureInfo.InvariantCulture);
        return seven + EmployerNumber.ComputeCheckDigit(seven).ToString(CultureInfo.InvariantCulture);
    }

    private static EarningsRecord Earnings(Random random, int index, Person person, string employer, string employerName,
        (string PostalCode, string Town, string Street) place, string receiver, DateOnly month, DateTime timestamp)
    {
        var monthEnd = month.AddMonths(1).AddDays(-1);
        bool starts = index % 17 == 3;
        bool ends = index % 13 == 5;
        var employmentStart = starts ? month.AddDays(random.Next(0, 10)) : month.AddMonths(-random.Next(2, 200));
        var periodStart = starts ? employmentStart : month;
        var periodEnd = ends ? month.AddDays(random.Next(14, monthEnd.Day)) : monthEnd;
        long gross = random.Next(120_000, 950_000);

        var record = new EarningsRecord
        {
            Sender = employer,
            Receiver = receiver,
            CreatedAt = timestamp,
            InsuranceNumber = person.InsuranceNumber,
            EstablishmentNumber = employer,
            PersonnelReference = "P" + (100_000 + index).ToString(CultureInfo.InvariantCulture),
            HealthInsurerNumber = HealthInsurers[index % HealthInsurers.Length],
            PersonGroup = "101",
            Reason = starts && ends ? "40" : starts ? "10" : ends ? "30" : "00",
            IsCivilServant = person.IsCivilServant,
            PeriodStart = periodStart,
            PeriodEndDay = periodEnd.Day,
            RecordId = "ELENA" + index.ToString("D10", CultureInfo.InvariantCulture),
            IsCancellation = false,
        };

        record.EarningsBasics = new EarningsBasicsBlock
        {
            EmploymentStart = employmentStart,
            TaxClass = ((index % 6) + 1).ToString(CultureInfo.InvariantCulture),
            TaxFactor = "0000",
            ChildAllowances = (index % 4) switch { 0 => "0.0", 1 => "0.5", 2 => "1.0", _ => "2.0" },
            ActivityKey = "432104300",
            LegalArea = place.PostalCode[0] is '0' or '9' ? "O" : "W",
            ContributionGroupKey = person.IsCivilServant ? "0000" : "1111",
            WeeklyHours = 4000,
            TaxableGrossRegular = gross,
            TaxableGrossOther = 0,
            SocialInsuranceGrossRegular = person.IsCivilServant ? 0 : gross,
            SocialInsuranceGrossOneOff = 0,
            TotalGross = gross,
            HealthInsuranceRegular = person.IsCivilServant ? 0 : gross * 73 / 1000,
            HealthInsuranceOneOff = 0,
            PensionInsuranceRegular = person.IsCivilServant ? 0 : gross * 995 / 10000,
            PensionInsuranceOneOff = 0,
            UnemploymentInsuranceRegular = person.IsCivilServant ? 0 : gross * 15 / 1000,
            UnemploymentInsuranceOneOff = 0,
            CareInsuranceRegular = person.IsCivilServant ? 0 : gross * 975 / 100000,
            CareInsuranceOneOff = 0,
            WageTaxRegular = gross * 18 / 100,
            WageTaxOther = 0,
            SolidaritySurchargeRegular = gross * 18 / 100 * 55 / 1000,
            SolidaritySurchargeOther = 0,
            ChurchTaxRegular = index % 3 == 0 ? 0 : gross * 18 / 100 * 9 / 100,
            ChurchTaxOther = 0,
        };
        record.Name = person.NameBlock();
        record.Birth = person.BirthBlock();
        record.Address = Person.AddressBlock(random);

        // Optional blocks: each appears at least once in every 10 records, and at random besides.
        bool Want(int slot) => index % 10 == slot || random.Next(6) == 0;
        if (Want(0))
        {
            record.Employer = new EmployerBlock
            {
                Name1 = employerName,
                PostalCode = place.PostalCode,
                Town = place.Town,
                Street = place.Street,
                HouseNumber = "12a",
                ContactName = "Frau Lohnbuchhaltung",
                ContactPhone = "0511 123456-0",
                ContactEmail = "lohn@example.de",
            };
        }

        if (Want(1))
        {
            var other = Places[random.Next(Places.Length)];
            record.PlaceOfWork = new PlaceOfWorkBlock { PostalCode = other.PostalCode, Town = other.Town };
        }

        if (Want(2))
        {
            var block = new AbsencePeriodsBlock();
            int periods = 1 + random.Next(3);
            for (int p = 0; p < periods; p++)
            {
                var start = month.AddDays(p * 9);
                block.Items.Add(new AbsencePeriod { Start = start, Kind = ((p % 16) + 1).ToString("D2", CultureInfo.InvariantCulture), End = start.AddDays(random.Next(1, 7)) });
            }

            record.AbsencePeriods = block;
        }

        if (Want(3))
        {
            var block = new TaxablePaymentsBlock();
            block.Items.Add(new TaxablePayment { AmountCents = random.Next(10_000, 300_000), Kind = "01", KindText = "Weihnachtsgeld" });
            if (random.Next(3) == 0)
            {
                block.Items.Add(new TaxablePayment { AmountCents = -random.Next(1_000, 20_000), Kind = "99", KindText = "Rückforderung Prämie" });
            }

            record.TaxablePayments = block;
        }

        if (Want(4))
        {
            var block = new TaxFreePaymentsBlock();
            block.Items.Add(new TaxFreePayment { AmountCents = random.Next(1_000, 50_000), Kind = "99", KindText = "Fahrtkostenzuschuss" });
            record.TaxFreePayments = block;
        }

        if (Want(5))
        {
            record.Training = new TrainingBlock
            {
                Kind = "1",
                Start = employmentStart,
                PlannedEnd = employmentStart.AddYears(3),
                ActualEnd = null,
            };
        }

        if (Want(6))
        {
            record.AdditionalData = new AdditionalDataBlock
            {
                FictitiousGross = 0,
                FlatTaxedPaySection37b = 0,
                FlatTaxedPaySection40 = random.Next(0, 3) * 4_500,
                FlatTaxedPaySection40b = 0,
                EmployerSubsidyHealthInsurance = 0,
                EmployerSubsidyCareInsurance = 0,
                VoluntaryHealthInsuranceContribution = 0,
                VoluntaryCareInsuranceContribution = 0,
                PensionSchemeContribution = random.Next(0, 20_000),
                FlatWageTax = 0,
                FlatSolidaritySurcharge = 0,
                FlatChurchTax = 0,
                WorkingHoursChangeReason = "0",
                ComparableFullTimeWeeklyHours = 4000,
            };
        }

        if (Want(7))
        {
            record.SideJob = new SideJobBlock
            {
                HoursWeek1 = 1200, HoursWeek2 = 1000, HoursWeek3 = 0, HoursWeek4 = 800, HoursWeek5 = 0, HoursWeek6 = 0,
            };
        }

        if (Want(8))
        {
            record.HomeWorker = new HomeWorkerBlock { HolidayEntitlementDays = 30, HolidayDaysTaken = random.Next(0, 30), HolidayPay = random.Next(0, 200_000), HolidayPayMethod = "1" };
        }

        if (Want(9) || ends)
        {
            record.Termination = Termination(random, periodEnd, month);
        }

        return record;
    }

    private static readonly string[] HealthInsurers = ["29720865", "15451439", "98000006", "33526082"];

    private static TerminationBlock Termination(Random random, DateOnly end, DateOnly month)
    {
        var notice = end.AddMonths(-1);
        return new TerminationBlock
        {
            EmploymentEnd = end,
            IsFixedTerm = false,
            IsFixedTermInWriting = null,
            OriginalFixedTermDate = null,
            FixedTermAgreedOn = null,
            ExtendedFixedTermDate = null,
            NoticeDate = notice,
            ReleaseStart = null,
            ReleaseEnd = null,
            TerminatedBy = "1",
            IsNoticeInWriting = true,
            IsNoticeForOperationalReasons = random.Next(2) == 0,
            NoticeWithSeveranceClaim = "N",
            AuthorityConsent = "0",
            WarningDate = null,
            BreachDescription = "",
            SocialPlan = "0",
            EmployerNoticeDate = notice,
            NoticeReceivedOn = notice.AddDays(1),
            NoticePeriod = 4,
            NoticePeriodUnit = "2",
            NoticePeriodEndPoint = "1",
            SettlementKind = "1",
            SeveranceAgreementDate = null,
            IsSeveranceAtEmployerInstigation = false,
            CourtRulingDate = null,
            IsSeveranceBySettlement = false,
            SettlementDate = null,
            SeveranceAmountEuro = 0,
            IsSeverancePaidInMonth = false,
            LastPayMonth = month,
        };
    }

    private static NumberRequestRecord NumberRequest(Random random, int index, Person person, string employer, string receiver, DateTime timestamp)
    {
        var record = new NumberRequestRecord
        {
            Sender = employer,
            Receiver = receiver,
            CreatedAt = timestamp,
            EstablishmentNumber = employer,
            PersonnelReference = "P" + (200_000 + index).ToString(CultureInfo.InvariantCulture),
            PersonGroup = "101",
            NationalityKey = index % 7 == 0 ? "163" : "000",
            IsCivilServant = person.IsCivilServant,
            RecordId = "DSVV" + index.ToString("D10", CultureInfo.InvariantCulture),
        };
        record.Name = person.NameBlock();
        record.Birth = person.BirthBlock();
        record.Address = Person.AddressBlock(random);
        return record;
    }

    private sealed record Person(string FamilyName, string FirstName, string BirthName, DateOnly BirthDate, char Sex,
        string PlaceOfBirth, bool IsCivilServant, string InsuranceNumber)
    {
        public static Person Create(Random random, DateOnly month)
        {
            bool female = random.Next(2) == 0;
            string family = FamilyNames[random.Next(FamilyNames.Length)];
            string birthName = female && random.Next(3) == 0 ? FamilyNames[random.Next(FamilyNames.Length)] : "";
            var birth = new DateOnly(month.Year - random.Next(18, 64), random.Next(1, 13), random.Next(1, 29));
            bool civil = random.Next(12) == 0;
            string area = civil && random.Next(2) == 0 ? Records.Identifiers.InsuranceNumber.ProcedureNumberArea : AreaNumbers[random.Next(AreaNumbers.Length)];
            char initial = Initial(birthName.Length > 0 ? birthName : family);
            int serial = female ? random.Next(50, 100) : random.Next(0, 50);
            return new Person(family, (female ? FemaleNames : MaleNames)[random.Next(5 + random.Next(7))], birthName, birth,
                female ? 'W' : 'M', Places[random.Next(Places.Length)].Town, civil,
                Records.Identifiers.InsuranceNumber.Create(area, birth, initial, serial));
        }

        private static char Initial(string name) => char.ToUpperInvariant(name[0]) switch
        {
            'Ä' => 'A',
            'Ö' => 'O',
            'Ü' => 'U',
            var c => c,
        };

        public NameBlock NameBlock() => new() { FamilyName = FamilyName, FirstName = FirstName };

        public BirthBlock BirthBlock() => new()
        {
            BirthName = BirthName,
            BirthDate = BirthDate,
            Sex = Sex.ToString(),
            PlaceOfBirth = PlaceOfBirth,
        };

        public static AddressBlock AddressBlock(Random random)
        {
            var place = Places[random.Next(Places.Length)];
            return new AddressBlock
            {
                PostalCode = place.PostalCode,
                Town = place.Town,
                Street = place.Street,
                HouseNumber = random.Next(1, 200).ToString(CultureInfo.InvariantCulture),
            };
        }
    }
}
