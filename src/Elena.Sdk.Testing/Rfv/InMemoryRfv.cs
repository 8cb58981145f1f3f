using Elena.Sdk.Records.Models;
using Elena.Sdk.Testing.Dsrv;

namespace Elena.Sdk.Testing.Rfv;

/// <summary>
/// In-memory reference implementation of the RFV (Registratur Fachverfahren): asks the DSRV to check each MVDS,
/// links the person (by current VSNR/VFNR) to its ZID/vID or assigns a vID, registers signature cards (ZID) and
/// chains request and response ids (procedure.md §4). Thread-safe and deterministic for a given seed.
/// </summary>
public sealed class InMemoryRfv
{
    /// <summary>At most this many ids are listed in DBID.</summary>
    public const int MaxIdsInDbid = 20;

    private readonly InMemoryDsrv _dsrv;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private readonly Random _random;
    private readonly Dictionary<string, PersonLink> _links = new(StringComparer.Ordinal);
    private readonly List<string> _requests = [];
    private long _vidSequence;
    private RfvState _state = RfvState.Available;

    /// <summary>Creates the RFV.</summary>
    /// <param name="dsrv">The DSRV it asks.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="seed">Seed for the id suffixes.</param>
    public InMemoryRfv(InMemoryDsrv dsrv, TimeProvider timeProvider, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(dsrv);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _dsrv = dsrv;
        _timeProvider = timeProvider;
#pragma warning disable CA5394 // Deterministic test data, not security.
        _random = new Random(seed);
#pragma warning restore CA5394
    }

    /// <summary>The current state.</summary>
    public RfvState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>The RequestIDs of the packages answered so far, in order (one per package, not per record).</summary>
    public IReadOnlyList<string> AnsweredRequests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>When the last answer was given, or <see langword="null"/>.</summary>
    public DateTimeOffset? LastAnsweredAt { get; private set; }

    /// <summary>Sets the state; any state other than <see cref="RfvState.Available"/> makes calls throw.</summary>
    /// <param name="state">The state.</param>
    public void SetState(RfvState state)
    {
        lock (_lock)
        {
            _state = state;
        }
    }

    /// <summary>Processes one MVDS sent by the ZSS with DBNA, DBGB and DBAN (a package of one).</summary>
    /// <param name="mvds">The MVDS; not changed.</param>
    /// <param name="requestId">The ZSS's RequestID (its send id).</param>
    /// <returns>The answer.</returns>
    /// <exception cref="RfvUnavailableException">The RFV is not available, or the DSRV failed (<see cref="RfvState.DsrvError"/>).</exception>
    public RfvAnswer Process(EarningsRecord mvds, string requestId)
    {
        ArgumentNullException.ThrowIfNull(mvds);
        return ProcessPackage([mvds], requestId)[0];
    }

    /// <summary>
    /// Processes one package of MVDS as the ZSS sends it (one eXTra request, at most
    /// <see cref="InMemoryDsrv.MaxPackageSize"/> records, procedure.md §4). The RFV asks the DSRV with
    /// <c>RequestID_xxxx</c> and answers with the DSRV's ticket + <c>_xxxxx</c>, the same ids for the whole package.
    /// All or nothing: when the RFV or the DSRV is unavailable nothing of the package is linked. Persons are linked
    /// (and vIDs assigned) in package order, so the ids do not depend on <paramref name="parallelism"/>.
    /// </summary>
    /// <param name="package">The MVDS with DBNA, DBGB and DBAN; not changed.</param>
    /// <param name="requestId">The ZSS's RequestID (its send id).</param>
    /// <param name="parallelism">How many identity checks run side by side.</param>
    /// <returns>One answer per MVDS, in order.</returns>
    /// <exception cref="RfvUnavailableException">The RFV is not available, or the DSRV failed (<see cref="RfvState.DsrvError"/>).</exception>
    public IReadOnlyList<RfvAnswer> ProcessPackage(IReadOnlyList<EarningsRecord> package, string requestId, int parallelism = 1)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(package.Count, InMemoryDsrv.MaxPackageSize);
        ThrowIfUnavailable();

        string dsrvRequestId = requestId + "_" + Letters(4);
        IReadOnlyList<IdentityCheck> checks;
        try
        {
            checks = _dsrv.CheckIdentities(package, dsrvRequestId, parallelism);
        }
        catch (DsrvException ex)
        {
            throw new RfvUnavailableException(RfvState.DsrvError, ex.Code, ex);
        }

        string responseId = (checks.Count > 0 ? checks[0].Ticket : "0") + "_" + Letters(5);
        var records = new EarningsRecord[package.Count];
        if (parallelism <= 1)
        {
            for (int i = 0; i < records.Length; i++)
            {
                records[i] = Clone(package[i]);
            }
        }
        else
        {
            Parallel.For(0, records.Length, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i => records[i] = Clone(package[i]));
        }

        // Linking (and vID assignment) in package order under the lock; building the answers side by side afterwards.
        var links = new (string[] Ids, string Current, bool Assigned)?[package.Count];
        lock (_lock)
        {
            _requests.Add(requestId);
            for (int i = 0; i < links.Length; i++)
            {
                links[i] = checks[i].IsConfirmed ? Link(checks[i]) : null;
            }
        }

        var answers = new RfvAnswer[package.Count];
        void Build(int i) => answers[i] = Answer(records[i], checks[i], links[i], requestId, dsrvRequestId, responseId);
        if (parallelism <= 1)
        {
            for (int i = 0; i < answers.Length; i++)
            {
                Build(i);
            }
        }
        else
        {
            Parallel.For(0, answers.Length, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, Build);
        }

        LastAnsweredAt = _timeProvider.GetUtcNow();
        return answers;
    }

    // Caller holds _lock. Links the confirmed person to its ids, assigning a vID when it has none yet.
    private (string[] Ids, string Current, bool Assigned) Link(IdentityCheck check)
    {
        string current = check.CurrentNumber!;
        var link = LinkOf(current, check.RetiredNumbers);
        bool assigned = link is null;
        if (link is null)
        {
            link = new PersonLink();
            string vid = ParticipantIds.CreateVid(++_vidSequence);
            link.Ids.Add(vid);
            link.Current = vid;
            _links[current] = link;
        }

        return ([.. link.Ids.TakeLast(MaxIdsInDbid)], link.Current, assigned);
    }

    private static RfvAnswer Answer(EarningsRecord record, IdentityCheck check, (string[] Ids, string Current, bool Assigned)? link,
        string requestId, string dsrvRequestId, string responseId)
    {
        if (link is not { } linked)
        {
            foreach (var error in check.Errors)
            {
                record.Errors.Add(error);
            }

            record.ErrorFlag = "1";
            return new RfvAnswer(record, check, requestId, dsrvRequestId, responseId);
        }

        record.Name = null;
        record.Birth = null;
        record.Address = null;
        var dbid = new IdentityNumbersBlock();
        foreach (string id in linked.Ids)
        {
            dbid.Items.Add(new IdentityNumber { Kind = ParticipantIds.IsVid(id) ? "V" : "Z", Id = id });
        }

        record.IdentityNumbers = dbid;
        return new RfvAnswer(record, check, requestId, dsrvRequestId, responseId) { CurrentId = linked.Current, VidAssigned = linked.Assigned };
    }

    /// <summary>
    /// Registers a signature card: derives the ZID (<see cref="ParticipantIds.CreateZid"/>) and makes it the
    /// person's current id. Data stored under the previous id are to be moved to the ZID by the ZSS.
    /// </summary>
    /// <param name="insuranceNumber">The person's VSNR/VFNR (a retired one resolves to the current via the DSRV master data).</param>
    /// <param name="certificateIssuerDer">DER issuer DN of the card certificate.</param>
    /// <param name="serialNumber">Certificate serial number bytes.</param>
    /// <returns>The ZID and the previous current id.</returns>
    /// <exception cref="RfvUnavailableException">The RFV is not available.</exception>
    public CardRegistration RegisterCard(string insuranceNumber, byte[] certificateIssuerDer, byte[] serialNumber)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(insuranceNumber);
        ArgumentNullException.ThrowIfNull(certificateIssuerDer);
        ArgumentNullException.ThrowIfNull(serialNumber);
        ThrowIfUnavailable();
        var person = _dsrv.MasterData.FindByNumber(insuranceNumber);
        string current = person?.CurrentNumber ?? insuranceNumber.Trim();
        string zid = ParticipantIds.CreateZid(certificateIssuerDer, serialNumber);
        lock (_lock)
        {
            var link = LinkOf(current, person?.RetiredNumbers ?? []);
            if (link is null)
            {
                link = new PersonLink();
                _links[current] = link;
            }

            string? previous = link.Current.Length == 0 || link.Current == zid ? null : link.Current;
            if (!link.Ids.Contains(zid))
            {
                link.Ids.Add(zid);
            }

            link.Current = zid;
            return new CardRegistration(zid, previous);
        }
    }

    /// <summary>Every vID/ZID of a person, oldest first.</summary>
    /// <param name="number">VSNR/VFNR (current or retired).</param>
    /// <returns>The ids; empty when the person has none.</returns>
    public IReadOnlyList<string> IdsOf(string number)
    {
        lock (_lock)
        {
            return Resolve(number) is { } link ? [.. link.Ids] : [];
        }
    }

    /// <summary>The current id of the person who holds <paramref name="participantId"/> (any of their ZIDs or vIDs), or <see langword="null"/> when no person holds it.</summary>
    /// <param name="participantId">A ZID or vID.</param>
    /// <returns>The person's current id.</returns>
    public string? CurrentIdOf(string participantId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(participantId);
        lock (_lock)
        {
            foreach (var link in _links.Values)
            {
                if (link.Ids.Contains(participantId))
                {
                    return link.Current;
                }
            }

            return null;
        }
    }

    /// <summary>The person's current id (ZID after a card registration, else the vID).</summary>
    /// <param name="number">VSNR/VFNR (current or retired).</param>
    /// <returns>The current id.</returns>
    /// <exception cref="KeyNotFoundException">The person has no id yet.</exception>
    public string CurrentId(string number)
    {
        lock (_lock)
        {
            return Resolve(number)?.Current ?? throw new KeyNotFoundException($"No ZID/vID for '{number}'.");
        }
    }

    private PersonLink? Resolve(string number)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(number);
        var person = _dsrv.MasterData.FindByNumber(number);
        string current = person?.CurrentNumber ?? number.Trim();
        return LinkOf(current, person?.RetiredNumbers ?? []);
    }

    // Caller holds _lock. A link made under a number that has since been retired moves to the current number.
    private PersonLink? LinkOf(string current, IReadOnlyList<string> retired)
    {
        if (_links.TryGetValue(current, out var link))
        {
            return link;
        }

        foreach (string old in retired)
        {
            if (_links.Remove(old, out link))
            {
                _links[current] = link;
                return link;
            }
        }

        return null;
    }

    private void ThrowIfUnavailable()
    {
        var state = State;
        if (state != RfvState.Available)
        {
            throw new RfvUnavailableException(state);
        }
    }

    private string Letters(int count)
    {
        var chars = new char[count];
        lock (_lock)
        {
            for (int i = 0; i < count; i++)
            {
#pragma warning disable CA5394 // Deterministic test data, not security.
                chars[i] = (char)('a' + _random.Next(26));
#pragma warning restore CA5394
            }
        }

        return new string(chars);
    }

    private static EarningsRecord Clone(EarningsRecord mvds) => (EarningsRecord)RecordModel.Parse(mvds.ToBytes());

    private sealed class PersonLink
    {
        public List<string> Ids { get; } = [];

        public string Current { get; set; } = string.Empty;
    }
}
