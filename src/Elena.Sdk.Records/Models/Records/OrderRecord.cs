using System.Globalization;
using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>
/// Order record (Auftragssatz, GKV "Anlage 2 – Auftragsdatei"): one 348-character line without separators that
/// travels next to every payload file and says who sends what to whom, how it is packed and how big it is.
/// </summary>
public sealed class OrderRecord : Segment
{
    /// <summary>The length of an order record.</summary>
    public const int RecordLength = 348;

    /// <summary>The order record layout. Field names follow the specification, umlauts written out (Ä = AE).</summary>
    public static SegmentLayout RecordLayout { get; } = new LayoutBuilder("AUF", "Order record (Auftragssatz)")
        .Literal("IDENTIFIKATOR", "500000", "Identifier, always 500000")
        .Literal("VERSION", "01", "Version 01")
        .Literal("LAENGE_AUFTRAG", "00000348", "Length of the order record")
        .N("SEQUENZ_NR", 3, true, "000 complete; 001–098 part n; 9xx last part")
        .An("VERFAHREN_KENNUNG", 5, true, "Procedure id: E/T + 3 characters + version digit, e.g. EENA0")
        .N("TRANSFER_NUMMER", 3, true, "Transfer number between two partners, 000–999")
        .An("VERFAHREN_KENNUNG_SPEZIFIKATION", 5, false, "Refinement of the procedure id")
        .An("ABSENDER_EIGNER", 15, true, "Owner of the payload (signs and encrypts): IK or Betriebsnummer")
        .An("ABSENDER_PHYSIKALISCH", 15, true, "Physical sender")
        .An("EMPFAENGER_NUTZER", 15, true, "Receiver that decrypts and processes the data")
        .An("EMPFAENGER_PHYSIKALISCH", 15, true, "Next physical receiver")
        .N("FEHLER_NUMMER", 6, true, "Error number, 000000 = none")
        .N("FEHLER_MASSNAHME", 6, true, "Error action, 000000 = none")
        .An("DATEINAME", 11, true, "Logical file name, procedure id + 6 digits")
        .Timestamp14("DATUM_ERSTELLUNG", true, "Creation time JJJJMMTThhmmss", allowZero: false)
        .Timestamp14("DATUM_UEBERTRAGUNG_GESENDET", true, "Start of sending JJJJMMTThhmmss", allowZero: true)
        .Timestamp14("DATUM_UEBERTRAGUNG_EMPFANGEN_START", true, "Receiving started (filled by the receiver; zeros from the sender)", allowZero: true)
        .Timestamp14("DATUM_UEBERTRAGUNG_EMPFANGEN_ENDE", true, "Receiving ended (filled by the receiver; zeros from the sender)", allowZero: true)
        .N("DATEIVERSION", 6, true, "Unused, 000000")
        .N("KORREKTUR", 1, true, "Unused, 0")
        .N("DATEIGROESSE_NUTZDATEN", 12, true, "Payload size in bytes, unencrypted and uncompressed")
        .N("DATEIGROESSE_UEBERTRAGUNG", 12, true, "Size of the transmitted (signed, encrypted) payload in bytes")
        .An("ZEICHENSATZ", 2, true, "Character set: I1 ISO 8859-1, I7, I8, P8, I5, EB, U8, BI", "I1", "I7", "I8", "P8", "I5", "EB", "U8", "BI")
        .N("KOMPRIMIERUNG", 2, true, "Compression: 00 none, 02 gzip, 03 ZIP, 07 bzip2, 13 ZIP multi-file",
            "00", "01", "02", "03", "04", "05", "07", "13")
        .N("VERSCHLUESSELUNGSART", 2, true, "Encryption: 00 none, 03 PKCS#7", "00", "02", "03")
        .N("ELEKTRONISCHE_UNTERSCHRIFT", 2, true, "Signature: 00 none, 03 PKCS#7", "00", "02", "03")
        .An("SATZFORMAT", 3, false, "Record format, blanks for data transmission")
        .N("SATZLAENGE", 5, true, "Record length, 00000 for data transmission")
        .N("BLOCKLAENGE", 8, true, "Block length, 00000000 for data transmission")
        .An("STATUS", 1, false, "Transport status, blank on delivery")
        .N("WIEDERHOLUNG", 2, true, "Retries, 00")
        .N("UEBERTRAGUNGSWEG", 1, true, "Transmission way, 0 from the sender")
        .N("VERZOEGERTER_VERSAND", 10, true, "Delayed sending JJMMTThhmm, zeros")
        .N("INFO_UND_FEHLERFELDER", 6, true, "Transport error number, zeros")
        .An("VARIABLES_INFOFELD", 28, false, "Plain-text transport message")
        .An("EMAIL_ABSENDER", 44, false, "Sender's e-mail address")
        .An("DATEI_BEZEICHNUNG", 30, false, "Free area for extra information")
        .Build(RecordLength);

    /// <summary>Creates an order record with the constants and the sender's defaults (zeros, I1, PKCS#7).</summary>
    public OrderRecord()
        : base(RecordLayout)
    {
        SetText("SEQUENZ_NR", "000");
        foreach (var zero in new[]
                 {
                     "FEHLER_NUMMER", "FEHLER_MASSNAHME", "DATUM_UEBERTRAGUNG_EMPFANGEN_START", "DATUM_UEBERTRAGUNG_EMPFANGEN_ENDE",
                     "DATEIVERSION", "KORREKTUR", "SATZLAENGE", "BLOCKLAENGE", "WIEDERHOLUNG", "UEBERTRAGUNGSWEG",
                     "VERZOEGERTER_VERSAND", "INFO_UND_FEHLERFELDER", "DATUM_UEBERTRAGUNG_GESENDET",
                 })
        {
            SetText(zero, new string('0', RecordLayout.FindField(zero)!.Length));
        }

        SetText("ZEICHENSATZ", "I1");
        SetText("KOMPRIMIERUNG", "00");
        SetText("VERSCHLUESSELUNGSART", "03");
        SetText("ELEKTRONISCHE_UNTERSCHRIFT", "03");
    }

    private OrderRecord(ReadOnlySpan<byte> data)
        : base(RecordLayout, data)
    {
    }

    /// <summary>Procedure id (VERFAHREN_KENNUNG), e.g. <c>EENA0</c> (production) or <c>TENA0</c> (test).</summary>
    public string ProcedureId { get => GetText("VERFAHREN_KENNUNG"); set => SetText("VERFAHREN_KENNUNG", value); }

    /// <summary>Transfer number 0–999 (TRANSFER_NUMMER).</summary>
    public int? TransferNumber { get => (int?)GetNumber("TRANSFER_NUMMER"); set => SetNumber("TRANSFER_NUMMER", value); }

    /// <summary>Owner of the payload (ABSENDER_EIGNER).</summary>
    public string Owner { get => GetText("ABSENDER_EIGNER"); set => SetText("ABSENDER_EIGNER", value); }

    /// <summary>Physical sender (ABSENDER_PHYSIKALISCH).</summary>
    public string PhysicalSender { get => GetText("ABSENDER_PHYSIKALISCH"); set => SetText("ABSENDER_PHYSIKALISCH", value); }

    /// <summary>Receiver that processes the data (EMPFAENGER_NUTZER).</summary>
    public string Receiver { get => GetText("EMPFAENGER_NUTZER"); set => SetText("EMPFAENGER_NUTZER", value); }

    /// <summary>Next physical receiver (EMPFAENGER_PHYSIKALISCH).</summary>
    public string PhysicalReceiver { get => GetText("EMPFAENGER_PHYSIKALISCH"); set => SetText("EMPFAENGER_PHYSIKALISCH", value); }

    /// <summary>Logical file name (DATEINAME), e.g. <c>EENA0000001</c>.</summary>
    public string FileName { get => GetText("DATEINAME"); set => SetText("DATEINAME", value); }

    /// <summary>Creation time (DATUM_ERSTELLUNG).</summary>
    public DateTime? CreatedAt { get => GetTime("DATUM_ERSTELLUNG"); set => SetTime("DATUM_ERSTELLUNG", value); }

    /// <summary>Start of sending (DATUM_UEBERTRAGUNG_GESENDET).</summary>
    public DateTime? SentAt { get => GetTime("DATUM_UEBERTRAGUNG_GESENDET"); set => SetTime("DATUM_UEBERTRAGUNG_GESENDET", value); }

    /// <summary>Payload size in bytes before signing and encryption (DATEIGROESSE_NUTZDATEN).</summary>
    public long? PayloadSize { get => GetNumber("DATEIGROESSE_NUTZDATEN"); set => SetNumber("DATEIGROESSE_NUTZDATEN", value); }

    /// <summary>Size of the transmitted file in bytes (DATEIGROESSE_UEBERTRAGUNG).</summary>
    public long? TransmittedSize { get => GetNumber("DATEIGROESSE_UEBERTRAGUNG"); set => SetNumber("DATEIGROESSE_UEBERTRAGUNG", value); }

    /// <summary>Character set code (ZEICHENSATZ), <c>I1</c> for ISO-8859-1.</summary>
    public string CharacterSet { get => GetText("ZEICHENSATZ"); set => SetText("ZEICHENSATZ", value); }

    /// <summary>Compression code (KOMPRIMIERUNG).</summary>
    public string Compression { get => GetText("KOMPRIMIERUNG"); set => SetText("KOMPRIMIERUNG", value); }

    /// <summary>Encryption code (VERSCHLUESSELUNGSART), <c>03</c> for PKCS#7.</summary>
    public string Encryption { get => GetText("VERSCHLUESSELUNGSART"); set => SetText("VERSCHLUESSELUNGSART", value); }

    /// <summary>Signature code (ELEKTRONISCHE_UNTERSCHRIFT), <c>03</c> for PKCS#7.</summary>
    public string Signature { get => GetText("ELEKTRONISCHE_UNTERSCHRIFT"); set => SetText("ELEKTRONISCHE_UNTERSCHRIFT", value); }

    /// <summary>Sender's e-mail address (positions 275–318); replies by mail go here first.</summary>
    public string SenderEmail { get => GetText("EMAIL_ABSENDER"); set => SetText("EMAIL_ABSENDER", value); }

    /// <summary>Transfer name (8 characters): procedure id + 3-digit transfer number, e.g. <c>EENA0007</c>.</summary>
    public string TransferName => ProcedureId + GetRaw("TRANSFER_NUMMER");

    private DateTime? GetTime(string field)
    {
        string raw = GetRaw(field);
        return DateTime.TryParseExact(raw, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
    }

    private void SetTime(string field, DateTime? value)
        => SetText(field, value?.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) ?? new string('0', 14));

    /// <summary>The 348 characters as ISO-8859-1 bytes (no line end).</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToBytes() => Data.ToArray();

    /// <summary>Checks every field and the rule that encryption and signature are both 00 or both 03.</summary>
    /// <returns>The findings; empty when valid.</returns>
    public IReadOnlyList<RecordError> Validate()
    {
        var errors = new List<RecordError>();
        var sink = new ErrorSink(errors) { RecordNumber = 1, RecordType = "AUF" };
        RecordDecoder.ValidateSegment(Data, Layout, 0, null, sink);
        bool encrypted = GetText("VERSCHLUESSELUNGSART") != "00";
        bool signed = GetText("ELEKTRONISCHE_UNTERSCHRIFT") != "00";
        if (encrypted != signed)
        {
            var f = Layout.FindField("ELEKTRONISCHE_UNTERSCHRIFT")!;
            sink.Add(Data, RecordErrorCodes.InvalidOrderRecord, "Encryption and signature must both be 00 or both be 03.", null, f.Name, f.Position - 1, f.Length);
        }

        return errors;
    }

    /// <summary>Reads an order record (348 bytes, ISO-8859-1; a trailing line end is ignored).</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The order record.</returns>
    /// <exception cref="RecordFormatException">The length is not 348 or the identifier/version/length constants are wrong.</exception>
    public static OrderRecord Parse(ReadOnlySpan<byte> data)
    {
        if (data.EndsWith("\r\n"u8))
        {
            data = data[..^2];
        }
        else if (data.EndsWith("\n"u8))
        {
            data = data[..^1];
        }

        if (data.Length != RecordLength)
        {
            throw new RecordFormatException(new RecordError(RecordErrorCodes.InvalidOrderRecord,
                $"An order record has exactly {RecordLength} characters; this one has {data.Length}.",
                new RecordLocation(1, "AUF", null, null, 1, data.Length, 0)));
        }

        int control = Latin1.IndexOfControl(data);
        if (control >= 0)
        {
            throw new RecordFormatException(new RecordError(RecordErrorCodes.CharacterNotAllowed,
                "A control character is not allowed in the order record.", new RecordLocation(1, "AUF", null, null, control + 1, 1, control)));
        }

        var record = new OrderRecord(data);
        foreach (var name in new[] { "IDENTIFIKATOR", "VERSION", "LAENGE_AUFTRAG" })
        {
            var f = RecordLayout.FindField(name)!;
            if (!data.Slice(f.Position - 1, f.Length).SequenceEqual(f.LiteralBytes))
            {
                throw new RecordFormatException(new RecordError(RecordErrorCodes.InvalidOrderRecord,
                    $"{name} must be {f.Literal}.", new RecordLocation(1, "AUF", null, name, f.Position, f.Length, f.Position - 1)));
            }
        }

        return record;
    }
}
