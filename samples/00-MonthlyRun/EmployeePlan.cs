using Elena.Sdk.Records.Identifiers;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Testing.Dsrv;
using Elena.Sdk.Testing.Zss;

namespace Elena.Sdk.Samples.MonthlyRun;

/// <summary>What the pension insurance's master data (the reference DSRV) knows about one employee of the run.</summary>
internal enum EmployeeCase
{
    /// <summary>Known exactly as the payroll reports the employee: stored.</summary>
    Known,

    /// <summary>The insurance number is unknown to the DSRV (a typo in the payroll): rejected, MVDSz81.</summary>
    UnknownNumber,

    /// <summary>The number belongs to someone else by name and birth (below the 40 % match): rejected, MVDSz82.</summary>
    SomeoneElse,

    /// <summary>The payroll still reports a retired insurance number: stored, with a notice (MVDSH01) and the current number.</summary>
    RetiredNumber,
}

/// <summary>
/// Which employees of the run are not simply known to the DSRV, spread evenly over the file, and what the reply
/// must say about each. Only the few special employees are kept (by personnel reference), never the whole file.
/// </summary>
internal sealed class EmployeePlan
{
    private readonly Dictionary<int, EmployeeCase> _special = [];

    public EmployeePlan(int employees, int faulty, int notices)
    {
        int total = faulty + notices;
        int faults = 0;
        int retired = 0;
        for (int j = 0; j < total; j++)
        {
            // Faults and notices interleaved in proportion; faults alternate between the two DSRV findings.
            bool fault = retired >= notices || (faults < faulty && (long)faults * notices <= (long)retired * faulty);
            var kind = fault ? (faults++ % 2 == 0 ? EmployeeCase.UnknownNumber : EmployeeCase.SomeoneElse) : EmployeeCase.RetiredNumber;
            if (!fault)
            {
                retired++;
            }

            int index = (int)(((2L * j) + 1) * employees / (2L * total));
            _special[index] = kind;
        }
    }

    /// <summary>Personnel reference (AZVU) → the DBFE code the record must be rejected with.</summary>
    public Dictionary<string, string> ExpectedRejections { get; } = new(StringComparer.Ordinal);

    /// <summary>Personnel reference (AZVU) → the DBFE notice the record must come back with.</summary>
    public Dictionary<string, string> ExpectedNotices { get; } = new(StringComparer.Ordinal);

    /// <summary>The case of the employee at a position (0-based among the MVDS).</summary>
    public EmployeeCase CaseOf(int index) => _special.GetValueOrDefault(index, EmployeeCase.Known);

    /// <summary>
    /// Tells the reference DSRV about the employee of an MVDS as the plan says (this is the receiving side's master
    /// data, which a real payroll never sees), and notes what the reply must say.
    /// </summary>
    public void Register(DsrvMasterData master, EarningsRecord mvds, int index)
    {
        var person = DsrvPerson.FromRecord(mvds);
        switch (CaseOf(index))
        {
            case EmployeeCase.Known:
                master.Add(person);
                break;
            case EmployeeCase.UnknownNumber:
                ExpectedRejections[mvds.PersonnelReference] = DsrvErrorCodes.NumberUnknown;
                break;
            case EmployeeCase.SomeoneElse:
                master.Add(person with
                {
                    FamilyName = "Andersson",
                    FirstName = "Kim",
                    BirthName = "Andersson",
                    BirthDate = person.BirthDate.AddYears(-9).AddDays(17),
                    PlaceOfBirth = "Rostock",
                });
                ExpectedRejections[mvds.PersonnelReference] = DsrvErrorCodes.DuplicateAssignmentSuspicion;
                break;
            case EmployeeCase.RetiredNumber:
                master.Add(person with { InsuranceNumber = CurrentNumberFor(master, mvds.InsuranceNumber, person.BirthDate), RetiredNumbers = [mvds.InsuranceNumber] });
                ExpectedNotices[mvds.PersonnelReference] = InMemoryZss.RetiredNumberNotice;
                break;
        }
    }

    /// <summary>
    /// A new number for a person whose reported number was retired: area 65 (not used by the synthetic payroll, so it
    /// never meets a number of the file), same birth date, initial and sex range.
    /// </summary>
    private static string CurrentNumberFor(DsrvMasterData master, string retired, DateOnly birthDate)
    {
        int serial = int.Parse(retired.AsSpan(9, 2), System.Globalization.CultureInfo.InvariantCulture);
        int first = serial < 50 ? 0 : 50;
        for (int i = 0; i < 50; i++)
        {
            string candidate = InsuranceNumber.Create("65", birthDate, retired[8], first + ((serial + i) % 50));
            if (!master.IsAssigned(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No free insurance number for a retired one; use fewer --notices.");
    }
}
