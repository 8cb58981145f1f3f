using Elena.Sdk.Records.Validation;
using Elena.Sdk.Testing.Data;

namespace Elena.Sdk.Testing.Tests;

public class SyntheticFileGeneratorTests
{
    [Fact]
    public void Generate_BothOrNeitherKind_Throws()
    {
        Assert.Throws<ArgumentException>(() => SyntheticFileGenerator.Generate(new SyntheticFileOptions { EarningsRecords = 1, NumberRequests = 1 }));
        Assert.Throws<ArgumentException>(() => SyntheticFileGenerator.Generate(new SyntheticFileOptions()));
    }

    [Fact]
    public async Task WriteAsync_GivenEmployer_UsedInHeaderAndValid()
    {
        using var stream = new MemoryStream();
        await SyntheticFileGenerator.WriteAsync(stream, new SyntheticFileOptions { EarningsRecords = 3, Employer = "33526082", FileNumber = 7 });
        stream.Position = 0;

        var result = await RecordFileValidator.ValidateAsync(stream);

        Assert.True(result.IsValid, string.Join("; ", result.Findings));
        Assert.StartsWith("VOSZAGENA33526082       66660008       ", System.Text.Encoding.Latin1.GetString(stream.ToArray()), StringComparison.Ordinal);
    }
}
