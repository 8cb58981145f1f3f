using System.Xml.Linq;

namespace Elena.Sdk.Samples.Tests;

/// <summary>
/// Every package under src/ is ready to pack: description, tags, and its README packed into the nupkg with an install
/// line and an example. (The full check — dotnet pack without warnings, README and XML docs inside each nupkg — is
/// pack-check.sh next to this file; it takes minutes.)
/// </summary>
public sealed class PackagingTests
{
    public static TheoryData<string> Projects() =>
        [.. Directory.GetDirectories(Path.Combine(SampleRun.Root, "src")).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal)];

    private static XElement? Property(XDocument project, string name) =>
        project.Descendants(name).FirstOrDefault();

    [Theory]
    [MemberData(nameof(Projects))]
    public void Project_HasPackageMetadata_AndPacksItsReadme(string name)
    {
        var project = XDocument.Load(Path.Combine(SampleRun.Root, "src", name, name + ".csproj"));

        Assert.False(string.IsNullOrWhiteSpace(Property(project, "Description")?.Value), $"{name}: <Description> is missing");
        Assert.False(string.IsNullOrWhiteSpace(Property(project, "PackageTags")?.Value), $"{name}: <PackageTags> is missing");
        Assert.Equal("README.md", Property(project, "PackageReadmeFile")?.Value);
        Assert.Contains(project.Descendants("None"), n =>
            (string?)n.Attribute("Include") == "README.md" && (string?)n.Attribute("Pack") == "true" && (string?)n.Attribute("PackagePath") is "/" or "\\");
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Readme_SaysHowToInstall_AndShowsCode(string name)
    {
        var project = XDocument.Load(Path.Combine(SampleRun.Root, "src", name, name + ".csproj"));
        string id = Property(project, "PackageId")?.Value ?? name;
        string readme = File.ReadAllText(Path.Combine(SampleRun.Root, "src", name, "README.md"));

        Assert.Contains("## Install", readme, StringComparison.Ordinal);
        Assert.Contains(Property(project, "PackAsTool")?.Value == "true" ? $"dotnet tool install --global {id}" : $"dotnet add package {id}", readme, StringComparison.Ordinal);
        Assert.Contains("```", readme, StringComparison.Ordinal);
        Assert.Contains("## Next steps", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_IsPackedAsTheElenaTool()
    {
        var project = XDocument.Load(Path.Combine(SampleRun.Root, "src", "Elena.Sdk.Cli", "Elena.Sdk.Cli.csproj"));

        Assert.Equal("true", Property(project, "PackAsTool")?.Value);
        Assert.Equal("elena", Property(project, "ToolCommandName")?.Value);
    }

    [Fact]
    public void EverySample_IsInTheSolution()
    {
        string solution = File.ReadAllText(Path.Combine(SampleRun.Root, "Elena.Sdk.sln"));
        foreach (string sample in Directory.GetDirectories(Path.Combine(SampleRun.Root, "samples")).Select(Path.GetFileName).OfType<string>())
        {
            Assert.Contains($"samples\\{sample}\\{sample}.csproj", solution, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("02-SmartcardSeal")]
    [InlineData("03-ExtraSendFetch")]
    [InlineData("04-CertificateLifecycle")]
    [InlineData("05-VendorUnitTest")]
    public void Sample_HasAReadme_WithItsRunCommand(string sample)
    {
        string readme = File.ReadAllText(Path.Combine(SampleRun.Root, "samples", sample, "README.md"));

        Assert.Contains(sample.EndsWith("UnitTest", StringComparison.Ordinal) ? $"dotnet test samples/{sample}" : $"dotnet run --project samples/{sample}", readme, StringComparison.Ordinal);
    }
}
