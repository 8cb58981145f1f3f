using System.Collections.Concurrent;
using System.Globalization;
using Elena.Sdk.Records.Identifiers;
using Elena.Sdk.Records.Models;

namespace Elena.Sdk.Testing.Dsrv;

/// <summary>
/// In-memory reference implementation of the DSRV for ELENA: identity checks for MVDS (with the 40 % duplicate
/// assignment rule) and number searches for DSVV (address check, search, reaction table, check cases), with
/// injectable status-code faults. Thread-safe and deterministic for a given seed.
/// </summary>
public sealed class InMemoryDsrv
{
    /// <summary>Below this match score an identity check is rejected (Doppelvergabeverdacht, seed 001 §3.4.1.1).</summary>
    public const double DuplicateSuspicionThreshold = 0.40;

    /// <summary>Total weight of the compared fields: family name, first name, birth date (2), birth name, place of birth, sex.</summary>
    public const int ScoreWeightTotal = 7;

    /// <summary>At most this many records in one request (procedure.md §4: up to 2,000 records in one CharSequence).</summary>
    public const int MaxPackageSize = 2_000;

    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private readonly Queue<(DsrvFault Fault, int Remaining)> _faults = new();
    private readonly ConcurrentDictionary<string, NumberRequestRecord> _checkCases = new(StringComparer.Ordinal);
    private long _ticket;
    private int _checkCase;

    /// <summary>Creates the DSRV.</summary>
    /// <param name="masterData">The master data.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="seed">Seed: the first ticket number is derived from it.</param>
    public InMemoryDsrv(DsrvMasterData masterData, TimeProvider timeProvider, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(masterData);
        ArgumentNullException.ThrowIfNull(timeProvider);
        MasterData = masterData;
        _timeProvider = timeProvider;
#pragma warning disable CA5394 // Deterministic test data, not security.
        _ticket = 10_000 + new Random(seed).Next(0, 80_000);
#pragma warning restore CA5394
    }

    /// <summary>The master data.</summary>
    public DsrvMasterData MasterData { get; }

    /// <summary>The ids of the check cases still open.</summary>
    public IReadOnlyCollection<string> OpenCheckCases => [.. _checkCases.Keys];

    /// <summary>
    /// Makes the next <paramref name="count"/> calls of <see cref="CheckIdentity(EarningsRecord, string?)"/> or
    /// <see cref="Search"/> throw a <see cref="DsrvException"/> with this fault. Faults injected later queue up behind.
    /// </summary>
    /// <param name="fault">The status code.</param>
    /// <param name="count">How many calls fail.</param>
    public void InjectFault(DsrvFault fault, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_lock)
        {
            _faults.Enqueue((fault, count));
        }
    }

    /// <summary>Checks the identity of the person of an MVDS (sent with DBNA, DBGB, DBAN).</summary>
    /// <param name="mvds">The MVDS.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="DsrvException">A fault was injected.</exception>
    public IdentityCheck CheckIdentity(EarningsRecord mvds) => CheckIdentity(mvds, null);

    /// <summary>Checks the identity of the person of an MVDS (sent with DBNA, DBGB, DBAN).</summary>
    /// <param name="mvds">The MVDS.</param>
    /// <param name="requestId">The caller's RequestID (RFV: ZSS id + <c>_</c> + its suffix).</param>
    /// <returns>The answer; its <see cref="IdentityCheck.Ticket"/> is the DSRV's ResponseID.</returns>
    /// <exception cref="DsrvException">A fault was injected.</exception>
    public IdentityCheck CheckIdentity(EarningsRecord mvds, string? requestId)
    {
        ArgumentNullException.ThrowIfNull(mvds);
        ThrowPendingFault();
        return Check(mvds, requestId ?? string.Empty, NextTicket(), _timeProvider.GetUtcNow());
    }

    /// <summary>
    /// Checks one package of MVDS (one eXTra request of the RFV, at most <see cref="MaxPackageSize"/> records): one
    /// fault check and one ticket (ResponseID) for the whole package, answers in package order.
    /// </summary>
    /// <param name="package">The MVDS, each with DBNA, DBGB, DBAN.</param>
    /// <param name="requestId">The caller's RequestID.</param>
    /// <param name="parallelism">How many records are checked side by side (the answers do not depend on it).</param>
    /// <returns>One answer per record, in order, all with the same ticket.</returns>
    /// <exception cref="DsrvException">A fault was injected: nothing of the package was checked.</exception>
    public IReadOnlyList<IdentityCheck> CheckIdentities(IReadOnlyList<EarningsRecord> package, string? requestId, int parallelism = 1)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(package.Count, MaxPackageSize);
        ThrowPendingFault();
        string ticket = NextTicket();
        var now = _timeProvider.GetUtcNow();
        requestId ??= string.Empty;
        var results = new IdentityCheck[package.Count];
        if (parallelism <= 1)
        {
            for (int i = 0; i < results.Length; i++)
            {
                results[i] = Check(package[i], requestId, ticket, now);
            }
        }
        else
        {
            Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i => results[i] = Check(package[i], requestId, ticket, now));
        }

        return results;
    }

    private IdentityCheck Check(EarningsRecord mvds, string requestId, string ticket, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(mvds);
        var person = MasterData.FindByNumber(mvds.InsuranceNumber);
        if (person is null)
        {
            return new IdentityCheck(IdentityCheckStatus.Mismatch, requestId, ticket, now)
            {
                Errors = [new ErrorBlock(DsrvErrorCodes.NumberUnknown, "VSNR/VFNR nicht im Stammsatz vorhanden")],
            };
        }

        if (mvds.Name is null || mvds.Birth is null)
        {
            return new IdentityCheck(IdentityCheckStatus.Mismatch, requestId, ticket, now)
            {
                Errors = [new ErrorBlock(DsrvErrorCodes.PersonalDataMissing, "DBNA/DBGB fehlt, Identitaet nicht pruefbar")],
            };
        }

        double score = ComputeScore(person, mvds.Name, mvds.Birth);
        if (score < DuplicateSuspicionThreshold)
        {
            return new IdentityCheck(IdentityCheckStatus.Rejected, requestId, ticket, now)
            {
                Score = score,
                Errors = [new ErrorBlock(DsrvErrorCodes.DuplicateAssignmentSuspicion, "Doppelvergabeverdacht")],
            };
        }

        string current = person.CurrentNumber!;
        var retired = new RetiredNumbersBlock();
        foreach (string number in person.RetiredNumbers.Take(10))
        {
            retired.Items.Add(new RetiredNumber { Number = number });
        }

        return new IdentityCheck(IdentityCheckStatus.Confirmed, requestId, ticket, now)
        {
            Score = score,
            CurrentNumber = current,
            RetiredNumbers = person.RetiredNumbers,
            NumberReturn = new NumberReturnBlock { ReasonCode = DsrvReasonCodes.NumberReturned, AreaNumber = current[..2], Number = current },
            RetiredNumbersBlock = retired,
        };
    }

    /// <summary>
    /// Match score per wire-formats §9: the weighted share of equal normalised fields among family name, first name,
    /// birth date (weight 2), birth name, place of birth and sex, out of <see cref="ScoreWeightTotal"/>. A field
    /// counts only when both sides have a value. The MVDS birth name falls back to its family name when blank, and
    /// likewise for the master record.
    /// </summary>
    /// <param name="person">The master record.</param>
    /// <param name="name">DBNA.</param>
    /// <param name="birth">DBGB.</param>
    /// <returns>Score 0–1.</returns>
    public static double ComputeScore(DsrvPerson person, NameBlock name, BirthBlock birth)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(birth);
        int points = 0;
        points += Same(person.FamilyName, name.FamilyName) ? 1 : 0;
        points += Same(person.FirstName, name.FirstName) ? 1 : 0;
        points += birth.BirthDate == person.BirthDate ? 2 : 0;
        string masterBirthName = person.BirthName.Length > 0 ? person.BirthName : person.FamilyName;
        string givenBirthName = birth.BirthName.Length > 0 ? birth.BirthName : name.FamilyName;
        points += Same(masterBirthName, givenBirthName) ? 1 : 0;
        points += Same(person.PlaceOfBirth, birth.PlaceOfBirth) ? 1 : 0;
        points += Same(person.Sex, birth.Sex) ? 1 : 0;
        return (double)points / ScoreWeightTotal;
    }

    /// <summary>
    /// Answers a DSVV: address check, then search and reaction table (procedure.md §3).
    /// </summary>
    /// <param name="dsvv">The number request with DBNA, DBGB and DBAN.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="DsrvException">A fault was injected.</exception>
    public NumberSearch Search(NumberRequestRecord dsvv)
    {
        ArgumentNullException.ThrowIfNull(dsvv);
        ThrowPendingFault();

        var hints = new List<ErrorBlock>();
        AddressBlock? corrected = null;
        if (dsvv.Address is { } address)
        {
            var addressError = CheckAddress(address, out corrected);
            if (addressError is not null)
            {
                return new NumberSearch(DsrvReasonCodes.WrongAddress, null) { Errors = [addressError] };
            }

            if (corrected is not null)
            {
                hints.Add(new ErrorBlock(DsrvErrorCodes.PostalCodeCorrected, "Postleitzahl korrigiert, siehe DBAN"));
            }
        }
        else
        {
            return new NumberSearch(DsrvReasonCodes.WrongAddress, null)
            {
                Errors = [new ErrorBlock(DsrvErrorCodes.TownMissing, "Anschrift fehlt")],
            };
        }

        if (dsvv.Name is null || dsvv.Birth?.BirthDate is not { } birthDate || dsvv.Name.FamilyName.Length == 0)
        {
            return Implausible(hints, corrected);
        }

        bool civilServant = dsvv.IsCivilServant ?? false;
        var candidates = MasterData.Search(dsvv.Name.FamilyName, dsvv.Name.FirstName, birthDate, dsvv.Birth.BirthName);
        if (candidates.Count > 1)
        {
            if (!civilServant)
            {
                hints.Add(new ErrorBlock(DsrvErrorCodes.NotUnique, "Person nicht eindeutig, keine Klaerung"));
                return new NumberSearch(DsrvReasonCodes.CheckCaseEmployee, null) { Errors = hints, CorrectedAddress = corrected };
            }

            string id = "PF" + Interlocked.Increment(ref _checkCase).ToString("D6", CultureInfo.InvariantCulture);
            _checkCases[id] = dsvv;
            return new NumberSearch(DsrvReasonCodes.CheckCaseCivilServant, null) { Errors = hints, CorrectedAddress = corrected, CheckCaseId = id };
        }

        if (candidates.Count == 1)
        {
            return Found(candidates[0], civilServant, hints, corrected);
        }

        if (!civilServant)
        {
            hints.Add(new ErrorBlock(DsrvErrorCodes.NoNumberAssigned, "Keine VSNR vergeben, DEUEV-Verfahren nutzen"));
            return new NumberSearch(DsrvReasonCodes.NoNumberAssigned, null)
            {
                Errors = hints, CorrectedAddress = corrected, Reactions = DsrvReactions.ReportNoNumber, TableCase = 8,
            };
        }

        string vfnr = AssignProcedureNumber(dsvv, birthDate, corrected ?? dsvv.Address);
        return new NumberSearch(DsrvReasonCodes.NewProcedureNumber, vfnr)
        {
            Errors = hints,
            CorrectedAddress = corrected,
            TableCase = 7,
            Reactions = DsrvReactions.AssignProcedureNumber | DsrvReactions.ReportNewProcedureNumber
                | DsrvReactions.ZssInformsParticipant | DsrvReactions.ReportNumberToEmployer,
        };
    }

    /// <summary>Closes an open check case with the clarified number: GDMQ 02.</summary>
    /// <param name="checkCaseId">The id from <see cref="NumberSearch.CheckCaseId"/>.</param>
    /// <param name="number">The clarified VSNR or VFNR.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="KeyNotFoundException">No such open check case.</exception>
    /// <exception cref="ArgumentException">The number is not valid.</exception>
    public NumberSearch ResolveCheckCase(string checkCaseId, string number)
    {
        ArgumentNullException.ThrowIfNull(checkCaseId);
        if (!InsuranceNumber.IsValid(number))
        {
            throw new ArgumentException($"'{number}' is not a valid insurance or procedure number.", nameof(number));
        }

        if (!_checkCases.TryRemove(checkCaseId, out _))
        {
            throw new KeyNotFoundException($"No open check case '{checkCaseId}'.");
        }

        return new NumberSearch(DsrvReasonCodes.NumberReturned, number)
        {
            Reactions = DsrvReactions.ReportNumber | DsrvReactions.ReportNumberToEmployer,
        };
    }

    /// <summary>Closes an open check case as implausible personal data: GDMQ 26 with DBFE.</summary>
    /// <param name="checkCaseId">The id from <see cref="NumberSearch.CheckCaseId"/>.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="KeyNotFoundException">No such open check case.</exception>
    public NumberSearch RejectCheckCase(string checkCaseId)
    {
        ArgumentNullException.ThrowIfNull(checkCaseId);
        if (!_checkCases.TryRemove(checkCaseId, out _))
        {
            throw new KeyNotFoundException($"No open check case '{checkCaseId}'.");
        }

        return Implausible([], null);
    }

    private static NumberSearch Implausible(List<ErrorBlock> hints, AddressBlock? corrected)
    {
        hints.Add(new ErrorBlock(DsrvErrorCodes.ImplausiblePersonalData, "Personendaten nicht plausibel"));
        return new NumberSearch(DsrvReasonCodes.ImplausiblePersonalData, null) { Errors = hints, CorrectedAddress = corrected };
    }

    private NumberSearch Found(DsrvPerson person, bool civilServant, List<ErrorBlock> hints, AddressBlock? corrected)
    {
        bool hasVfnr = person.ProcedureNumber is not null;
        bool hasVsnr = person.InsuranceNumber is not null;
        const DsrvReactions reportFound = DsrvReactions.ReportNumber | DsrvReactions.ReportNumberToEmployer;
        if (hasVsnr)
        {
            // Rows 1, 2 (VFNR and VSNR) list no reaction; the VSNR is still returned as search step 1 says.
            int row = hasVfnr ? (civilServant ? 1 : 2) : (civilServant ? 5 : 6);
            return new NumberSearch(DsrvReasonCodes.NumberReturned, person.InsuranceNumber)
            {
                Errors = hints, CorrectedAddress = corrected, TableCase = row, Reactions = hasVfnr ? DsrvReactions.None : reportFound,
            };
        }

        string vfnr = person.ProcedureNumber!;
        if (civilServant || person.IsCivilServant)
        {
            return new NumberSearch(DsrvReasonCodes.NumberReturned, vfnr)
            {
                Errors = hints, CorrectedAddress = corrected, TableCase = 3, Reactions = reportFound,
            };
        }

        // Row 4: the VFNR is activated and becomes the VSNR.
        MasterData.Replace(person, person with { InsuranceNumber = vfnr });
        return new NumberSearch(DsrvReasonCodes.NumberReturned, vfnr)
        {
            Errors = hints,
            CorrectedAddress = corrected,
            TableCase = 4,
            Reactions = DsrvReactions.ActivateProcedureNumber | reportFound | DsrvReactions.DsrvInformsParticipant,
        };
    }

    private string AssignProcedureNumber(NumberRequestRecord dsvv, DateOnly birthDate, AddressBlock? address)
    {
        var name = dsvv.Name!;
        var birth = dsvv.Birth!;
        string birthName = birth.BirthName.Length > 0 ? birth.BirthName : name.FamilyName;
        string normalised = DsrvMasterData.Normalize(birthName);
        char initial = normalised.Length > 0 && normalised[0] is >= 'A' and <= 'Z' ? normalised[0] : 'X';
        bool female = birth.Sex is "W" or "w";
        int first = female ? 50 : 0;
        lock (_lock)
        {
            // Second assignment on the same date and initial: day + 50 (VKVV § 2 (2)) when the serials run out.
            foreach (int dayOffset in (int[])[0, 50])
            {
                for (int serial = first; serial < first + 50; serial++)
                {
                    string candidate = InsuranceNumber.Create(InsuranceNumber.ProcedureNumberArea, birthDate, initial, serial);
                    if (dayOffset > 0)
                    {
                        string day = (birthDate.Day + dayOffset).ToString("00", CultureInfo.InvariantCulture);
                        string raw = candidate[..2] + day + candidate[4..11];
                        candidate = raw + InsuranceNumber.ComputeCheckDigit(System.Text.Encoding.ASCII.GetBytes(raw + "0")).ToString(CultureInfo.InvariantCulture);
                    }

                    if (MasterData.IsAssigned(candidate))
                    {
                        continue;
                    }

                    MasterData.Add(new DsrvPerson
                    {
                        ProcedureNumber = candidate,
                        FamilyName = name.FamilyName,
                        FirstName = name.FirstName,
                        BirthName = birth.BirthName,
                        BirthDate = birthDate,
                        Sex = birth.Sex,
                        PlaceOfBirth = birth.PlaceOfBirth,
                        PostalCode = address?.PostalCode.Trim() ?? string.Empty,
                        Town = address?.Town.Trim() ?? string.Empty,
                        Street = address?.Street ?? string.Empty,
                        IsCivilServant = true,
                    });
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException("No free procedure number serial for this birth date and initial.");
    }

    private static ErrorBlock? CheckAddress(AddressBlock address, out AddressBlock? corrected)
    {
        corrected = null;
        if (address.Town.Trim().Length == 0)
        {
            return new ErrorBlock(DsrvErrorCodes.TownMissing, "Wohnort fehlt");
        }

        string country = address.CountryCode.Trim();
        if (country.Length > 0 && country != "D")
        {
            return null;
        }

        string raw = address.GetRaw("PLZ").TrimEnd();
        string cleaned = raw.Trim().ToUpperInvariant();
        if (cleaned.StartsWith("D-", StringComparison.Ordinal))
        {
            cleaned = cleaned[2..].Trim();
        }

        if (cleaned.Length != 5 || !cleaned.All(char.IsAsciiDigit) || cleaned == "00000")
        {
            return new ErrorBlock(DsrvErrorCodes.PostalCodeInvalid, "Postleitzahl ungueltig");
        }

        if (cleaned != raw)
        {
            corrected = new AddressBlock
            {
                CountryCode = address.CountryCode,
                PostalCode = cleaned,
                Town = address.Town.Trim(),
                Street = address.Street,
                HouseNumber = address.HouseNumber,
                AddressSupplement = address.AddressSupplement,
            };
        }

        return null;
    }

    private static bool Same(string a, string b)
    {
        string x = DsrvMasterData.Normalize(a);
        return x.Length > 0 && x == DsrvMasterData.Normalize(b);
    }

    private string NextTicket() => Interlocked.Increment(ref _ticket).ToString(CultureInfo.InvariantCulture);

    private void ThrowPendingFault()
    {
        lock (_lock)
        {
            if (_faults.Count == 0)
            {
                return;
            }

            var (fault, remaining) = _faults.Dequeue();
            if (remaining > 1)
            {
                // Keep it at the front: rebuild the queue with the decremented entry first.
                var rest = _faults.ToArray();
                _faults.Clear();
                _faults.Enqueue((fault, remaining - 1));
                foreach (var entry in rest)
                {
                    _faults.Enqueue(entry);
                }
            }

            throw new DsrvException(fault);
        }
    }
}
