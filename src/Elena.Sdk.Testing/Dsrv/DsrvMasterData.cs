using System.Globalization;
using System.Text;
using Elena.Sdk.Records.Identifiers;

namespace Elena.Sdk.Testing.Dsrv;

/// <summary>
/// Thread-safe in-memory master data of the simulated DSRV: persons with their current insurance number (VSNR),
/// procedure number (VFNR) and retired numbers, searchable by number and by personal data.
/// </summary>
public sealed class DsrvMasterData
{
    private readonly Lock _lock = new();
    private readonly List<DsrvPerson> _persons = [];

    // Every number (current, procedure, retired) → its person: lookups are O(1) whatever the size.
    private readonly Dictionary<string, DsrvPerson> _byNumber = new(StringComparer.Ordinal);

    /// <summary>A snapshot of all persons.</summary>
    public IReadOnlyList<DsrvPerson> Persons
    {
        get
        {
            lock (_lock)
            {
                return [.. _persons];
            }
        }
    }

    /// <summary>Adds a person. Every number given must be valid and not yet held by anyone.</summary>
    /// <param name="person">The person.</param>
    /// <returns>The person added.</returns>
    /// <exception cref="ArgumentException">A number is invalid or already assigned.</exception>
    public DsrvPerson Add(DsrvPerson person)
    {
        ArgumentNullException.ThrowIfNull(person);
        lock (_lock)
        {
            foreach (string number in NumbersOf(person))
            {
                if (!InsuranceNumber.IsValid(number))
                {
                    throw new ArgumentException($"'{number}' is not a valid insurance or procedure number.", nameof(person));
                }

                if (FindUnlocked(number) is not null)
                {
                    throw new ArgumentException($"The number '{number}' is already assigned.", nameof(person));
                }
            }

            _persons.Add(person);
            foreach (string number in NumbersOf(person))
            {
                _byNumber[number] = person;
            }

            return person;
        }
    }

    /// <summary>Replaces a person's entry (e.g. after a VFNR was activated as VSNR).</summary>
    /// <param name="current">The entry as found.</param>
    /// <param name="updated">The new entry.</param>
    /// <exception cref="KeyNotFoundException">The entry is not in the master data.</exception>
    public void Replace(DsrvPerson current, DsrvPerson updated)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(updated);
        lock (_lock)
        {
            int index = _persons.FindIndex(p => ReferenceEquals(p, current));
            if (index < 0)
            {
                throw new KeyNotFoundException("The person is not in the master data.");
            }

            _persons[index] = updated;
            foreach (string number in NumbersOf(current))
            {
                _byNumber.Remove(number);
            }

            foreach (string number in NumbersOf(updated))
            {
                _byNumber[number] = updated;
            }
        }
    }

    /// <summary>Finds the person holding a number as current VSNR, as VFNR or as retired VSNR.</summary>
    /// <param name="number">The number (surrounding blanks ignored).</param>
    /// <returns>The person, or <see langword="null"/>.</returns>
    public DsrvPerson? FindByNumber(string? number)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return null;
        }

        lock (_lock)
        {
            return FindUnlocked(number.Trim());
        }
    }

    /// <summary>True when any person holds the number (current, procedure or retired).</summary>
    /// <param name="number">The number.</param>
    /// <returns>True when assigned.</returns>
    public bool IsAssigned(string number) => FindByNumber(number) is not null;

    /// <summary>
    /// Searches by personal data (all compared after <see cref="Normalize"/>): the birth date and first name must be
    /// equal, and the family name or birth name given must equal the person's family name or birth name.
    /// </summary>
    /// <param name="familyName">Family name.</param>
    /// <param name="firstName">First name.</param>
    /// <param name="birthDate">Birth date.</param>
    /// <param name="birthName">Birth name, optional.</param>
    /// <returns>The candidates (possibly none or several).</returns>
    public IReadOnlyList<DsrvPerson> Search(string familyName, string firstName, DateOnly birthDate, string? birthName = null)
    {
        string family = Normalize(familyName);
        string first = Normalize(firstName);
        string birth = Normalize(birthName);
        lock (_lock)
        {
            return _persons.Where(p =>
            {
                if (p.BirthDate != birthDate || Normalize(p.FirstName) != first)
                {
                    return false;
                }

                string pFamily = Normalize(p.FamilyName);
                string pBirth = Normalize(p.BirthName);
                return SameName(family, pFamily) || SameName(family, pBirth) || SameName(birth, pFamily) || SameName(birth, pBirth);
            }).ToList();
        }
    }

    /// <summary>
    /// Normalises a name or place for comparison: upper case; Ä→AE, Ö→OE, Ü→UE, ß→SS; other diacritics dropped;
    /// blanks and hyphens removed.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <returns>The normalised value; empty for <see langword="null"/>.</returns>
    public static string Normalize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(value.Length + 4);
        foreach (char c in value.ToUpperInvariant())
        {
            switch (c)
            {
                case 'Ä': sb.Append("AE"); break;
                case 'Ö': sb.Append("OE"); break;
                case 'Ü': sb.Append("UE"); break;
                case 'ß' or 'ẞ': sb.Append("SS"); break;
                case ' ' or '-': break;
                default: sb.Append(c); break;
            }
        }

        string decomposed = sb.ToString().Normalize(NormalizationForm.FormD);
        var result = new StringBuilder(decomposed.Length);
        foreach (char c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private static bool SameName(string a, string b) => a.Length > 0 && a == b;

    private static IEnumerable<string> NumbersOf(DsrvPerson person)
    {
        if (person.InsuranceNumber is { } vsnr)
        {
            yield return vsnr;
        }

        if (person.ProcedureNumber is { } vfnr && vfnr != person.InsuranceNumber)
        {
            yield return vfnr;
        }

        foreach (string retired in person.RetiredNumbers)
        {
            yield return retired;
        }
    }

    private DsrvPerson? FindUnlocked(string number) => _byNumber.GetValueOrDefault(number);
}
