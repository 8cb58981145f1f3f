using System.Collections.Immutable;

namespace Elena.Sdk.Records.Layouts;

/// <summary>
/// The record layouts the SDK reads and writes, and the lookup from a record's identifier, version and
/// procedure to its layout.
/// </summary>
public static class RecordLayouts
{
    /// <summary>Procedure (<c>VF</c>) of ELENA records.</summary>
    public const string ElenaProcedure = "ELENA";

    /// <summary>Procedure (<c>VF</c>) of DEÜV records.</summary>
    public const string DeuevProcedure = "DEUEV";

    /// <summary>File header (VOSZ) v01, 105 characters (+ at most one DBFE).</summary>
    public static RecordLayout FileHeader { get; } = new("VOSZ", "01", null,
        LayoutBuilder.WithIdentifier("VOSZ", "File header (Vorlaufsatz)")
            .An("VFMM", 5, true, "Procedure code (Verfahrensmerkmal)")
            .EmployerNumber("ABSN", true, "Sender: Betriebsnummer of the file creator (Absender)", allowSenderNumber: true)
            .EmployerNumber("EPNR", true, "Receiver: Betriebsnummer of the acceptance office (Empfänger)", allowSenderNumber: true)
            .Date("ED", true, "Creation date (Erstellungsdatum)")
            .N("DTNR", 6, true, "File sequence number 000001–999999 (Dateifolgenummer)")
            .An("NAAB", 50, false, "Sender's short name (Name Absender)")
            .Literal("VERNR", "01", "Version (Versionsnummer)")
            .Build(105),
        [], ErrorBlockRule.AtMostOne);

    /// <summary>File trailer (NCSZ) v01, 63 characters (+ any number of DBFE).</summary>
    public static RecordLayout FileTrailer { get; } = new("NCSZ", "01", null,
        LayoutBuilder.WithIdentifier("NCSZ", "File trailer (Nachlaufsatz)")
            .An("VFMM", 5, true, "Procedure code (Verfahrensmerkmal)")
            .EmployerNumber("ABSN", true, "Sender (Absender)", allowSenderNumber: true)
            .EmployerNumber("EPNR", true, "Receiver (Empfänger)", allowSenderNumber: true)
            .Date("ED", true, "Creation date (Erstellungsdatum)")
            .N("DTNR", 6, true, "File sequence number (Dateifolgenummer)")
            .N("ZLSZ", 8, true, "Number of records without VOSZ and NCSZ (Zahl der Datensätze)")
            .Literal("VERNR", "01", "Version (Versionsnummer)")
            .Build(63),
        [], ErrorBlockRule.Any);

    private static LayoutBuilder DsHeader(string recordType, string title, string version, bool senderNumbers,
        string sender = "BBNRAB", string receiver = "BBNREP", string? procedure = null)
    {
        var b = LayoutBuilder.WithIdentifier(recordType, title);
        b = procedure is null
            ? b.An("VF", 5, true, "Procedure (Verfahren)")
            : b.Literal("VF", procedure, "Procedure (Verfahren)");
        return b
            .EmployerNumber(sender, true, "Betriebsnummer of the record creator (Absender)", senderNumbers)
            .EmployerNumber(receiver, true, "Betriebsnummer of the record receiver (Empfänger)", senderNumbers)
            .Literal("VERNR", version, "Version (Versionsnummer)")
            .Timestamp("ED", true, "Creation timestamp JJJJMMTThhmmss + microseconds (Erstellungsdatum)")
            .N("FEKZ", 1, true, "Error flag 0 error-free, 1 errors, 2–4 see spec (Fehlerkennzeichen)", "0", "1", "2", "3", "4")
            .N("FEAN", 1, true, "Number of DBFE blocks (Fehleranzahl)");
    }

    private static LayoutBuilder DskoBody(LayoutBuilder b, bool senderNumbers) => b
        .EmployerNumber(senderNumbers ? "ABSNER" : "BBNRER", true, "Betriebsnummer of the file creator, equal to VOSZ ABSN", senderNumbers)
        .N("PRODID", 7, true, "Product id of the system-tested program (Produktidentifier)")
        .N("MODID", 8, true, "Modification id of the system-tested program (Modifikationsidentifier)")
        .An("NAME1", 30, true, "Name of the file creator, part 1")
        .An("NAME2", 30, false, "Name, part 2")
        .An("NAME3", 30, false, "Name, part 3")
        .An("PLZ", 10, true, "Postcode")
        .An("ORT", 34, true, "Town")
        .An("STR", 33, false, "Street")
        .An("NR", 9, false, "House number")
        .An("ANRAP", 1, true, "Salutation of the contact person: M or W", "M", "W")
        .An("NAMEAP", 30, true, "Name of the contact person")
        .An("TELAP", 20, true, "Phone of the contact person")
        .An("FAXAP", 20, false, "Fax of the contact person")
        .An("EMAILAP", 70, true, "E-mail address for protocols");

    /// <summary>Communication record (DSKO) v02, 415 characters, with VERBEST (411) and FERUECK (412); what ELENA uses.</summary>
    public static RecordLayout CommunicationV02 { get; } = new("DSKO", "02", null,
        DskoBody(DsHeader("DSKO", "Communication record (Datensatz Kommunikation)", "02", false), false)
            .Flag("VERBEST", true, "Confirmation of error-free processing wanted (Verarbeitungsbestätigung)")
            .An("FERUECK", 1, true, "Reply channel: J e-mail, K communication server, N paper (Fehlerrückmeldung)", "J", "K", "N")
            .Reserve("RESERVE", 3)
            .Build(415),
        [], ErrorBlockRule.CountField);

    /// <summary>Communication record (DSKO) v04, 415 characters; 411–415 reserve.</summary>
    public static RecordLayout CommunicationV04 { get; } = new("DSKO", "04", null,
        DskoBody(DsHeader("DSKO", "Communication record (Datensatz Kommunikation)", "04", true, "ABSN", "EPNR"), true)
            .Reserve("RESERVE", 5)
            .Build(415),
        [], ErrorBlockRule.CountField);

    private static readonly string[] ElenaFlags =
        ["MMEN", "MMNA", "MMGB", "MMAN", "MMAG", "MMAB", "MMFZ", "MMSE", "MMSB", "MMAS", "MMZD", "MMNB", "MMHA", "MMKE"];

    private static SegmentLayout ElenaFixedPart(string recordType, bool numberRequest)
    {
        var b = DsHeader(recordType,
                numberRequest ? "Number request record (Datensatz Vergabe VSNR/VFNR)" : "Earnings record (Multifunktionaler Verdienstdatensatz)",
                "01", false, procedure: ElenaProcedure);
        b = numberRequest
            ? b.An("VSNRVFNR", 12, false, "Insurance or procedure number; blank in the request")
            : b.InsuranceNumber("VSNRVFNR", true, "Insurance number or procedure number (VSNR/VFNR)");
        b = b.Reserve("RESERVE1", 2)
            .EmployerNumber("BBNRVU", true, "Betriebsnummer of the employing establishment")
            .An("AZVU", 20, false, "Originator's reference, e.g. personnel number")
            .EmployerNumber("BBNRKK", false, "Betriebsnummer of the responsible health insurer")
            .An("AZKK", 20, false, "Health insurer's reference (not used)")
            .EmployerNumber("BBNRAS", false, "Betriebsnummer of the payroll service")
            .N("PERSGR", 3, true, "Person group (Personengruppe)");
        b = numberRequest
            ? b.An("GD", 2, false, "Reason (ignored in DSVV)").An("SASC", 3, true, "Nationality key (Staatsangehörigkeit)")
            : b.N("GD", 2, true, "Reason: 00 ongoing, 10 start, 30 end, 40 start and end, 48 retirement, 49 death",
                    "00", "10", "30", "40", "48", "49")
                .An("SASC", 3, false, "Nationality key (not used in MVDS)");
        b = b.Flag("BEAM", true, "Civil servant, judge or soldier (Beamter)");
        b = numberRequest
            ? b.An("MONATBEG", 8, false, "Ignored in DSVV").An("MONATEND", 2, false, "Ignored in DSVV").An("BBNRALT", 15, false, "Ignored in DSVV")
            : b.Date("MONATBEG", true, "First day covered in the reporting month").Day("MONATEND", true, "Last day covered (day only)")
                .EmployerNumber("BBNRALT", false, "Previous Betriebsnummer after an internal change");
        b = b.An("DSID", 20, false, "Record id, free for the originator");
        if (numberRequest)
        {
            b = b.Literal("KENNZST", "N", "Cancellation (always N)");
            foreach (var flag in ElenaFlags)
            {
                b = b.Literal(flag, flag is "MMNA" or "MMGB" or "MMAN" ? "J" : "N", $"Block {flag[2..]} present (fixed)");
            }
        }
        else
        {
            b = b.Flag("KENNZST", true, "Cancellation (Stornierung)");
            foreach (var flag in ElenaFlags)
            {
                b = b.Flag(flag, true, $"Block DB{flag[2..]} present");
            }
        }

        return b.Reserve("RESERVE", 14).Build(245);
    }

    private static BlockSlot Flagged(SegmentLayout layout, string flag) => new(layout, BlockPresence.Flag, flag);

    private static BlockSlot ByIdentifier(SegmentLayout layout) => new(layout, BlockPresence.Identifier, null);

    /// <summary>Earnings record (MVDS) v01 for ELENA, fixed part 245, blocks DBEN … DBKE, reply blocks DBVR/DBST/DBID, then DBFE.</summary>
    public static RecordLayout Earnings { get; } = new("MVDS", "01", ElenaProcedure, ElenaFixedPart("MVDS", false),
        [
            Flagged(BlockLayouts.EarningsBasics, "MMEN"),
            Flagged(BlockLayouts.Name, "MMNA"),
            Flagged(BlockLayouts.Birth, "MMGB"),
            Flagged(BlockLayouts.Address, "MMAN"),
            Flagged(BlockLayouts.Employer, "MMAG"),
            Flagged(BlockLayouts.PlaceOfWork, "MMAB"),
            Flagged(BlockLayouts.AbsencePeriods, "MMFZ"),
            Flagged(BlockLayouts.TaxablePayments, "MMSE"),
            Flagged(BlockLayouts.TaxFreePayments, "MMSB"),
            Flagged(BlockLayouts.Training, "MMAS"),
            Flagged(BlockLayouts.AdditionalData, "MMZD"),
            Flagged(BlockLayouts.SideJob, "MMNB"),
            Flagged(BlockLayouts.HomeWorker, "MMHA"),
            Flagged(BlockLayouts.Termination, "MMKE"),
            ByIdentifier(BlockLayouts.NumberReturn),
            ByIdentifier(BlockLayouts.RetiredNumbers),
            ByIdentifier(BlockLayouts.IdentityNumbers),
        ],
        ErrorBlockRule.CountField);

    /// <summary>Number request record (DSVV) v01 for ELENA, fixed part 245, blocks DBNA, DBGB, DBAN, reply blocks DBVR/DBST/DBID, then DBFE.</summary>
    public static RecordLayout ElenaNumberRequest { get; } = new("DSVV", "01", ElenaProcedure, ElenaFixedPart("DSVV", true),
        [
            Flagged(BlockLayouts.Name, "MMNA"),
            Flagged(BlockLayouts.Birth, "MMGB"),
            Flagged(BlockLayouts.Address, "MMAN"),
            ByIdentifier(BlockLayouts.NumberReturn),
            ByIdentifier(BlockLayouts.RetiredNumbers),
            ByIdentifier(BlockLayouts.IdentityNumbers),
        ],
        ErrorBlockRule.CountField);

    /// <summary>Number request record (DSVV) v01 for DEÜV, fixed part 200, blocks DBNA, DBGB, DBAN, then DBFE.</summary>
    public static RecordLayout DeuevNumberRequest { get; } = new("DSVV", "01", DeuevProcedure,
        DsHeader("DSVV", "Number request record, DEÜV (Versicherungsnummernabfrage)", "01", true, "ABSN", "EPNR", DeuevProcedure)
            .InsuranceNumber("VSNR", false, "Insurance number; blank in the request")
            .N("KENNZRM", 1, true, "Search result 0 request, 1 none, 2 found, 3 not unique", "0", "1", "2", "3")
            .Reserve("RESERVE1", 1)
            .EmployerNumber("BBNRVU", true, "Betriebsnummer of the employing establishment")
            .An("AZVU", 20, false, "Originator's reference")
            .An("DSID", 32, true, "Record id")
            .Reserve("RESERVE2", 2)
            .An("MMUEB", 1, false, "Transmission: 1 system-tested program, 5 filling aid", "1", "5")
            .Reserve("RESERVE3", 24)
            .Flag("MMNA", true, "Block DBNA present")
            .Flag("MMGB", true, "Block DBGB present")
            .Flag("MMAN", true, "Block DBAN present")
            .Reserve("RESERVE4", 26)
            .Build(200),
        [Flagged(BlockLayouts.Name, "MMNA"), Flagged(BlockLayouts.Birth, "MMGB"), Flagged(BlockLayouts.Address, "MMAN")],
        ErrorBlockRule.CountField);

    private static RecordLayout Notification(string version)
    {
        bool v05 = version == "05";
        var b = DsHeader("DSME", "Notification record (Meldung)", version, true, "ABSN", "EPNR")
            .InsuranceNumber("VSNR", false, "Insurance number");
        b = v05 ? b.An("VSTR", 2, false, "Insurance carrier (Versicherungsträger)") : b.Reserve("RESERVE1", 2);
        b = b.EmployerNumber("BBNRVU", false, "Betriebsnummer of the employing establishment")
            .An("AZVU", 20, false, "Originator's reference")
            .EmployerNumber("BBNRKK", false, "Betriebsnummer of the collecting agency")
            .An("AZKK", 20, false, "Collecting agency's reference")
            .EmployerNumber("BBNRAS", false, "Betriebsnummer of the payroll service")
            .N("PERSGR", 3, true, "Person group")
            .N("GD", 2, true, "Reason for submission (Abgabegrund)")
            .An("SASC", 3, false, "Nationality key");
        foreach (var flag in new[] { "MMME", "MMNA", "MMGB", "MMAN", "MMEU", "MMUV", "MMKS", "MMSV", "MMVR", "MMRG" })
        {
            b = b.Flag(flag, true, $"Block DB{flag[2..]} present");
        }

        b = b.An("KENNZUE", 1, false, "Origin of the transfer", "1", "2", "3", "4", "5", "6", "7", "8", "A")
            .An("MMUEB", 1, false, "How the notification was made", "1", "2", "4", "5", "6", "9")
            .An("KENNZUP", 1, false, "D = address to be admitted", "D")
            .Flag("MMSO", true, "Block DBSO present")
            .An("KENNZSTA", 1, false, "Status indicator 1 or 2", "1", "2");
        b = v05 ? b.An("MMUE", 1, false, "Not to be used by senders") : b.Reserve("RESERVE2", 1);
        return new RecordLayout("DSME", version, null,
            b.N("VERNRKP", 2, false, "Version of the core-check program")
                .Flag("MMKV", true, "Block DBKV present")
                .Reserve("RESERVE3", 1)
                .N("DATUM-VERARBEITUNG", 20, false, "Processing timestamp, zeros from the sender")
                .Reserve("RESERVE4", 2)
                .N("PRODID", 7, false, "Product id")
                .N("MODID", 8, false, "Modification id")
                .An("DSID", 32, false, "Record id")
                .EmployerNumber("ABSNRV", false, "Betriebsnummer or Absendernummer", allowSenderNumber: true)
                .Reserve("RESERVE5", 85)
                .Flag("MMBM", true, "Block DBBM present")
                .Reserve("RESERVE6", 199)
                .Build(559),
            [
                Flagged(v05 ? BlockLayouts.ReportingFactsV05 : BlockLayouts.ReportingFactsV04, "MMME"),
                Flagged(BlockLayouts.Name, "MMNA"),
                Flagged(BlockLayouts.Birth, "MMGB"),
                Flagged(BlockLayouts.Address, "MMAN"),
                Flagged(BlockLayouts.EuropeanNumber, "MMEU"),
                Flagged(v05 ? BlockLayouts.AccidentInsuranceV05 : BlockLayouts.AccidentInsuranceV04, "MMUV"),
                Flagged(BlockLayouts.MinersAndSeafarers, "MMKS"),
                Flagged(BlockLayouts.ImmediateNotification, "MMSO"),
                Flagged(BlockLayouts.HealthInsurance, "MMKV"),
                Flagged(BlockLayouts.NumberReturn, "MMVR"),
                Flagged(BlockLayouts.MarginalEmploymentReturn, "MMRG"),
                Flagged(BlockLayouts.InsuranceCard, "MMSV"),
                Flagged(BlockLayouts.OccupationalData, "MMBM"),
            ],
            ErrorBlockRule.CountField);
    }

    /// <summary>Notification record (DSME) v04, fixed part 559.</summary>
    public static RecordLayout NotificationV04 { get; } = Notification("04");

    /// <summary>Notification record (DSME) v05, fixed part 559.</summary>
    public static RecordLayout NotificationV05 { get; } = Notification("05");

    /// <summary>All layouts, for tools and documentation.</summary>
    public static ImmutableArray<RecordLayout> All { get; } =
    [
        FileHeader, FileTrailer, CommunicationV02, CommunicationV04, Earnings, ElenaNumberRequest, DeuevNumberRequest,
        NotificationV04, NotificationV05,
    ];

    /// <summary>The common 63-character header of DS… records, used for versions the SDK has no layout for.</summary>
    internal static SegmentLayout OpaqueDsHeader { get; } = DsHeader("DS??", "Record with unsupported version", "00", true, "ABSN", "EPNR").Build(63);

    private static readonly Dictionary<string, RecordLayout> OpaqueLayouts = new(StringComparer.Ordinal);

    /// <summary>Finds the layout for a record identifier, version and procedure.</summary>
    /// <param name="recordType">The 4-character record identifier.</param>
    /// <param name="version">The 2-digit version.</param>
    /// <param name="procedure">The procedure (<c>VF</c>) of a DS… record, or <see langword="null"/>.</param>
    /// <returns>The layout, or <see langword="null"/> when the SDK has none.</returns>
    public static RecordLayout? Find(string recordType, string version, string? procedure = null)
    {
        foreach (var layout in All)
        {
            if (layout.RecordType == recordType && layout.Version == version
                && (layout.Procedure is null || procedure is null || layout.Procedure == procedure.TrimEnd()))
            {
                return layout;
            }
        }

        return null;
    }

    /// <summary>True for the identifiers of DS… records whose version sits at positions 40–41.</summary>
    internal static bool IsDsRecord(ReadOnlySpan<byte> type)
        => type.SequenceEqual("DSKO"u8) || type.SequenceEqual("MVDS"u8) || type.SequenceEqual("DSVV"u8) || type.SequenceEqual("DSME"u8);

    /// <summary>A layout for a DS… record whose version the SDK does not know: common header, rest verbatim.</summary>
    internal static RecordLayout Opaque(string recordType, string version)
    {
        string key = recordType + version;
        lock (OpaqueLayouts)
        {
            if (!OpaqueLayouts.TryGetValue(key, out var layout))
            {
                layout = new RecordLayout(recordType, version, null, OpaqueDsHeader, [], ErrorBlockRule.CountField, isOpaque: true);
                OpaqueLayouts[key] = layout;
            }

            return layout;
        }
    }
}
