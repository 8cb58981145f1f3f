using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>
/// Communication record (DSKO) v02 or v04: who created the file and whom to contact. Version 04 uses sender
/// numbers (ABSN, EPNR, ABSNER) and has neither VERBEST nor FERUECK.
/// </summary>
public sealed class CommunicationRecord : RecordModel
{
    private readonly bool _v02;

    /// <summary>Creates a blank communication record.</summary>
    /// <param name="version">The record version, <c>02</c> (ELENA) or <c>04</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="version"/> is neither <c>02</c> nor <c>04</c>.</exception>
    public CommunicationRecord(string version = "02")
        : base(LayoutFor(version))
    {
        _v02 = ReferenceEquals(RecordLayout, RecordLayouts.CommunicationV02);
    }

    internal CommunicationRecord(RecordLayout layout, ReadOnlySpan<byte> record, RecordStructure structure)
        : base(layout, record, structure)
    {
        _v02 = ReferenceEquals(layout, RecordLayouts.CommunicationV02);
    }

    /// <summary>Procedure (VF), e.g. <c>ELENA</c>.</summary>
    public string Procedure { get => GetText("VF"); set => SetText("VF", value); }

    /// <summary>Betriebsnummer of the record creator (BBNRAB in v02, ABSN in v04).</summary>
    public string Sender { get => GetText(SenderField); set => SetText(SenderField, value); }

    /// <summary>Betriebsnummer of the record receiver (BBNREP in v02, EPNR in v04).</summary>
    public string Receiver { get => GetText(ReceiverField); set => SetText(ReceiverField, value); }

    /// <summary>Creation timestamp to the microsecond (ED); <see langword="null"/> when blank or invalid.</summary>
    public DateTime? CreatedAt { get => Timestamps.Parse(GetRaw("ED")); set => SetText("ED", Timestamps.Format(value)); }

    /// <summary>Error flag: <c>0</c> error-free, <c>1</c> errors, <c>2</c>–<c>4</c> see the specification (FEKZ).</summary>
    public string ErrorFlag { get => GetText("FEKZ"); set => SetText("FEKZ", value); }

    /// <summary>Betriebsnummer of the file creator, equal to the file header's sender (BBNRER in v02, ABSNER in v04).</summary>
    public string FileCreator { get => GetText(FileCreatorField); set => SetText(FileCreatorField, value); }

    /// <summary>Product id of the system-tested program (PRODID).</summary>
    public long? ProductId { get => GetNumber("PRODID"); set => SetNumber("PRODID", value); }

    /// <summary>Modification id of the system-tested program (MODID).</summary>
    public long? ModificationId { get => GetNumber("MODID"); set => SetNumber("MODID", value); }

    /// <summary>Name of the file creator, part 1 (NAME1).</summary>
    public string Name1 { get => GetText("NAME1"); set => SetText("NAME1", value); }

    /// <summary>Name of the file creator, part 2 (NAME2).</summary>
    public string Name2 { get => GetText("NAME2"); set => SetText("NAME2", value); }

    /// <summary>Name of the file creator, part 3 (NAME3).</summary>
    public string Name3 { get => GetText("NAME3"); set => SetText("NAME3", value); }

    /// <summary>Postcode (PLZ).</summary>
    public string PostalCode { get => GetText("PLZ"); set => SetText("PLZ", value); }

    /// <summary>Town (ORT).</summary>
    public string Town { get => GetText("ORT"); set => SetText("ORT", value); }

    /// <summary>Street (STR).</summary>
    public string Street { get => GetText("STR"); set => SetText("STR", value); }

    /// <summary>House number (NR).</summary>
    public string HouseNumber { get => GetText("NR"); set => SetText("NR", value); }

    /// <summary>Salutation of the contact person: <c>M</c> or <c>W</c> (ANRAP).</summary>
    public string ContactSalutation { get => GetText("ANRAP"); set => SetText("ANRAP", value); }

    /// <summary>Name of the contact person (NAMEAP).</summary>
    public string ContactName { get => GetText("NAMEAP"); set => SetText("NAMEAP", value); }

    /// <summary>Phone of the contact person (TELAP).</summary>
    public string ContactPhone { get => GetText("TELAP"); set => SetText("TELAP", value); }

    /// <summary>Fax of the contact person (FAXAP).</summary>
    public string ContactFax { get => GetText("FAXAP"); set => SetText("FAXAP", value); }

    /// <summary>E-mail address for protocols (EMAILAP).</summary>
    public string ContactEmail { get => GetText("EMAILAP"); set => SetText("EMAILAP", value); }

    /// <summary>Whether a confirmation of error-free processing is wanted (VERBEST, v02 only).</summary>
    /// <exception cref="InvalidOperationException">The record is version 04, which has no VERBEST.</exception>
    public bool? ConfirmationWanted
    {
        get => GetFlag(RequireV02("VERBEST"));
        set => SetFlag(RequireV02("VERBEST"), value);
    }

    /// <summary>
    /// How error replies are wanted (FERUECK, v02 only): <c>J</c> e-mail, <c>K</c> communication server, <c>N</c>
    /// paper. Any other non-blank character reads as <see cref="Models.ReplyChannel.CommunicationServer"/>;
    /// blank reads as <see langword="null"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The record is version 04, which has no FERUECK.</exception>
    public ReplyChannel? ReplyChannel
    {
        get => GetText(RequireV02("FERUECK")) switch
        {
            "" => null,
            "J" => Models.ReplyChannel.Mail,
            "N" => Models.ReplyChannel.Paper,
            _ => Models.ReplyChannel.CommunicationServer,
        };
        set => SetText(RequireV02("FERUECK"), value switch
        {
            null => null,
            Models.ReplyChannel.Mail => "J",
            Models.ReplyChannel.CommunicationServer => "K",
            Models.ReplyChannel.Paper => "N",
            _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown reply channel."),
        });
    }

    private string SenderField => _v02 ? "BBNRAB" : "ABSN";

    private string ReceiverField => _v02 ? "BBNREP" : "EPNR";

    private string FileCreatorField => _v02 ? "BBNRER" : "ABSNER";

    private string RequireV02(string field) => _v02
        ? field
        : throw new InvalidOperationException($"{field} exists only in DSKO version 02; this record is version {Version}.");

    private static RecordLayout LayoutFor(string version) => version switch
    {
        "02" => RecordLayouts.CommunicationV02,
        "04" => RecordLayouts.CommunicationV04,
        _ => throw new ArgumentException("DSKO versions 02 and 04 are supported.", nameof(version)),
    };
}
