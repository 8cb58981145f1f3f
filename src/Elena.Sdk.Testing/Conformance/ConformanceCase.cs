using System.Text.Json;
using System.Text.Json.Serialization;
using Elena.Sdk.Testing.Dsrv;
using Elena.Sdk.Testing.Rfv;

namespace Elena.Sdk.Testing.Conformance;

/// <summary>
/// One case of the conformance catalogue (conformance/cases/*.json): what to send, which faults to inject, and what
/// the reference implementation must answer — each case names the seed rule it checks.
/// </summary>
public sealed record ConformanceCase
{
    /// <summary>Unique id, e.g. <c>ZSS-REC-003</c>.</summary>
    public required string Id { get; init; }

    /// <summary>What the case shows, in one sentence.</summary>
    public required string Title { get; init; }

    /// <summary>The seed section it checks, e.g. <c>004 §3.3.2</c>.</summary>
    public required string Seed { get; init; }

    /// <summary>The file to build.</summary>
    public FileScenario File { get; init; } = new();

    /// <summary>How it is sealed and sent.</summary>
    public SendScenario Send { get; init; } = new();

    /// <summary>Faults in the RFV/DSRV while the file is processed.</summary>
    public FaultScenario? Faults { get; init; }

    /// <summary>A second file the employer sends after the first (e.g. cancellations and new reports), or <see langword="null"/>; the expectation is about the last file.</summary>
    public NextFile? Next { get; init; }

    /// <summary>Days that pass after processing; then the reply retention (120 days) and the deletion rules (2/5 years) run.</summary>
    public int DaysAfter { get; init; }

    /// <summary>A retrieval after the file was stored (retrieval side), or <see langword="null"/>.</summary>
    public RetrievalScenario? Retrieval { get; init; }

    /// <summary>A certificate lifecycle at the simulated trust center instead of a file, or <see langword="null"/>.</summary>
    public CertificateScenario? Certificate { get; init; }

    /// <summary>A signature-card PIN scenario instead of a file, or <see langword="null"/>.</summary>
    public CardScenario? Card { get; init; }

    /// <summary>What must come back.</summary>
    public required Expectation Expect { get; init; }

    /// <inheritdoc />
    public override string ToString() => Id;
}

/// <summary>The monthly file of a case.</summary>
public sealed record FileScenario
{
    /// <summary>Number of MVDS.</summary>
    public int Mvds { get; init; }

    /// <summary>Number of DSVV.</summary>
    public int Dsvv { get; init; }

    /// <summary>Record numbers (VOSZ = 1) of MVDS whose person the DSRV does not know.</summary>
    public IReadOnlyList<int> UnknownPersons { get; init; } = [];

    /// <summary>DSKO FERUECK (412); <see langword="null"/> keeps the generator's value.</summary>
    public string? ReplyChannel { get; init; }

    /// <summary>DSKO VERBEST (411); <see langword="null"/> keeps the generator's value.</summary>
    public string? ConfirmationWanted { get; init; }

    /// <summary>Fields to overwrite (to make a record faulty).</summary>
    public IReadOnlyList<FieldChange> Fields { get; init; } = [];

    /// <summary>Records (by number) to drop after generation, e.g. to break the count.</summary>
    public IReadOnlyList<int> Drop { get; init; } = [];

    /// <summary>The generator's seed.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>VOSZ/NCSZ file number (DTNR); <see langword="null"/> keeps the generator's (1).</summary>
    public int? FileNumber { get; init; }

    /// <summary>
    /// Record numbers of MVDS in the first file (same seed) that this file cancels (KENNZST = J) and reports again with
    /// a corrected amount; the file then holds only these pairs.
    /// </summary>
    public IReadOnlyList<int> Cancel { get; init; } = [];

    /// <summary>Record numbers of MVDS whose employee the DSRV knows under a newer number (the one sent is retired).</summary>
    public IReadOnlyList<int> RetiredNumbers { get; init; } = [];

    /// <summary>Record numbers of DSVV whose person the DSRV knows with an insurance number.</summary>
    public IReadOnlyList<int> KnownRequests { get; init; } = [];

    /// <summary>Record numbers of DSVV for which the DSRV finds two persons (not unique).</summary>
    public IReadOnlyList<int> AmbiguousRequests { get; init; } = [];
}

/// <summary>A second file of a case.</summary>
public sealed record NextFile
{
    /// <summary>The file to build.</summary>
    public FileScenario File { get; init; } = new();

    /// <summary>How it is sealed and sent.</summary>
    public SendScenario Send { get; init; } = new();
}

/// <summary>One field to overwrite.</summary>
/// <param name="Record">Record number (VOSZ = 1).</param>
/// <param name="Field">The field's spec name in the fixed part (e.g. <c>PERSGR</c>), or <c>BLOCK.FIELD</c> in a data block (e.g. <c>DBAN.PLZ</c>).</param>
/// <param name="Value">The new text.</param>
public sealed record FieldChange(int Record, string Field, string Value);

/// <summary>How a case's file is sealed and sent.</summary>
public sealed record SendScenario
{
    /// <summary><c>extra</c> or <c>mail</c>.</summary>
    public string Channel { get; init; } = "extra";

    /// <summary><c>employer</c> (admitted), <c>unadmitted</c> (not in gesamt.agv) or <c>expired</c>.</summary>
    public string Signer { get; init; } = "employer";

    /// <summary><c>zss</c> or <c>other</c> (sealed for someone else).</summary>
    public string Recipient { get; init; } = "zss";

    /// <summary>
    /// Hand the file to the reference directly whatever the run's transport: a conforming client refuses to send it
    /// (e.g. over the record limit), but the office must still check it.
    /// </summary>
    public bool Direct { get; init; }

    /// <summary>Flip a bit in the sealed file.</summary>
    public bool Tamper { get; init; }

    /// <summary>
    /// A content-encryption algorithm the security interface does not provide for (e.g. <c>3des</c>): the runner seals
    /// the subject's file itself with it, to check the office refuses it. <see langword="null"/>: the subject seals.
    /// </summary>
    public string? Cipher { get; init; }
}

/// <summary>Faults while the file is processed.</summary>
public sealed record FaultScenario
{
    /// <summary>RFV state during the first attempt.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<RfvState>))]
    public RfvState? Rfv { get; init; }

    /// <summary>DSRV fault injected once.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<DsrvFault>))]
    public DsrvFault? Dsrv { get; init; }

    /// <summary>Whether the fault clears and the office retries (nothing lost, nothing stored twice).</summary>
    public bool Clear { get; init; } = true;
}

/// <summary>What a case expects.</summary>
public sealed record Expectation
{
    /// <summary>Reply kinds, in order (e.g. <c>AcceptanceReceipt</c>, <c>RecordRejection</c>).</summary>
    public IReadOnlyList<string>? Replies { get; init; }

    /// <summary>Records stored.</summary>
    public int? Stored { get; init; }

    /// <summary>Whether the file is still pending at the end.</summary>
    public bool? Pending { get; init; }

    /// <summary>DBFE codes expected on records (record number in the submitted file).</summary>
    public IReadOnlyList<ExpectedError> Errors { get; init; } = [];

    /// <summary>Route per reply kind (<c>Mail</c>, <c>Server</c>, <c>Paper</c>).</summary>
    public IReadOnlyDictionary<string, string> Routes { get; init; } = new Dictionary<string, string>();

    /// <summary>Replies waiting on the communication server at the end.</summary>
    public int? ServerReplies { get; init; }

    /// <summary>Replies gone to the paper outbox at the end.</summary>
    public int? PaperOutbox { get; init; }

    /// <summary>Numbers assigned (DSVV): how many records got a VSNR/VFNR.</summary>
    public int? NumbersAssigned { get; init; }

    /// <summary>GDMQ codes expected on the DSVV answers, in order.</summary>
    public IReadOnlyList<string>? ReasonCodes { get; init; }

    /// <summary>The refusal of the (last) retrieval, or <c>none</c> when it must succeed.</summary>
    public string? Refusal { get; init; }

    /// <summary>Months of data the (last) retrieval returns.</summary>
    public int? RetrievedMonths { get; init; }

    /// <summary>Blocks that must not be in the retrieved data (data minimisation).</summary>
    public IReadOnlyList<string> NotRetrieved { get; init; } = [];

    /// <summary>Retrievals in the log at the end.</summary>
    public int? Logged { get; init; }

    /// <summary>Error codes that must be on the VOSZ, DSKO or NCSZ of the file rejection (e.g. <c>NCSZz37</c>).</summary>
    public IReadOnlyList<string> FileErrors { get; init; } = [];

    /// <summary>Reports readable in the store for the file's first known employee at the end.</summary>
    public int? StoredReports { get; init; }

    /// <summary>Entries in the report log at the end.</summary>
    public int? LogEntries { get; init; }

    /// <summary>The outcome of a certificate or card case (e.g. <c>issued</c>, <c>refused OSTC-E03</c>, <c>blocked</c>).</summary>
    public string? Outcome { get; init; }
}

/// <summary>
/// A retrieval of the first employee's data after the file was stored: the employee registers a card and consents,
/// the office's responsible person registers an official, the official retrieves (seed 001 §1.6.4.15–§1.6.5.1).
/// </summary>
public sealed record RetrievalScenario
{
    /// <summary>Who signs the consent: <c>card</c> (the registered card), <c>representative</c>, <c>unregistered</c> (a card never registered), or <c>none</c> (no consent).</summary>
    public string ConsentBy { get; init; } = "card";

    /// <summary>The office the consent names: <c>own</c> or <c>other</c>.</summary>
    public string ConsentOffice { get; init; } = "own";

    /// <summary>The certificate the consent covers.</summary>
    public string ConsentPurpose { get; init; } = "HousingBenefit";

    /// <summary>The consent's time limit in days from now, if any.</summary>
    public int? ConsentDays { get; init; }

    /// <summary>The consent's number of retrievals, if limited.</summary>
    public int? ConsentMax { get; init; }

    /// <summary>Revoke the consent before retrieving.</summary>
    public bool Revoke { get; init; }

    /// <summary>Who retrieves: <c>official</c>, <c>agent</c>, <c>blocked</c> (an official blocked by the responsible person), <c>unregistered</c>.</summary>
    public string Official { get; init; } = "official";

    /// <summary>The certificates the official may retrieve.</summary>
    public IReadOnlyList<string> OfficialPurposes { get; init; } = ["HousingBenefit"];

    /// <summary>Withdraw the office's admission before retrieving.</summary>
    public bool WithdrawAdmission { get; init; }

    /// <summary>The certificate asked for.</summary>
    public string Purpose { get; init; } = "HousingBenefit";

    /// <summary>The application reference (blank: none).</summary>
    public string Application { get; init; } = "WG-2011-0001";

    /// <summary>The processing person named by an agent.</summary>
    public string? ProcessingPerson { get; init; }

    /// <summary>Days that pass between consent and retrieval.</summary>
    public int DaysBefore { get; init; }

    /// <summary>How many retrievals are made (the expectation is about the last one).</summary>
    public int Times { get; init; } = 1;
}

/// <summary>An expected DBFE on a record.</summary>
/// <param name="Record">Record number in the submitted file.</param>
/// <param name="Code">The DBFE code (exact).</param>
public sealed record ExpectedError(int Record, string Code);

/// <summary>Loads the catalogue.</summary>
public static class ConformanceCatalogue
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Every case shipped with the kit (embedded from conformance/cases), ordered by id.</summary>
    /// <returns>The cases.</returns>
    public static IReadOnlyList<ConformanceCase> Load()
    {
        var assembly = typeof(ConformanceCatalogue).Assembly;
        var cases = new List<ConformanceCase>();
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("conformance/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            cases.AddRange(Parse(stream, name));
        }

        return [.. cases.OrderBy(c => c.Id, StringComparer.Ordinal)];
    }

    /// <summary>Reads one catalogue file: a JSON array of cases.</summary>
    /// <param name="stream">The file.</param>
    /// <param name="name">Its name, for messages.</param>
    /// <returns>The cases.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid catalogue file.</exception>
    public static IReadOnlyList<ConformanceCase> Parse(Stream stream, string name)
    {
        try
        {
            return JsonSerializer.Deserialize<List<ConformanceCase>>(stream, Json) ?? [];
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Catalogue file '{name}' is not valid: {ex.Message}", ex);
        }
    }
}
