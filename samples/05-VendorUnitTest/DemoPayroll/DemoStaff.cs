using Elena.Sdk.Records.Identifiers;

namespace Elena.Sdk.Samples.VendorUnitTest.DemoPayroll;

/// <summary>The demo company and its employees — in a vendor's tests, the payroll's own test fixtures.</summary>
public static class DemoStaff
{
    private static readonly string[] FamilyNames = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann"];
    private static readonly string[] FirstNames = ["Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hans", "Ida", "Jonas"];

    /// <summary>The company.</summary>
    public static Company Company { get; } = new("33526082", "Bäckerei Sonnenschein GmbH", "30159", "Hannover", "Georgstraße", "12");

    /// <summary><paramref name="count"/> employees with distinct, valid insurance numbers.</summary>
    public static IReadOnlyList<Employee> Employees(int count) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            string family = FamilyNames[i % FamilyNames.Length];
            bool female = i % 2 == 0;
            var birth = new DateOnly(1960 + (i % 40), 1 + (i % 12), 1 + (i % 28));
            char initial = family[0] == 'Ü' ? 'U' : family[0];
            int serial = (female ? 50 : 0) + (i / 40 % 50);
            return new Employee(
                PersonnelNumber: "P" + (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                InsuranceNumber: InsuranceNumber.Create("65", birth, initial, serial),
                FamilyName: family,
                FirstName: FirstNames[(i / 10 + i) % FirstNames.Length],
                BirthDate: birth,
                Sex: female ? "W" : "M",
                PlaceOfBirth: "Hannover",
                PostalCode: "30161",
                Town: "Hannover",
                Street: "Lister Meile",
                HouseNumber: (1 + i % 90).ToString(System.Globalization.CultureInfo.InvariantCulture),
                EmployedSince: new DateOnly(2005, 1 + (i % 12), 1),
                TaxClass: 1 + i % 5,
                GrossCents: 250_000 + 1_000 * (i % 300));
        })];
}
