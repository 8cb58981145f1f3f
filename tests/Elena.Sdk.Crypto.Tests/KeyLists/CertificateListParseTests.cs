using System.Security.Cryptography.X509Certificates;
using System.Text;
using Elena.Sdk.Crypto.KeyLists;
using Elena.Sdk.Crypto.Tests.Support;

namespace Elena.Sdk.Crypto.Tests.KeyLists;

public sealed class CertificateListParseTests
{
    private static readonly X509Certificate2 Employer = KeyListPki.Employer("Parse Employer", "11111111");
    private static readonly X509Certificate2 Insurer = KeyListPki.HealthInsurer("Parse Insurer", "109500969");
    private static readonly X509Certificate2[] Sample = [KeyListPki.Root, KeyListPki.Intermediate, Employer, Insurer];

    [Theory]
    [InlineData("\r\n", 0)]
    [InlineData("\n", 0)]
    [InlineData("\r\n", 64)]
    [InlineData("\n", 64)]
    [InlineData("\r\n", 76)]
    [InlineData("\n", 76)]
    public void Parse_BlankLineSeparatedBase64_ReturnsSameCertificates(string newLine, int wrap)
    {
        string text = KeyListPki.Base64List(Sample, newLine, wrap);

        var list = CertificateList.Parse(KeyListPki.Ascii(text));

        AssertSameCertificates(Sample, list.Certificates);
    }

    [Fact]
    public void Parse_Pem_ReturnsSameCertificates()
    {
        var list = CertificateList.Parse(KeyListPki.Ascii(KeyListPki.PemList(Sample)));

        AssertSameCertificates(Sample, list.Certificates);
    }

    [Fact]
    public void Parse_PemWithCrLfAndNoSeparator_ReturnsSameCertificates()
    {
        string text = string.Concat(Sample.Select(c => c.ExportCertificatePem().ReplaceLineEndings("\r\n")));

        var list = CertificateList.Parse(KeyListPki.Ascii(text));

        AssertSameCertificates(Sample, list.Certificates);
    }

    [Fact]
    public void Parse_ConcatenatedDer_ReturnsSameCertificates()
    {
        var list = CertificateList.Parse(KeyListPki.DerList(Sample));

        AssertSameCertificates(Sample, list.Certificates);
    }

    [Fact]
    public void Parse_SingleDerCertificate_ReturnsIt()
    {
        var list = CertificateList.Parse(Employer.RawData);

        AssertSameCertificates([Employer], list.Certificates);
    }

    [Fact]
    public void Parse_MixedEncodings_ReturnsSameCertificates()
    {
        var data = new List<byte>();
        data.AddRange(KeyListPki.Ascii(KeyListPki.Base64Block(KeyListPki.Root, "\r\n") + "\r\n\r\n"));
        data.AddRange(KeyListPki.Ascii(KeyListPki.Intermediate.ExportCertificatePem() + "\n"));
        data.AddRange(Employer.RawData);
        data.AddRange(KeyListPki.Ascii("\n" + KeyListPki.Base64Block(Insurer, "\n", 76) + "\n"));

        var list = CertificateList.Parse(data.ToArray());

        AssertSameCertificates(Sample, list.Certificates);
    }

    [Fact]
    public void Parse_Base64BlockFollowedDirectlyByDer_ReadsBoth()
    {
        var data = new List<byte>(KeyListPki.Ascii(KeyListPki.Base64Block(KeyListPki.Root, "\r\n", 76) + "\r\n"));
        data.AddRange(Employer.RawData);

        var list = CertificateList.Parse(data.ToArray());

        AssertSameCertificates([KeyListPki.Root, Employer], list.Certificates);
    }

    [Fact]
    public void Parse_Base64BlockFollowedDirectlyByPem_ReadsBoth()
    {
        string text = KeyListPki.Base64Block(KeyListPki.Root, "\n", 64) + "\n" + KeyListPki.Intermediate.ExportCertificatePem();

        var list = CertificateList.Parse(KeyListPki.Ascii(text));

        AssertSameCertificates([KeyListPki.Root, KeyListPki.Intermediate], list.Certificates);
    }

    [Fact]
    public void Parse_ByteOrderMarkIndentationAndTrailingBlanks_ReturnsSameCertificates()
    {
        var text = new StringBuilder("\uFEFF\r\n  \r\n");
        foreach (var certificate in Sample)
        {
            foreach (string line in KeyListPki.Base64Block(certificate, "\n", 64).Split('\n'))
            {
                text.Append("  ").Append(line).Append(" \t\r\n");
            }

            text.Append(" \t\r\n\r\n");
        }

        var list = CertificateList.Parse(Encoding.UTF8.GetBytes(text.ToString()));

        AssertSameCertificates(Sample, list.Certificates);
    }

    [Fact]
    public void Parse_EmptyOrWhitespace_ReturnsEmptyList()
    {
        Assert.Empty(CertificateList.Parse([]).Certificates);
        Assert.Empty(CertificateList.Parse(KeyListPki.Ascii(" \r\n\r\n\t")).Certificates);
    }

    [Fact]
    public void Parse_CaAndEndEntityCertificates_AreSeparated()
    {
        var list = CertificateList.Parse(KeyListPki.Ascii(KeyListPki.Base64List(Sample, "\r\n")));

        AssertSameCertificates([KeyListPki.Root, KeyListPki.Intermediate], list.AuthorityCertificates);
        AssertSameCertificates([Employer, Insurer], list.EndEntityCertificates);
    }

    [Fact]
    public void Parse_DuplicateCertificate_KeptOnce()
    {
        var list = CertificateList.Parse(KeyListPki.DerList([KeyListPki.Root, Employer, KeyListPki.Root]));

        AssertSameCertificates([KeyListPki.Root, Employer], list.Certificates);
    }

    [Fact]
    public void Parse_BrokenBase64InBlock3_ThrowsNamingBlock3()
    {
        string[] blocks = Sample.Select(c => KeyListPki.Base64Block(c, "\r\n", 64)).ToArray();
        string original = blocks[2];
        blocks[2] = original[..100] + "!" + original[101..];
        string text = string.Join("\r\n\r\n", blocks) + "\r\n";
        int offset = text.IndexOf(blocks[2], StringComparison.Ordinal);

        var e = Assert.Throws<CertificateListException>(() => CertificateList.Parse(KeyListPki.Ascii(text)));

        Assert.Equal(3, e.BlockNumber);
        Assert.Equal(offset, e.ByteOffset);
        Assert.Contains("Block 3", e.Message);
        Assert.Contains(offset.ToString(), e.Message);
        Assert.DoesNotContain(original.Substring(90, 20), e.Message);
        Assert.IsAssignableFrom<FormatException>(e);
    }

    [Fact]
    public void Parse_TruncatedBase64InBlock2_ThrowsNamingBlock2()
    {
        string[] blocks = Sample.Select(c => KeyListPki.Base64Block(c, "\n")).ToArray();
        blocks[1] = blocks[1][..^7];
        string text = string.Join("\n\n", blocks);

        var e = Assert.Throws<CertificateListException>(() => CertificateList.Parse(KeyListPki.Ascii(text)));

        Assert.Equal(2, e.BlockNumber);
    }

    [Fact]
    public void Parse_TruncatedDerAfterTwoBlocks_ThrowsNamingBlock3()
    {
        var data = new List<byte>();
        data.AddRange(KeyListPki.Ascii(KeyListPki.Base64List([KeyListPki.Root, KeyListPki.Intermediate], "\n")));
        int offset = data.Count;
        data.AddRange(Employer.RawData.AsSpan(0, Employer.RawData.Length - 40).ToArray());

        var e = Assert.Throws<CertificateListException>(() => CertificateList.Parse(data.ToArray()));

        Assert.Equal(3, e.BlockNumber);
        Assert.Equal(offset, e.ByteOffset);
    }

    [Fact]
    public void Parse_PemWithoutEndLine_Throws()
    {
        string pem = Employer.ExportCertificatePem();
        string text = pem[..pem.IndexOf("-----END", StringComparison.Ordinal)];

        var e = Assert.Throws<CertificateListException>(() => CertificateList.Parse(KeyListPki.Ascii(text)));

        Assert.Equal(1, e.BlockNumber);
        Assert.Equal(0, e.ByteOffset);
    }

    [Fact]
    public void Parse_PemPrivateKeyBlock_ThrowsWithoutShowingIt()
    {
        string keyPem = TestPki.Key("KeyLists/parse-private").ExportPkcs8PrivateKeyPem();
        string text = KeyListPki.Intermediate.ExportCertificatePem() + "\n" + keyPem;

        var e = Assert.Throws<CertificateListException>(() => CertificateList.Parse(KeyListPki.Ascii(text)));

        Assert.Equal(2, e.BlockNumber);
        Assert.Contains("not a certificate", e.Message);
        Assert.DoesNotContain("PRIVATE", e.Message);
    }

    [Theory]
    [InlineData("SGVsbG8gV29ybGQ=")] // "Hello World"
    [InlineData("MAMCAQE=")] // SEQUENCE { INTEGER 1 }: DER, but no certificate
    public void Parse_Base64OfNonCertificate_Throws(string block)
    {
        string text = KeyListPki.Base64Block(KeyListPki.Root, "\n") + "\n\n" + block + "\n";

        var e = Assert.Throws<CertificateListException>(() => CertificateList.Parse(KeyListPki.Ascii(text)));

        Assert.Equal(2, e.BlockNumber);
    }

    [Fact]
    public async Task LoadAsync_Stream_ReturnsSameCertificates()
    {
        using var stream = new MemoryStream(KeyListPki.Ascii(KeyListPki.Base64List(Sample, "\r\n")));

        var list = await CertificateList.LoadAsync(stream, CancellationToken.None);

        AssertSameCertificates(Sample, list.Certificates);
    }

    [Fact]
    public async Task LoadAsync_Cancelled_Throws()
    {
        using var stream = new MemoryStream(KeyListPki.DerList(Sample));
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CertificateList.LoadAsync(stream, cancellation.Token));
    }

    [Fact]
    public void Parse_ListMadeByOpenssl_ReturnsSameCertificates()
    {
        string folder = Path.Combine(Path.GetTempPath(), "elena-keylists-" + Guid.NewGuid().ToString("N"));
        try
        {
            var base64Blocks = new List<string>();
            var derFiles = new List<byte>();
            for (int i = 0; i < Sample.Length; i++)
            {
                var (certificatePath, _) = TestPki.WritePem(Sample[i], folder, "cert" + i);
                string derPath = Path.Combine(folder, $"cert{i}.der");
                string base64Path = Path.Combine(folder, $"cert{i}.b64");
                KeyListPki.Run("openssl", "x509", "-in", certificatePath, "-outform", "DER", "-out", derPath);
                KeyListPki.Run("openssl", "base64", "-in", derPath, "-out", base64Path);
                Assert.Equal(Sample[i].RawData, File.ReadAllBytes(derPath));
                base64Blocks.Add(File.ReadAllText(base64Path));
                derFiles.AddRange(File.ReadAllBytes(derPath));
            }

            // openssl wraps at 64 characters and ends each file with LF: joining with LF gives the blank lines.
            string lf = string.Join("\n", base64Blocks);
            string crlf = lf.ReplaceLineEndings("\r\n");
            Assert.Contains("\n\n", lf);

            AssertSameCertificates(Sample, CertificateList.Parse(KeyListPki.Ascii(lf)).Certificates);
            AssertSameCertificates(Sample, CertificateList.Parse(KeyListPki.Ascii(crlf)).Certificates);
            AssertSameCertificates(Sample, CertificateList.Parse(derFiles.ToArray()).Certificates);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    internal static void AssertSameCertificates(IReadOnlyList<X509Certificate2> expected, IReadOnlyList<X509Certificate2> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].RawData.AsSpan().SequenceEqual(actual[i].RawData), $"Certificate {i} differs: expected {expected[i].Subject}, got {actual[i].Subject}.");
        }
    }
}
