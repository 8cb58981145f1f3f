namespace Elena.Sdk.Records.Layouts;

/// <summary>
/// The layouts of all data blocks (Datenbausteine) the SDK knows. Positions are 1-based within the block;
/// the first field is always the 4-character identifier <c>KE</c>.
/// </summary>
public static class BlockLayouts
{
    /// <summary>Name (DBNA), 125 characters.</summary>
    public static SegmentLayout Name { get; } = LayoutBuilder.WithIdentifier("DBNA", "Name (Name)")
        .An("FMNA", 30, true, "Family name (Familienname)")
        .An("VONA", 30, true, "First name (Vorname)")
        .An("VOSA", 20, false, "Name prefix (Vorsatzwort)")
        .An("NAZU", 20, false, "Name suffix (Namenszusatz)")
        .An("TITEL", 20, false, "Title (Titel)")
        .An("KENNZAB", 1, false, "Change indicator (Kennzeichen Änderung)", "A", "M")
        .Build(125);

    /// <summary>Birth data (DBGB), 117 characters.</summary>
    public static SegmentLayout Birth { get; } = LayoutBuilder.WithIdentifier("DBGB", "Birth data (Geburtsangaben)")
        .An("GBNA", 30, false, "Birth name (Geburtsname)")
        .An("GBVORSA", 20, false, "Prefix of the birth name (Vorsatzwort)")
        .An("GBNAZU", 20, false, "Suffix of the birth name (Namenszusatz)")
        .Date("GBDT", true, "Birth date (Geburtsdatum)")
        .An("GE", 1, true, "Sex (Geschlecht): M, W or X", "M", "W", "X")
        .An("GBOT", 34, false, "Place of birth (Geburtsort)")
        .Build(117);

    /// <summary>Address (DBAN), 133 characters.</summary>
    public static SegmentLayout Address { get; } = LayoutBuilder.WithIdentifier("DBAN", "Address (Anschrift)")
        .An("LDKZ", 3, false, "Country code (Länderkennzeichen), blank or D for Germany")
        .An("PLZ", 10, false, "Postcode (Postleitzahl)")
        .An("ORT", 34, true, "Town (Wohnort)")
        .An("STR", 33, false, "Street (Straße)")
        .An("NR", 9, false, "House number (Hausnummer)")
        .An("ADRZU", 40, false, "Address supplement (Adresszusatz)")
        .Build(133);

    /// <summary>Error (DBFE), 76 characters: a 7-character error number, a blank and the short text.</summary>
    public static SegmentLayout Error { get; } = LayoutBuilder.WithIdentifier("DBFE", "Error (Fehler)")
        .An("FE", 72, true, "Error number and short text (Fehlernummer, Kurztext)")
        .Build(76);

    /// <summary>Number assignment or return (DBVR), 20 characters.</summary>
    public static SegmentLayout NumberReturn { get; } = LayoutBuilder.WithIdentifier("DBVR", "Number assignment or return (Vergabe/Rückmeldung VSNR)")
        .N("GDMQ", 2, true, "Reason code (Grund der Meldung)")
        .N("BRNR", 2, true, "Area number of the assigning institution (Bereichsnummer)")
        .InsuranceNumber("VSNRZH", false, "Insurance or procedure number assigned or found")
        .Build(20);

    /// <summary>One retired insurance number in DBST.</summary>
    public static SegmentLayout RetiredNumberItem { get; } = new LayoutBuilder("DBST-VSNR", "Retired insurance number")
        .InsuranceNumber("VSNRST", true, "Retired insurance number (stillgelegte VSNR)")
        .Build(12);

    /// <summary>Retired insurance numbers (DBST): 4 + 2-digit count (00–10) + count × 12 (SDK decision, docs/decisions.md).</summary>
    public static SegmentLayout RetiredNumbers { get; } = LayoutBuilder.WithIdentifier("DBST", "Retired insurance numbers (stillgelegte Versicherungsnummern)")
        .N("ANST", 2, true, "Number of retired insurance numbers (00–10)")
        .Group("ANST", 10, RetiredNumberItem)
        .Build(6);

    /// <summary>One identity number in DBID.</summary>
    public static SegmentLayout IdentityItem { get; } = new LayoutBuilder("DBID-ID", "Identity number")
        .An("IDART", 1, true, "Kind: Z = certificate identity number (ZID), V = provisional identity number (vID)", "Z", "V")
        .An("ID", 20, true, "The ZID or vID")
        .Build(21);

    /// <summary>Identity numbers of a participant (DBID, ELENA): 4 + 2-digit count (01–20) + count × 21 (SDK decision).</summary>
    public static SegmentLayout IdentityNumbers { get; } = LayoutBuilder.WithIdentifier("DBID", "Identity numbers (ZID/vID)")
        .N("ANID", 2, true, "Number of identity numbers (01–20)")
        .Group("ANID", 20, IdentityItem)
        .Build(6);

    /// <summary>Earnings basics (DBEN, ELENA), 237 characters.</summary>
    public static SegmentLayout EarningsBasics { get; } = LayoutBuilder.WithIdentifier("DBEN", "Earnings basics (Grunddaten Arbeitgeber/Arbeitnehmer)")
        .Date("AVBEG", true, "Start of employment (Beginn Beschäftigungsverhältnis)")
        .N("STKL", 1, true, "Tax class (Steuerklasse) 0–6", "0", "1", "2", "3", "4", "5", "6")
        .N("FKT", 4, true, "Tax factor (Faktor)")
        .An("KINDFRB", 3, true, "Child allowances (Kinderfreibeträge)")
        .An("TTSC", 9, false, "Activity key (Tätigkeitsschlüssel)")
        .An("KENNZRK", 1, true, "Legal area (Rechtskreis): W or O", "W", "O")
        .N("BYGR", 4, true, "Contribution group key (Beitragsgruppenschlüssel)")
        .N("AZWOECH", 4, true, "Weekly working hours, hundredths (Wochenarbeitszeit)")
        .SignedAmount("VSTBREGLF", "STBREGLF", "Taxable gross, regular (steuerpflichtiges Brutto laufend), cent")
        .SignedAmount("VSTBREGSO", "STBREGSO", "Taxable gross, other payments (steuerpflichtiges Brutto sonstige Bezüge), cent")
        .N("SVBREGLF", 10, true, "Social-insurance gross, regular (SV-Brutto laufend), cent")
        .N("SVBREGE", 10, true, "Social-insurance gross, one-off (SV-Brutto Einmalzahlung), cent")
        .SignedAmount("VGSBREG", "GSBREG", "Total gross (Gesamtbrutto), cent")
        .N("KVLF", 10, true, "Health insurance deduction, regular, cent")
        .N("KVE", 10, true, "Health insurance deduction, one-off, cent")
        .N("RVLF", 10, true, "Pension insurance deduction, regular, cent")
        .N("RVE", 10, true, "Pension insurance deduction, one-off, cent")
        .N("AVLF", 10, true, "Unemployment insurance deduction, regular, cent")
        .N("AVE", 10, true, "Unemployment insurance deduction, one-off, cent")
        .N("PVLF", 10, true, "Care insurance deduction, regular, cent")
        .N("PVE", 10, true, "Care insurance deduction, one-off, cent")
        .SignedAmount("VLSTLF", "LSTLF", "Wage tax, regular (Lohnsteuer laufend), cent")
        .SignedAmount("VLSTSOB", "LSTSOB", "Wage tax, other payments (Lohnsteuer sonstige Bezüge), cent")
        .SignedAmount("VSOLILF", "SOLILF", "Solidarity surcharge, regular, cent")
        .SignedAmount("VSOLISOB", "SOLISOB", "Solidarity surcharge, other payments, cent")
        .SignedAmount("VKISTLF", "KISTLF", "Church tax, regular, cent")
        .SignedAmount("VKISTSOB", "KISTSOB", "Church tax, other payments, cent")
        .Build(237);

    /// <summary>Employer (DBAG, ELENA), 348 characters.</summary>
    public static SegmentLayout Employer { get; } = LayoutBuilder.WithIdentifier("DBAG", "Employer (Arbeitgeberdaten)")
        .An("NAME1AG", 30, true, "Employer name, part 1")
        .An("NAME2AG", 30, false, "Employer name, part 2")
        .An("NAME3AG", 30, false, "Employer name, part 3")
        .An("AGLDKZ", 3, false, "Country code")
        .An("AGPLZ", 10, true, "Postcode")
        .An("AGORT", 34, true, "Town")
        .An("AGSTR", 33, false, "Street")
        .An("AGHAUSNR", 9, false, "House number")
        .An("AGADRZU", 40, false, "Address supplement")
        .An("AGAP", 60, true, "Contact person (Ansprechpartner)")
        .An("AGTEL", 25, true, "Contact phone")
        .An("AGEMAIL", 40, false, "Contact e-mail")
        .Build(348);

    /// <summary>Deviating place of work (DBAB, ELENA), 51 characters.</summary>
    public static SegmentLayout PlaceOfWork { get; } = LayoutBuilder.WithIdentifier("DBAB", "Deviating place of work (abweichender Beschäftigungsort)")
        .An("BORTLDKZ", 3, false, "Country code")
        .An("BPLZ", 10, true, "Postcode")
        .An("BORT", 34, true, "Town")
        .Build(51);

    /// <summary>One absence period in DBFZ.</summary>
    public static SegmentLayout AbsencePeriodItem { get; } = new LayoutBuilder("DBFZ-FEHL", "Absence period")
        .Date("FEHLBEG", true, "Start of the absence (Beginn Fehlzeit)")
        .N("FEHLART", 2, true, "Kind of absence 01–16 (Art der Fehlzeit)",
            "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16")
        .Date("FEHLEND", true, "End of the absence, zeros while open (Ende Fehlzeit)", allowZero: true)
        .Build(18);

    /// <summary>Absence periods (DBFZ, ELENA): 6 + count × 18.</summary>
    public static SegmentLayout AbsencePeriods { get; } = LayoutBuilder.WithIdentifier("DBFZ", "Absence periods (Fehlzeiten)")
        .N("ANFZ", 2, true, "Number of absence periods (00–31)")
        .Group("ANFZ", 31, AbsencePeriodItem)
        .Build(6);

    /// <summary>One payment in DBSE or DBSB.</summary>
    private static SegmentLayout PaymentItem(string prefix, string groupName, string title) => new LayoutBuilder(groupName, title)
        .Sign("V" + prefix, "Sign of the amount")
        .N(prefix, 10, true, "Amount, cent")
        .N(prefix + "ART", 2, true, "Kind of payment (01 Christmas bonus … 99 other)")
        .An(prefix + "ARTTX", 30, false, "Kind of payment as text")
        .Build(43);

    /// <summary>One taxable other payment in DBSE.</summary>
    public static SegmentLayout TaxablePaymentItem { get; } = PaymentItem("STSOB", "DBSE-STSOB", "Taxable other payment");

    /// <summary>Taxable other payments (DBSE, ELENA): 6 + count × 43.</summary>
    public static SegmentLayout TaxablePayments { get; } = LayoutBuilder.WithIdentifier("DBSE", "Taxable other payments (steuerpflichtige sonstige Bezüge)")
        .N("ANSTSOB", 2, true, "Number of payments (00–31)")
        .Group("ANSTSOB", 31, TaxablePaymentItem)
        .Build(6);

    /// <summary>One tax-free payment in DBSB.</summary>
    public static SegmentLayout TaxFreePaymentItem { get; } = PaymentItem("SB", "DBSB-SB", "Tax-free payment");

    /// <summary>Tax-free payments (DBSB, ELENA): 6 + count × 43.</summary>
    public static SegmentLayout TaxFreePayments { get; } = LayoutBuilder.WithIdentifier("DBSB", "Tax-free payments (steuerfreie Bezüge)")
        .N("ANSB", 2, true, "Number of payments (00–31)")
        .Group("ANSB", 31, TaxFreePaymentItem)
        .Build(6);

    /// <summary>Training (DBAS, ELENA), 29 characters.</summary>
    public static SegmentLayout Training { get; } = LayoutBuilder.WithIdentifier("DBAS", "Training (Ausbildung)")
        .N("MMARTAS", 1, true, "Kind of training 1 or 2", "1", "2")
        .Date("ASBEG", true, "Start of training")
        .Date("ASVOREND", true, "Planned end of training")
        .Date("TATASEND", true, "Actual end of training, zeros while ongoing", allowZero: true)
        .Build(29);

    /// <summary>Additional data (DBZD, ELENA), 135 characters.</summary>
    public static SegmentLayout AdditionalData { get; } = LayoutBuilder.WithIdentifier("DBZD", "Additional data (Zusatzdaten)")
        .N("FIBR", 10, true, "Fictitious gross (fiktives Brutto), cent")
        .SignedAmount("VPAULSB", "PAULSB", "Flat-taxed pay §37b EStG, cent")
        .SignedAmount("VPAULGER", "PAULGER", "Flat-taxed pay §40, §40a EStG, cent")
        .SignedAmount("VPAULSO", "PAULSO", "Flat-taxed pay §40b EStG, cent")
        .N("AGFREIWKV", 10, true, "Employer subsidy voluntary health insurance, cent")
        .N("AGFREIWPV", 10, true, "Employer subsidy voluntary care insurance, cent")
        .N("BYFREIWKVLFE", 10, true, "Voluntary health insurance contribution, cent")
        .N("BYFREIWPVLFE", 10, true, "Voluntary care insurance contribution, cent")
        .N("PBRVBERVERS", 10, true, "Pension-scheme contribution, cent")
        .SignedAmount("VLSTPAU", "LSTPAU", "Flat wage tax, cent")
        .SignedAmount("VSOLIPAU", "SOLIPAU", "Flat solidarity surcharge, cent")
        .SignedAmount("VKISTPAU", "KISTPAU", "Flat church tax, cent")
        .N("AZAEGR", 1, true, "Reason for a change of working hours 0–7", "0", "1", "2", "3", "4", "5", "6", "7")
        .N("AZVG", 4, true, "Comparable full-time weekly hours, hundredths")
        .Build(135);

    /// <summary>Side job of an unemployed person (DBNB, ELENA), 108 characters.</summary>
    public static SegmentLayout SideJob { get; } = LayoutBuilder.WithIdentifier("DBNB", "Side job (Nebenbeschäftigung)")
        .N("STU1KW", 4, true, "Hours in calendar week 1, hundredths")
        .N("STU2KW", 4, true, "Hours in calendar week 2, hundredths")
        .N("STU3KW", 4, true, "Hours in calendar week 3, hundredths")
        .N("STU4KW", 4, true, "Hours in calendar week 4, hundredths")
        .N("STU5KW", 4, true, "Hours in calendar week 5, hundredths")
        .N("STU6KW", 4, true, "Hours in calendar week 6, hundredths")
        .An("HEIMARBAUSG", 40, false, "Home work: day of issue")
        .An("HEIMARBABL", 40, false, "Home work: day of delivery")
        .Build(108);

    /// <summary>Home worker (DBHA, ELENA), 21 characters.</summary>
    public static SegmentLayout HomeWorker { get; } = LayoutBuilder.WithIdentifier("DBHA", "Home worker (Heimarbeit)")
        .N("URLTAGE", 3, true, "Holiday entitlement in days")
        .N("TATSURLTAGE", 3, true, "Holiday days taken")
        .N("URLEG", 10, true, "Holiday pay, cent")
        .N("URLEGGEZ", 1, true, "How holiday pay was paid 0–2", "0", "1", "2")
        .Build(21);

    /// <summary>Termination of employment (DBKE, ELENA), 522 characters.</summary>
    public static SegmentLayout Termination { get; } = LayoutBuilder.WithIdentifier("DBKE", "Termination of employment (Kündigung/Entlassung)")
        .Date("AVEND", true, "End of employment")
        .Flag("AVBFR", true, "Fixed-term employment")
        .Flag("AVBFSCHR", false, "Fixed term agreed in writing")
        .Date("AVBFURSP", true, "Date of the original fixed term", allowZero: true)
        .Date("AVBFABSCHL", true, "Date the fixed term was agreed", allowZero: true)
        .Date("AVBFABVL", true, "Date of the extended fixed term", allowZero: true)
        .Flag("AVBFRL", false, "Fixed term for a regular retirement")
        .Date("AVKUEAM", false, "Date of the notice", allowZero: true)
        .Flag("AVUWFWZ", false, "Irrevocable release")
        .Date("AVUWFWZBEG", true, "Start of the release", allowZero: true)
        .Date("AVUWFWZEND", true, "End of the release", allowZero: true)
        .YearMonth("AVLETZTRL", true, "Last month of pay")
        .N("AVKUEDU", 1, true, "Who terminated 0–6", "0", "1", "2", "3", "4", "5", "6")
        .Flag("AVKUESCH", false, "Notice in writing")
        .Flag("AVKUEBETR", false, "Notice for operational reasons")
        .An("AVKUESCHUKL", 1, false, "Notice with a severance claim J/N/U", "J", "N", "U")
        .N("AVKUEZUST", 1, true, "Consent of an authority 0–2", "0", "1", "2")
        .Flag("AVKUEAL", false, "Notice because of behaviour")
        .Flag("AVKUEALAM", false, "Warning given")
        .Date("AVAMDAT", true, "Date of the warning", allowZero: true)
        .An("VWIVER", 255, false, "Description of the breach (free text)")
        .Flag("AVKUEZVB", false, "Notice period shortened")
        .N("SAW", 1, true, "Social plan 0–3", "0", "1", "2", "3")
        .An("SAWPRNA", 30, false, "Name of the social plan")
        .Date("AGKUEAM", true, "Date of the employer's notice", allowZero: true)
        .Date("AGKUEZU", true, "Date the notice was received", allowZero: true)
        .N("KF", 3, true, "Notice period")
        .N("KFZE", 1, true, "Unit of the notice period 0–4", "0", "1", "2", "3", "4")
        .N("KFBZ", 1, true, "End point of the notice period 0–5", "0", "1", "2", "3", "4", "5")
        .Flag("KA", false, "Ordinary termination excluded")
        .Flag("KAU", false, "Exclusion unlimited")
        .An("KAUAUG", 30, false, "Reason for the exclusion")
        .An("KABGG", 30, false, "Legal basis of the exclusion")
        .Flag("OKGL", false, "Extraordinary notice")
        .Flag("OKGLFG", false, "Extraordinary notice with a social period")
        .N("AVENLZ", 1, true, "Settlement or severance 1–3", "1", "2", "3")
        .An("AVENLZG", 30, false, "Basis of the settlement")
        .An("BVEGEN", 1, false, "Severance agreed J/N/U", "J", "N", "U")
        .Date("BVEGENB", true, "Date of the severance agreement", allowZero: true)
        .Flag("AVENUAG", true, "Severance at the employer's instigation")
        .Date("BVENUR", true, "Date of the court ruling", allowZero: true)
        .Flag("AVENVL", true, "Severance by settlement")
        .Date("AVENVGB", true, "Date of the settlement", allowZero: true)
        .N("AVENVG", 5, true, "Severance amount, euro")
        .Flag("ABFMONAT", true, "Severance paid in the month")
        .Flag("ABFGEZ", false, "Severance already paid")
        .Build(522);

    /// <summary>Reporting facts (DBME, DSME v04), 147 characters.</summary>
    public static SegmentLayout ReportingFactsV04 { get; } = ReportingFacts("KENNZGLE", v05: false);

    /// <summary>Reporting facts (DBME, DSME v05), 147 characters.</summary>
    public static SegmentLayout ReportingFactsV05 { get; } = ReportingFacts("KENNZMIDI", v05: true);

    private static SegmentLayout ReportingFacts(string transitionField, bool v05)
    {
        var b = LayoutBuilder.WithIdentifier("DBME", "Reporting facts (Meldesachverhalt)")
            .Flag("KENNZST", true, "Cancellation (Stornierung)")
            .An(transitionField, 1, false, "Transition zone 0–2", "0", "1", "2")
            .Date("ZRBG", true, "Start of the period")
            .Date("ZREN", false, "End of the period", allowZero: true)
            .N("ZLTG", 2, true, "Days of short-term employment")
            .An("WG", 1, false, "Currency", "E")
            .N("EG", 6, true, "Pay in euro")
            .An("BYGR", 4, true, "Contribution group key")
            .An("TTSC", 9, false, "Activity key")
            .An("KENNZRK", 1, false, "Legal area W/O", "W", "O")
            .Flag("KENNZMF", true, "Multiple employment")
            .An("KENNZAP", 1, true, "Kind of employee", "0", "2", "3", "4", "5", "6", "7", "8", "9")
            .Flag("KENNZSAN", false, "Seasonal worker");
        return (v05
                ? b.N("EGRB", 6, false, "Pension-relevant pay without the transition-zone reduction").Reserve("RESERVE1", 93)
                : b.Reserve("RESERVE1", 99))
            .Build(147);
    }

    /// <summary>European insurance number (DBEU, DSME), 27 characters.</summary>
    public static SegmentLayout EuropeanNumber { get; } = LayoutBuilder.WithIdentifier("DBEU", "European insurance number")
        .N("GBLD", 3, false, "Country of birth code")
        .An("EUVSNR", 20, false, "European insurance number")
        .Build(27);

    /// <summary>Accident insurance (DBUV, DSME v04), 20 characters.</summary>
    public static SegmentLayout AccidentInsuranceV04 { get; } = LayoutBuilder.WithIdentifier("DBUV", "Accident insurance (Unfallversicherung)")
        .An("ANUV", 1, false, "Accident insurance indicator")
        .Reserve("RESERVE", 15)
        .Build(20);

    /// <summary>Accident insurance (DBUV, DSME v05), 91 characters; field layout not published in the SDK's sources, kept verbatim.</summary>
    public static SegmentLayout AccidentInsuranceV05 { get; } = LayoutBuilder.WithIdentifier("DBUV", "Accident insurance (Unfallversicherung)")
        .Opaque("UVDATEN", 87, "Accident insurance data (kept verbatim)")
        .Build(91);

    /// <summary>Knappschaft/sea (DBKS, DSME), 220 characters; kept verbatim.</summary>
    public static SegmentLayout MinersAndSeafarers { get; } = LayoutBuilder.WithIdentifier("DBKS", "Knappschaft/See")
        .Opaque("KSDATEN", 216, "Knappschaft/sea data (kept verbatim)")
        .Build(220);

    /// <summary>Immediate notification (DBSO, DSME), 13 characters.</summary>
    public static SegmentLayout ImmediateNotification { get; } = LayoutBuilder.WithIdentifier("DBSO", "Immediate notification (Sofortmeldung)")
        .Flag("KENNZSTSO", true, "Cancellation of the immediate notification")
        .Date("ZRBGSO", true, "Start of employment")
        .Build(13);

    /// <summary>Health insurance (DBKV, DSME), 150 characters; unpublished parts kept verbatim.</summary>
    public static SegmentLayout HealthInsurance { get; } = LayoutBuilder.WithIdentifier("DBKV", "Health insurance (Krankenversicherung)")
        .Flag("KENNZST", true, "Cancellation")
        .Opaque("KVDATEN1", 2, "Kept verbatim")
        .N("SVTG", 2, false, "Social-insurance days")
        .Date("ZRBGKV", false, "Start of the period", allowZero: true)
        .Date("ZRENKV", false, "End of the period", allowZero: true)
        .Opaque("KVDATEN2", 8, "Kept verbatim")
        .N("EZEG", 8, false, "One-off pay")
        .Opaque("KVDATEN3", 27, "Kept verbatim")
        .An("BYGR", 4, false, "Contribution group key")
        .An("KENNZRK", 1, false, "Legal area W/O")
        .N("LFDKV", 8, false, "Running pay, health insurance")
        .N("LFDRV", 8, false, "Running pay, pension insurance")
        .N("LFDAV", 8, false, "Running pay, unemployment insurance")
        .Opaque("KVDATEN4", 53, "Kept verbatim")
        .Build(150);

    /// <summary>Marginal employment return (DBRG, DSME), 208 characters.</summary>
    public static SegmentLayout MarginalEmploymentReturn { get; } = LayoutBuilder.WithIdentifier("DBRG", "Return for marginal employment")
        .Date("ZRBG", true, "Start of the period")
        .Date("ZREN", false, "End of the period", allowZero: true)
        .N("PERSGR", 3, true, "Person group")
        .N("ZLTG", 2, false, "Days")
        .An("WG", 1, false, "Currency")
        .N("EG", 6, false, "Pay in euro")
        .An("BYGR", 4, false, "Contribution group key")
        .EmployerNumber("BBNRAG", false, "Other employer's Betriebsnummer")
        .EmployerNumber("BBNRKK", false, "Collecting agency's Betriebsnummer")
        .An("NABE1", 28, false, "Name of the other employer, part 1")
        .An("NABE2", 28, false, "Name of the other employer, part 2")
        .An("STR", 28, false, "Street")
        .An("PLZ", 5, false, "Postcode")
        .An("ORT", 32, false, "Town")
        .An("PZB", 19, false, "Post-office box")
        .An("ANRG", 2, false, "Return reason")
        .Build(208);

    /// <summary>Social insurance card (DBSV, DSME), 5 characters.</summary>
    public static SegmentLayout InsuranceCard { get; } = LayoutBuilder.WithIdentifier("DBSV", "Social insurance card (Sozialversicherungsausweis)")
        .An("KENNZSVA", 1, false, "Social insurance card indicator")
        .Build(5);

    /// <summary>Occupational data (DBBM, DSME v05), 611 characters; kept verbatim.</summary>
    public static SegmentLayout OccupationalData { get; } = LayoutBuilder.WithIdentifier("DBBM", "Occupational data (Berufsständische Meldung)")
        .Opaque("BMDATEN", 607, "Kept verbatim")
        .Build(611);
}
