using Elena.Sdk.Records.Identifiers;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Testing.Dsrv;
using Microsoft.Extensions.Time.Testing;

namespace Elena.Sdk.Testing.Tests.Dsrv;

internal static class DsrvTestData
{
    public static readonly DateOnly BirthDate = new(1970, 8, 17);

    public static InMemoryDsrv NewDsrv(out DsrvMasterData master, int seed = 1)
    {
        master = new DsrvMasterData();
        return new InMemoryDsrv(master, new FakeTimeProvider(new DateTimeOffset(2010, 3, 1, 8, 0, 0, TimeSpan.Zero)), seed);
    }

    public static string Vsnr(char initial = 'M', int serial = 0, string area = "65") => InsuranceNumber.Create(area, BirthDate, initial, serial);

    public static DsrvPerson Person(string? vsnr = null, string? vfnr = null, bool civilServant = false, string family = "Müller", string first = "Hans", IReadOnlyList<string>? retired = null)
        => new()
        {
            InsuranceNumber = vsnr,
            ProcedureNumber = vfnr,
            RetiredNumbers = retired ?? [],
            FamilyName = family,
            FirstName = first,
            BirthName = family,
            BirthDate = BirthDate,
            Sex = "M",
            PlaceOfBirth = "Köln",
            PostalCode = "50667",
            Town = "Köln",
            Street = "Domstraße",
            IsCivilServant = civilServant,
        };

    public static NumberRequestRecord Dsvv(bool civilServant, string family = "Müller", string first = "Hans", string postalCode = "50667", string town = "Köln", string sex = "M")
        => new()
        {
            IsCivilServant = civilServant,
            Name = new NameBlock { FamilyName = family, FirstName = first },
            Birth = new BirthBlock { BirthName = family, BirthDate = BirthDate, Sex = sex, PlaceOfBirth = "Köln" },
            Address = new AddressBlock { PostalCode = postalCode, Town = town, Street = "Domstraße", HouseNumber = "1" },
        };

    public static EarningsRecord Mvds(string number, string family = "Müller", string first = "Hans", DateOnly? birthDate = null,
        string birthName = "Müller", string place = "Köln", string sex = "M")
        => new()
        {
            InsuranceNumber = number,
            Sender = "33526082",
            PersonnelReference = "P4711",
            Name = new NameBlock { FamilyName = family, FirstName = first },
            Birth = new BirthBlock { BirthName = birthName, BirthDate = birthDate ?? BirthDate, Sex = sex, PlaceOfBirth = place },
            Address = new AddressBlock { PostalCode = "50667", Town = "Köln", Street = "Domstraße", HouseNumber = "1" },
        };
}
