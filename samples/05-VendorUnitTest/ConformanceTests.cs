using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Samples.VendorUnitTest.DemoPayroll;
using Elena.Sdk.Testing.Conformance;

namespace Elena.Sdk.Samples.VendorUnitTest;

/// <summary>
/// The conformance kit's catalogue, one xunit row per case, run against the vendor's software through a small adapter.
/// A failing row names the seed rule and every expectation that did not hold.
/// </summary>
public sealed class ConformanceTests
{
    private static readonly IReadOnlyList<ConformanceCase> Catalogue = ConformanceCatalogue.Load();

    public static TheoryData<string> CaseIds() => [.. Catalogue.Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(CaseIds))]
    public async Task Case_PassesAgainstThePayroll(string id)
    {
        var scenario = Catalogue.Single(c => c.Id == id);

        var result = await new ConformanceRunner(new PayrollSubject()).RunAsync(scenario);

        Assert.True(result.Passed, $"{id} {scenario.Title} ({scenario.Seed}): {string.Join("; ", result.Failures)}");
    }
}

/// <summary>
/// The adapter between the kit and the payroll: the payroll's export builds the plain monthly files it can build;
/// files with deliberate faults (wrong fields, missing records, number requests, cancellations) come from the kit's own
/// builder; the payroll seals every file. Sending and fetching use the SDK's transport (ExtraClient, MailSender,
/// MailReplyReceiver) through the kit; a payroll with its own transport code plugs it in here, and runs the catalogue
/// with <c>new ConformanceRunnerOptions { Transport = ConformanceTransport.Extra }</c>.
/// </summary>
public sealed class PayrollSubject : IConformanceSubject
{
    private readonly BuiltInSubject _kit = new();

    public async Task<byte[]> BuildFileAsync(ConformanceCase scenario, string employerNumber, CancellationToken cancellationToken)
    {
        var file = scenario.File;
        bool plainMonthlyFile = file.Mvds > 0 && file.Dsvv == 0 && file.Fields.Count == 0 && file.Drop.Count == 0 && file.Cancel.Count == 0 && file.FileNumber is null
            && file.ReplyChannel is null or "K" && file.ConfirmationWanted is null or "J"; // the export's DSKO: FERUECK K, VERBEST J
        if (!plainMonthlyFile)
        {
            return await _kit.BuildFileAsync(scenario, employerNumber, cancellationToken);
        }

        var company = DemoStaff.Company with { Betriebsnummer = employerNumber };
        using var output = new MemoryStream();
        await PayrollExport.WriteMonthlyFileAsync(output, company, DemoStaff.Employees(file.Mvds), new DateOnly(2011, 1, 1), fileNumber: 1,
            new DateTime(2011, 2, 3, 8, 0, 0), cancellationToken);
        return output.ToArray();
    }

    public async Task<byte[]> SealAsync(byte[] plainFile, X509Certificate2 signer, X509Certificate2 recipient, CancellationToken cancellationToken)
    {
        using var output = new MemoryStream();
        await PayrollExport.SealAsync(new MemoryStream(plainFile), output, signer, recipient, cancellationToken);
        return output.ToArray();
    }

    public Task<Elena.Sdk.Transport.Replies.Reply?> SendAsync(ConformanceFile file, ConformanceConnection connection, CancellationToken cancellationToken)
        => _kit.SendAsync(file, connection, cancellationToken);

    public Task<IReadOnlyList<Elena.Sdk.Transport.Replies.Reply>> FetchAsync(ConformanceConnection connection, CancellationToken cancellationToken)
        => _kit.FetchAsync(connection, cancellationToken);
}
