namespace Elena.Sdk.Records;

/// <summary>
/// Stable error codes of record reading and validation. Each is documented in <c>docs/error-codes.md</c>
/// with its meaning and, where one exists, the DEÜV/ELENA error number it corresponds to.
/// </summary>
public static class RecordErrorCodes
{
    // Structure (the record cannot be decoded as its layout says)

    /// <summary>The line is shorter than 4 characters or than its layout's fixed part.</summary>
    public const string RecordTooShort = "ELR101";

    /// <summary>The record identifier is not one the SDK knows.</summary>
    public const string UnknownRecordType = "ELR102";

    /// <summary>The record version has no layout in the SDK; the record is kept verbatim (warning).</summary>
    public const string UnsupportedVersion = "ELR103";

    /// <summary>Characters follow after the last block the layout expects.</summary>
    public const string UnexpectedData = "ELR104";

    /// <summary>A presence flag says J but the block is not there, or another block is in its place.</summary>
    public const string BlockMissing = "ELR105";

    /// <summary>A repeating group count is not a number or exceeds its maximum.</summary>
    public const string InvalidGroupCount = "ELR106";

    /// <summary>The number of DBFE blocks differs from FEAN, or error blocks are malformed.</summary>
    public const string ErrorBlockCountMismatch = "ELR107";

    /// <summary>A character outside printable ISO-8859-1 (control character, or not representable).</summary>
    public const string CharacterNotAllowed = "ELR108";

    /// <summary>A UTF-8 file (with byte order mark) holds an invalid byte sequence.</summary>
    public const string InvalidUtf8 = "ELR109";

    /// <summary>A line is longer than the configured maximum record length.</summary>
    public const string RecordTooLong = "ELR110";

    // Fields

    /// <summary>A required field (Muss) is blank.</summary>
    public const string RequiredFieldMissing = "ELR201";

    /// <summary>A numeric field holds something other than digits.</summary>
    public const string NotNumeric = "ELR202";

    /// <summary>The value is not in the field's value list.</summary>
    public const string ValueNotAllowed = "ELR203";

    /// <summary>Not a valid calendar date (JJJJMMTT, JJJJMM or TT).</summary>
    public const string InvalidDate = "ELR204";

    /// <summary>Not a valid creation timestamp (JJJJMMTThhmmss + microseconds).</summary>
    public const string InvalidTimestamp = "ELR205";

    /// <summary>Not a valid Betriebsnummer (shape, range or check digit), or Absendernummer where allowed.</summary>
    public const string InvalidEmployerNumber = "ELR206";

    /// <summary>Not a valid insurance number or procedure number (shape, birth date or check digit).</summary>
    public const string InvalidInsuranceNumber = "ELR207";

    /// <summary>A flag is not J or N.</summary>
    public const string InvalidFlag = "ELR208";

    /// <summary>A sign is not +, - or blank.</summary>
    public const string InvalidSign = "ELR209";

    /// <summary>A constant field (identifier, version, fixed flag) has another value.</summary>
    public const string LiteralMismatch = "ELR210";

    /// <summary>A reserve area is not blank.</summary>
    public const string ReserveNotBlank = "ELR211";

    /// <summary>FEKZ says error-free (0) but FEAN is not 0 (DSKO072 and equivalents).</summary>
    public const string ErrorFlagInconsistent = "ELR212";

    /// <summary>The insurance number's birth date, initial or serial contradict the birth data (DBGB).</summary>
    public const string InsuranceNumberMismatch = "ELR213";

    /// <summary>A value is longer than its field (writing).</summary>
    public const string ValueTooLong = "ELR214";

    // File

    /// <summary>The file holds no records.</summary>
    public const string FileEmpty = "ELR301";

    /// <summary>The first record is not a file header (VOSZ).</summary>
    public const string HeaderMissing = "ELR302";

    /// <summary>The file does not end with a file trailer (NCSZ).</summary>
    public const string TrailerMissing = "ELR303";

    /// <summary>A record follows the file trailer, or a header/trailer appears out of place.</summary>
    public const string RecordOutOfPlace = "ELR304";

    /// <summary>The communication record (DSKO) does not directly follow the header, or appears more than once.</summary>
    public const string CommunicationRecordMisplaced = "ELR305";

    /// <summary>The file sequence number (DTNR) differs between VOSZ and NCSZ, or is 000000.</summary>
    public const string FileNumberMismatch = "ELR306";

    /// <summary>NCSZ ZLSZ differs from the number of records between header and trailer.</summary>
    public const string RecordCountMismatch = "ELR307";

    /// <summary>MVDS and DSVV in the same file.</summary>
    public const string MixedRecordTypes = "ELR308";

    /// <summary>More MVDS/DSVV than the channel allows (2,000 by mail, 20,000 by eXTra).</summary>
    public const string TooManyRecords = "ELR309";

    /// <summary>VFMM, ABSN or EPNR differ between VOSZ and NCSZ.</summary>
    public const string HeaderTrailerMismatch = "ELR310";

    /// <summary>The file holds no MVDS, DSVV or DSME.</summary>
    public const string NoPayloadRecords = "ELR311";

    /// <summary>DSKO BBNRER differs from VOSZ ABSN.</summary>
    public const string CreatorMismatch = "ELR312";

    /// <summary>More errors than the configured maximum; validation stopped collecting.</summary>
    public const string TooManyErrors = "ELR399";

    /// <summary>The order record (Auftragssatz) is not 348 characters or a field is invalid.</summary>
    public const string InvalidOrderRecord = "ELR401";
}
