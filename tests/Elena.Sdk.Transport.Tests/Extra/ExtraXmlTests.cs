using System.Security.Cryptography;
using System.Text;
using Elena.Sdk.Transport.Extra;
using Elena.Sdk.Transport.Replies;
using Elena.Sdk.Transport.Tests.Extra.Support;

namespace Elena.Sdk.Transport.Tests.Extra;

/// <summary>The strict writer against the generic eXTra 1.4 schemas, and the tolerant reader against the real samples.</summary>
public sealed class ExtraXmlTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 15, 0, TimeSpan.Zero);

    private static ExtraHeader Header(string requestId = "20261130081500000123", string? dataType = null, ExtraResponseDetails? response = null) => new()
    {
        TestIndicator = ExtraUris.TestNone,
        Sender = new ExtraParty("33526082", "Müller & Söhne GmbH"),
        Receiver = new ExtraParty("66660008", "ELENA-ZSS"),
        Request = new ExtraRequestDetails
        {
            RequestId = requestId,
            TimeStamp = Now,
            Product = "Lohn 2026",
            Manufacturer = "Softwarehaus",
            Procedure = ExtraUris.ProcedureMvds,
            DataType = dataType,
            Scenario = ExtraUris.ScenarioAcknowledgement,
        },
        Response = response,
    };

    private static IReadOnlyList<ExtraTransform> Transforms =>
    [
        new("Compression", 1, ExtraUris.CompressionNone, 100, 100),
        new("Signature", 2, ExtraUris.SignaturePkcs7),
        new("Encryption", 3, ExtraUris.EncryptionPkcs7, null, 2048),
    ];

    private static ExtraDocument SendRequest(Stream body) => new()
    {
        Kind = ExtraDocumentKind.Request,
        Header = Header(),
        Packages =
        [
            new ExtraPackage
            {
                Header = Header(dataType: ExtraUris.DataTypeSend),
                ContactEmail = "lohn@example.de",
                Transforms = Transforms,
                DataSource = new ExtraDataContainer { Name = "EENA0000001", Created = Now, Encoding = "I1" },
                Body = ExtraBody.FromStream(body),
            },
        ],
    };

    private static async Task<byte[]> WriteAsync(ExtraDocument document)
    {
        using var output = new MemoryStream();
        await ExtraXmlWriter.WriteAsync(output, document);
        return output.ToArray();
    }

    [Fact]
    public async Task SendRequest_ValidAgainstSchema_BodyReadBackStreamed()
    {
        byte[] payload = RandomNumberGenerator.GetBytes(200_001);

        byte[] xml = await WriteAsync(SendRequest(new MemoryStream(payload)));
        var target = new MemoryStream();
        ExtraPackage? seen = null;
        var document = await ExtraXmlReader.ReadAsync(new MemoryStream(xml), p =>
        {
            seen = p;
            return target;
        });

        ExtraFiles.AssertValid(xml, "eXTra-request-1.xsd");
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>", Encoding.Latin1.GetString(xml), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(payload, target.ToArray());
        var package = Assert.Single(document.Packages);
        Assert.True(package.HasBody);
        Assert.Equal(payload.Length, package.BodyLength);
        Assert.Equal("EENA0000001", seen!.DataSource!.Name);
        Assert.Equal("lohn@example.de", package.ContactEmail);
        Assert.Equal(["Compression", "Encryption", "Signature"], package.Transforms.Select(t => t.Kind));
        Assert.Equal([1, 3, 2], package.Transforms.Select(t => t.Order));
        Assert.Equal("Müller & Söhne GmbH", document.Header!.Sender.Name);
        Assert.Equal(ExtraUris.DataTypeSend, package.Header.Request.DataType);
        Assert.Equal(Now, package.Header.Request.TimeStamp);
    }

    [Fact]
    public async Task SendRequest_LargeBody_WriterAllocatesFarLessThanTheBase64()
    {
        const int size = 24 * 1024 * 1024;
        var body = new PatternStream(size);
        var sink = new CountingStream();
        var document = SendRequest(body);

        long before = GC.GetAllocatedBytesForCurrentThread();
        await ExtraXmlWriter.WriteAsync(sink, document);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(sink.Length > size * 4L / 3, $"only {sink.Length} bytes written");
        Assert.True(allocated < 4 * 1024 * 1024, $"the writer allocated {allocated} bytes for {size} bytes of data");
    }

    [Fact]
    public async Task Responses_ReceiptFetchEmptyAndError_ValidAgainstSchemas()
    {
        var details = new ExtraResponseDetails("A000000000001", Now, ExtraReport.Of(ExtraFlagCodes.TransportAccepted, "Transport accepted."));
        var receipt = new ExtraDocument
        {
            Kind = ExtraDocumentKind.Response,
            Header = Header(response: details),
            Packages =
            [
                new ExtraPackage
                {
                    Header = Header(dataType: ExtraUris.DataTypeSend, response: new ExtraResponseDetails("ZSS00000001", Now, ExtraReport.Of(ExtraFlagCodes.PackageOk, "ok"))),
                    DataSource = new ExtraDataContainer
                    {
                        Name = "EENA0000001",
                        DataSetType = ExtraReplyKinds.ToUri(ReplyKind.AcceptanceReceipt),
                        DataSetName = ReplySubjects.Format(ReplyKind.AcceptanceReceipt, "66660008", "33526082", "000001"),
                    },
                },
            ],
        };
        var fetched = receipt with
        {
            Packages = [receipt.Packages[0] with { Transforms = Transforms, Body = ExtraBody.FromBytes(new byte[] { 1, 2, 3, 4 }) }],
        };
        var empty = receipt with { Packages = [], Header = Header(response: details with { Report = ExtraReport.Of(ExtraFlagCodes.NothingToFetch, "No data.") }) };
        var error = new ExtraDocument
        {
            Kind = ExtraDocumentKind.Error,
            Error = new ExtraError(ExtraErrorReason.ServiceTemporarilyUnavailable, "1", "A1", Now, ExtraReport.Of(ExtraFlagCodes.RetryLater, "later", ExtraWeight.Error)),
        };

        ExtraFiles.AssertValid(await WriteAsync(receipt), "eXTra-response-1.xsd");
        ExtraFiles.AssertValid(await WriteAsync(fetched), "eXTra-response-1.xsd");
        ExtraFiles.AssertValid(await WriteAsync(empty), "eXTra-response-1.xsd");
        ExtraFiles.AssertValid(await WriteAsync(error), "extra-error-1.xsd");
        var read = await ExtraXmlReader.ReadAsync(new MemoryStream(await WriteAsync(error)));
        Assert.Equal(ExtraErrorReason.ServiceTemporarilyUnavailable, read.Error!.Reason);
        Assert.Equal(ExtraFlagCodes.RetryLater, read.Error.Report.Flags.Single().Code);
        var readReceipt = await ExtraXmlReader.ReadAsync(new MemoryStream(await WriteAsync(receipt)));
        Assert.Equal("ZSS00000001", readReceipt.Packages.Single().Header.Response!.ResponseId);
        Assert.True(ExtraReplyKinds.TryParse(readReceipt.Packages.Single().DataSource!.DataSetType, out var kind));
        Assert.Equal(ReplyKind.AcceptanceReceipt, kind);
    }

    [Fact]
    public async Task Messages_DataRequestAndConfirmation_ValidAndReadBack()
    {
        byte[] gt = ExtraXmlWriter.WriteDataRequest(new ExtraDataRequest(ExtraOperator.GT, "7259", 100));
        byte[] eq = ExtraXmlWriter.WriteDataRequest(new ExtraDataRequest(ExtraOperator.EQ, "7250"));
        byte[] confirmation = ExtraXmlWriter.WriteConfirmation(new ExtraConfirmation(["7261", "7262"]));
        var fetchRequest = new ExtraDocument
        {
            Kind = ExtraDocumentKind.Request,
            Header = Header(dataType: ExtraUris.DataTypeRequest),
            Transforms = Transforms,
            Data = ExtraBody.FromBytes(gt),
        };

        ExtraFiles.AssertValid(gt, "eXTra-messages-1.xsd");
        ExtraFiles.AssertValid(eq, "eXTra-messages-1.xsd");
        ExtraFiles.AssertValid(confirmation, "eXTra-messages-1.xsd");
        ExtraFiles.AssertValid(await WriteAsync(fetchRequest), "eXTra-request-1.xsd");
        Assert.Equal(new ExtraDataRequest(ExtraOperator.GT, "7259", 100), ExtraXmlReader.ReadMessage(gt));
        Assert.Equal(new ExtraDataRequest(ExtraOperator.EQ, "7250"), ExtraXmlReader.ReadMessage(eq));
        Assert.Equal(["7261", "7262"], ((ExtraConfirmation)ExtraXmlReader.ReadMessage(confirmation)).ResponseIds);
        var read = await ExtraXmlReader.ReadAsync(new MemoryStream(await WriteAsync(fetchRequest)));
        Assert.Equal(gt, read.DataBytes!.Value.ToArray());
    }

    [Theory]
    [InlineData("Sender name", "Łódź")]
    [InlineData("Product", "Lohn €")]
    public async Task Writer_HeaderOutsideIso88591_Refused(string where, string text)
    {
        var header = where == "Product"
            ? Header() with { Request = Header().Request with { Product = text } }
            : Header() with { Sender = new ExtraParty("33526082", text) };
        var document = new ExtraDocument { Kind = ExtraDocumentKind.Request, Header = header };

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => WriteAsync(document));

        Assert.Contains("E96", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(text, ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> Samples() => new(ExtraFiles.Samples().Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Reader_EverySample_Reads(string name)
    {
        string path = ExtraFiles.Samples().Single(p => Path.GetFileName(p) == name);
        byte[] xml = await File.ReadAllBytesAsync(path);
        string text = Encoding.Latin1.GetString(xml);

        if (text.Contains("<xmsg:DataRequest", StringComparison.Ordinal) && !text.Contains("Transport", StringComparison.Ordinal))
        {
            Assert.IsType<ExtraDataRequest>(ExtraXmlReader.ReadMessage(xml));
            return;
        }

        if (text.Contains("<xmsg:ConfirmationOfReceipt", StringComparison.Ordinal) && !text.Contains("Transport", StringComparison.Ordinal))
        {
            Assert.Equal(5, ((ExtraConfirmation)ExtraXmlReader.ReadMessage(xml)).ResponseIds.Count);
            return;
        }

        var bodies = new List<MemoryStream>();
        var document = await ExtraXmlReader.ReadAsync(new MemoryStream(xml), _ =>
        {
            var body = new MemoryStream();
            bodies.Add(body);
            return body;
        });

        if (document.Kind == ExtraDocumentKind.Error)
        {
            Assert.Equal(ExtraErrorReason.InvalidRequest, document.Error!.Reason);
            Assert.Equal("E003", document.Error.Report.Flags.Single().Code);
            return;
        }

        Assert.NotNull(document.Header);
        Assert.False(string.IsNullOrEmpty(document.Header.Sender.Id));
        Assert.False(string.IsNullOrEmpty(document.Header.Request.RequestId));
        Assert.Equal(document.Kind == ExtraDocumentKind.Response, document.Header.Response is not null);
        Assert.True(document.Version is "1.1" or "1.4", document.Version);
        Assert.Equal(document.Version == "1.1", document.IsLegacyRoot);
    }

    [Fact]
    public async Task Reader_ElenaFetchResponse_PackagesFlagsPlugInsAndCommentOnlyBody()
    {
        byte[] xml = await File.ReadAllBytesAsync(Path.Combine(ExtraFiles.Reference, "samples-elena", "S4_Muster_Response_Abholen_ELENA_Erfolg.xml"));

        var document = await ExtraXmlReader.ReadAsync(new MemoryStream(xml), _ => Stream.Null);

        Assert.Equal(ExtraDocumentKind.Response, document.Kind);
        Assert.Equal("T010", document.Header!.Response!.Report.Flags.Single().Code);
        Assert.Equal(ExtraWeight.Info, document.Header.Response.Report.HighestWeight);
        Assert.Equal(["7261", "7262"], document.Packages.Select(p => p.Header.Response!.ResponseId));
        var first = document.Packages[0];
        Assert.Equal("D000", first.Header.Response!.Report.Flags.Single().Code);
        Assert.Equal("EENA0000078", first.DataSource!.Name);
        Assert.Equal("I8", first.DataSource.Encoding);
        Assert.Equal(ExtraUris.ProcedureMvds, first.Header.Request.Procedure);
        Assert.Equal(new ExtraTransform("Compression", 1, "http://www.extra-standard.de/transforms/compression/ZIP", 1494, 1094), first.Transforms[0]);
        Assert.Equal(1408, first.Transforms[1].OutputBytes);
        Assert.True(first.HasBody);
        Assert.Equal(0, first.BodyLength); // the sample's body holds only a comment
    }

    [Fact]
    public async Task Reader_ElenaFetchRequest11_InlineDataRequest()
    {
        byte[] xml = await File.ReadAllBytesAsync(Path.Combine(ExtraFiles.Reference, "samples-elena", "S3_Muster_Request_Abholen_ELENA.xml"));

        var document = await ExtraXmlReader.ReadAsync(new MemoryStream(xml));

        Assert.True(document.IsLegacyRoot);
        Assert.Equal(new ExtraDataRequest(ExtraOperator.GT, "7259", 100), document.DataRequest);
        Assert.Equal(ExtraUris.DataTypeRequest, document.Header!.Request.DataType);
        Assert.Equal("77770000", document.Header.Sender.Id);
        Assert.Equal("Betriebsnummer", document.Header.Sender.IdClass);
    }

    [Fact]
    public async Task Reader_KomServerSend_Base64WithCommentsAndLineBreaks()
    {
        byte[] xml = await File.ReadAllBytesAsync(Path.Combine(ExtraFiles.Reference, "samples-komserver-1.4", "KomServer-Meldung-Request-withOptional.xml"));
        var body = new MemoryStream();

        var document = await ExtraXmlReader.ReadAsync(new MemoryStream(xml), _ => body);

        Assert.StartsWith("Dies ist eine Testzeichenkette", Encoding.UTF8.GetString(body.ToArray()), StringComparison.Ordinal);
        Assert.Equal("Ansprechpartner@MusterAG.itsg.de", document.Packages.Single().ContactEmail);
    }

    [Fact]
    public async Task Reader_UpperAndLowerCaseUris_Tolerated()
    {
        byte[] xml = await File.ReadAllBytesAsync(Path.Combine(ExtraFiles.Reference, "samples-komserver-1.4", "KomServer-Meldung-Response-EinPaketAbgelehnt.xml"));
        string text = Encoding.Latin1.GetString(xml)
            .Replace("http://www.extra-standard.de/weight/ERROR", "HTTP://WWW.EXTRA-STANDARD.DE/WEIGHT/error", StringComparison.Ordinal)
            .Replace("http://www.extra-standard.de/weight/INFO", "http://www.extra-standard.de/weight/Info", StringComparison.Ordinal);

        var document = await ExtraXmlReader.ReadAsync(new MemoryStream(Encoding.Latin1.GetBytes(text)));

        Assert.Equal([ExtraWeight.Info, ExtraWeight.Error], document.Packages.Select(p => p.Header.Response!.Report.HighestWeight));
        Assert.Equal("E002", document.Packages[1].Header.Response!.Report.Flags.Single().Code);
    }

    [Theory]
    [InlineData("not XML at all", "not well-formed")]
    [InlineData("<html><body/></html>", "not an eXTra")]
    [InlineData("<xreq:Transport version='2.0' profile='x' xmlns:xreq='http://www.extra-standard.de/namespace/request/1'/>", "version")]
    [InlineData("<xreq:Transport version='1.4' profile='x' xmlns:xreq='http://www.extra-standard.de/namespace/request/1'/>", "TransportHeader")]
    [InlineData("<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>", "not well-formed")]
    public async Task Reader_Malformed_FormatException(string xml, string expected)
    {
        var ex = await Assert.ThrowsAsync<FormatException>(() => ExtraXmlReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(xml))));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A read-only, non-seekable stream of a byte pattern.</summary>
    private sealed class PatternStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = (int)Math.Min(count, length - _position);
            for (int i = 0; i < n; i++)
            {
                buffer[offset + i] = (byte)(_position + i);
            }

            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int n = (int)Math.Min(buffer.Length, length - _position);
            var span = buffer.Span;
            for (int i = 0; i < n; i++)
            {
                span[i] = (byte)(_position + i);
            }

            _position += n;
            return ValueTask.FromResult(n);
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Counts what is written and keeps nothing.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _length += count;
            return Task.CompletedTask;
        }
    }
}
