using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Records.Writing;

namespace Elena.Sdk.Samples.VendorUnitTest.DemoPayroll;

// The vendor's own code under test. In a real product this lives in the payroll program's assembly; it is here so
// that the sample is complete. It maps the payroll's employees and pay slips to the ELENA monthly file and seals it.

/// <summary>An employee as the payroll program keeps it.</summary>
public sealed record Employee(
    string PersonnelNumber,
    string InsuranceNumber,
    string FamilyName,
    string FirstName,
    DateOnly BirthDate,
    string Sex,
    string PlaceOfBirth,
    string PostalCode,
    string Town,
    string Street,
    string HouseNumber,
    DateOnly EmployedSince,
    int TaxClass,
    long GrossCents);

/// <summary>The company the payroll runs for.</summary>
public sealed record Company(string Betriebsnummer, string Name, string PostalCode, string Town, string Street, string HouseNumber);

/// <summary>The payroll's ELENA export: one monthly file (VOSZ, DSKO, one MVDS per employee, NCSZ) and its sealing.</summary>
public static class PayrollExport
{
    /// <summary>Betriebsnummer of the central storage office (ZSS), the receiver of every ELENA file.</summary>
    public const string CentralStorageOffice = "66660008";

    /// <summary>Writes the monthly file for <paramref name="month"/> to <paramref name="output"/>.</summary>
    public static async Task WriteMonthlyFileAsync(Stream output, Company company, IReadOnlyList<Employee> employees, DateOnly month,
        int fileNumber, DateTime createdAt, CancellationToken cancellationToken = default)
    {
        await using var writer = new RecordWriter(output);
        await writer.WriteAsync(new FileHeader
        {
            ProcedureCode = "AGENA",
            Sender = company.Betriebsnummer,
            Receiver = CentralStorageOffice,
            CreatedOn = DateOnly.FromDateTime(createdAt),
            FileNumber = fileNumber,
            SenderName = company.Name,
        }, cancellationToken);
        await writer.WriteAsync(new CommunicationRecord("02")
        {
            Procedure = "ELENA",
            Sender = company.Betriebsnummer,
            Receiver = CentralStorageOffice,
            CreatedAt = createdAt,
            FileCreator = company.Betriebsnummer,
            ProductId = 1234567,      // the product and modification ids of the system-tested program
            ModificationId = 10001,
            Name1 = company.Name,
            PostalCode = company.PostalCode,
            Town = company.Town,
            Street = company.Street,
            HouseNumber = company.HouseNumber,
            ContactSalutation = "W",
            ContactName = "Lohnbuchhaltung",
            ContactPhone = "0511 123456-0",
            ContactEmail = "lohn@example.de",
            ConfirmationWanted = true,                          // VERBEST J: confirm error-free processing
            ReplyChannel = ReplyChannel.CommunicationServer,    // FERUECK K: replies wait on the communication server
        }, cancellationToken);

        var monthEnd = month.AddMonths(1).AddDays(-1);
        for (int i = 0; i < employees.Count; i++)
        {
            var employee = employees[i];
            long gross = employee.GrossCents;
            var record = new EarningsRecord
            {
                Sender = company.Betriebsnummer,
                Receiver = CentralStorageOffice,
                CreatedAt = createdAt.AddTicks((i + 1) * 10L), // unique per record
                InsuranceNumber = employee.InsuranceNumber,
                EstablishmentNumber = company.Betriebsnummer,
                PersonnelReference = employee.PersonnelNumber,
                HealthInsurerNumber = "29720865",
                PersonGroup = "101",
                Reason = "00",
                IsCivilServant = false,
                PeriodStart = month,
                PeriodEndDay = monthEnd.Day,
                RecordId = "ELENA" + (i + 1).ToString("D10", System.Globalization.CultureInfo.InvariantCulture),
                IsCancellation = false,
                EarningsBasics = new EarningsBasicsBlock
                {
                    EmploymentStart = employee.EmployedSince,
                    TaxClass = employee.TaxClass.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    TaxFactor = "0000",
                    ChildAllowances = "0.0",
                    ActivityKey = "432104300",
                    LegalArea = "W",
                    ContributionGroupKey = "1111",
                    WeeklyHours = 4000,
                    TaxableGrossRegular = gross,
                    TaxableGrossOther = 0,
                    SocialInsuranceGrossRegular = gross,
                    SocialInsuranceGrossOneOff = 0,
                    TotalGross = gross,
                    HealthInsuranceRegular = gross * 73 / 1000,
                    HealthInsuranceOneOff = 0,
                    PensionInsuranceRegular = gross * 93 / 1000,
                    PensionInsuranceOneOff = 0,
                    UnemploymentInsuranceRegular = gross * 13 / 1000,
                    UnemploymentInsuranceOneOff = 0,
                    CareInsuranceRegular = gross * 17 / 1000,
                    CareInsuranceOneOff = 0,
                    WageTaxRegular = gross * 18 / 100,
                    WageTaxOther = 0,
                    SolidaritySurchargeRegular = 0,
                    SolidaritySurchargeOther = 0,
                    ChurchTaxRegular = 0,
                    ChurchTaxOther = 0,
                },
                Name = new NameBlock { FamilyName = employee.FamilyName, FirstName = employee.FirstName },
                Birth = new BirthBlock { BirthDate = employee.BirthDate, Sex = employee.Sex, PlaceOfBirth = employee.PlaceOfBirth },
                Address = new AddressBlock { PostalCode = employee.PostalCode, Town = employee.Town, Street = employee.Street, HouseNumber = employee.HouseNumber },
            };
            await writer.WriteAsync(record, cancellationToken);
        }

        await writer.WriteAsync(new FileTrailer
        {
            ProcedureCode = "AGENA",
            Sender = company.Betriebsnummer,
            Receiver = CentralStorageOffice,
            CreatedOn = DateOnly.FromDateTime(createdAt),
            FileNumber = fileNumber,
            RecordCount = employees.Count + 1, // every record after the VOSZ, the NCSZ included
        }, cancellationToken);
    }

    /// <summary>Seals a file for the office: signed with the employer certificate, encrypted for the office's.</summary>
    public static async Task SealAsync(Stream plainFile, Stream output, X509Certificate2 employer, X509Certificate2 office, CancellationToken cancellationToken = default)
    {
        var sealer = new MessageSealer(new SealOptions { SignerCertificate = employer, SignerKey = employer.GetRSAPrivateKey()! });
        await sealer.SealAsync(plainFile, output, office, cancellationToken);
    }
}
