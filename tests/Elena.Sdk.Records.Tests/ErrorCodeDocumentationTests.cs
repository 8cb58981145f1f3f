using System.Reflection;
using Elena.Sdk.Records.Tests.Support;

namespace Elena.Sdk.Records.Tests;

public class ErrorCodeDocumentationTests
{
    private static IEnumerable<(string Name, string Code)> Codes() => typeof(RecordErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (f.Name, (string)f.GetValue(null)!));

    [Fact]
    public void EveryCode_IsDocumentedInErrorCodesMd()
    {
        string doc = File.ReadAllText(Path.Combine(TestFiles.Root, "docs", "error-codes.md"));
        var missing = Codes().Where(c => !doc.Contains($"| {c.Code} |", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "Not in docs/error-codes.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryCode_IsUniqueAndWellFormed()
    {
        var codes = Codes().Select(c => c.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^ELR[1-4][0-9]{2}$", c));
    }
}
