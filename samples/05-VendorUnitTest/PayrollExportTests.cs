using Elena.Sdk.Records.Validation;
using Elena.Sdk.Samples.VendorUnitTest.DemoPayroll;
using Elena.Sdk.Testing.Replies;
using Elena.Sdk.Transport.Replies;

namespace Elena.Sdk.Samples.VendorUnitTest;

/// <summary>The vendor tests its own export: the file is valid, and the reference ZSS takes it as the real one would.</summary>
public sealed class PayrollExportTests
{
    private static readonly DateOnly Month = new(2011, 1, 1);
    private static readonly DateTime CreatedAt = new(2011, 2, 3, 8, 0, 0);

    private static async Task<byte[]> ExportAsync(IReadOnlyList<Employee> employees)
    {
        using var file = new MemoryStream();
        await PayrollExport.WriteMonthlyFileAsync(file, DemoStaff.Company, employees, Month, fileNumber: 1, CreatedAt);
        return file.ToArray();
    }

    private static async Task<MemoryStream> SealAsync(byte[] plain, ReferenceOffice office)
    {
        var sealedFile = new MemoryStream();
        await PayrollExport.SealAsync(new MemoryStream(plain), sealedFile, office.Employer, office.Office);
        sealedFile.Position = 0;
        return sealedFile;
    }

    [Fact]
    public async Task WriteMonthlyFile_ProducesAValidFile()
    {
        byte[] file = await ExportAsync(DemoStaff.Employees(25));

        var result = await RecordFileValidator.ValidateAsync(new MemoryStream(file));

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Findings));
        Assert.Equal(25 + 3, result.RecordCount); // VOSZ, DSKO, 25 MVDS, NCSZ
    }

    [Fact]
    public async Task Submit_AllEmployeesKnown_EveryRecordStored_ProcessingConfirmed()
    {
        var office = new ReferenceOffice();
        var staff = DemoStaff.Employees(25);
        foreach (var employee in staff)
        {
            office.Know(employee);
        }

        var result = await office.Zss.SubmitAsync(await SealAsync(await ExportAsync(staff), office), SubmissionChannel.Extra);

        Assert.Equal([ReplyKind.AcceptanceReceipt, ReplyKind.ProcessingConfirmation], result.Replies.Select(r => r.Kind));
        Assert.Equal(25, result.StoredCount);
        Assert.All(result.Records, r => Assert.Empty(r.Errors));
    }

    [Fact]
    public async Task Submit_EmployeeUnknownToThePensionRegister_RecordRejectedWithMVDSz81_RestStored()
    {
        var office = new ReferenceOffice();
        var staff = DemoStaff.Employees(10);
        foreach (var employee in staff.Where(e => e.PersonnelNumber != "P1004"))
        {
            office.Know(employee);
        }

        var result = await office.Zss.SubmitAsync(await SealAsync(await ExportAsync(staff), office), SubmissionChannel.Extra);

        Assert.Equal([ReplyKind.AcceptanceReceipt, ReplyKind.RecordRejection], result.Replies.Select(r => r.Kind));
        Assert.Equal(9, result.StoredCount);
        var rejected = Assert.Single(result.Records, r => !r.Stored);
        Assert.Equal(7, rejected.Number); // VOSZ 1, DSKO 2, then the employees in order: P1004 is the fifth
        Assert.Equal("MVDSz81", Assert.Single(rejected.Errors).Code);

        // The reply file the employer gets names the same record, parsed with the SDK's reply model.
        var reply = ReplyFile.Parse(result.Replies.Single(r => r.Kind == ReplyKind.RecordRejection).File!);
        Assert.Equal("P1004", reply.RecordsWithErrors.Select(r => r.Record).OfType<Elena.Sdk.Records.Models.ElenaRecord>().Single().PersonnelReference.Trim());
    }

    [Fact]
    public async Task Submit_SignedByAnEmployerNotAdmitted_Rejected_NothingStored()
    {
        var office = new ReferenceOffice();
        var staff = DemoStaff.Employees(3);
        var sealedFile = new MemoryStream();
        // A valid signature from the same CA, but by a certificate that is not in the office's gesamt.agv.
        await PayrollExport.SealAsync(new MemoryStream(await ExportAsync(staff)), sealedFile, office.Office, office.Office);
        sealedFile.Position = 0;

        var result = await office.Zss.SubmitAsync(sealedFile, SubmissionChannel.Extra);

        Assert.Equal(ReplyKind.Rejection, Assert.Single(result.Replies).Kind);
        Assert.Equal(0, result.StoredCount);
    }
}
