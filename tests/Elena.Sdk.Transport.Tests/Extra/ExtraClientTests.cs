using System.Text;
using Elena.Sdk.Crypto;
using Elena.Sdk.Testing.Extra;
using Elena.Sdk.Transport.Extra;
using Elena.Sdk.Transport.Replies;
using Elena.Sdk.Transport.Tests.Extra.Support;

namespace Elena.Sdk.Transport.Tests.Extra;

/// <summary>ExtraClient against the reference eXTra server over the reference ZSS (in-process handler).</summary>
public sealed class ExtraClientTests
{
    private readonly ExtraEnvironment _env = new();

    [Fact]
    public async Task SendAsync_ValidFile_AcceptanceReceiptWithFileNumber()
    {
        var client = _env.Client();

        var reply = await client.SendAsync(_env.Seal(_env.File(mvds: 3, fileNumber: 7)), ExtraEnvironment.Send());

        Assert.Equal(ReplyKind.AcceptanceReceipt, reply.Kind);
        Assert.Equal(ReplyChannel.Extra, reply.Channel);
        Assert.Equal(_env.Zss.Submissions.Single().FileId, reply.Id);
        Assert.Equal("66660008", reply.OfficeNumber);
        Assert.Equal(ExtraEnvironment.EmployerNumber, reply.EmployerNumber);
        Assert.Equal("000007", reply.FileNumber);
        Assert.Null(reply.Reason);
        Assert.Equal(3, _env.Zss.Submissions.Single().StoredCount);
    }

    [Fact]
    public async Task SendAsync_SignerNotAdmitted_RejectionWithReason()
    {
        var client = _env.Client();

        var reply = await client.SendAsync(_env.Seal(_env.File(mvds: 1), _env.Stranger), ExtraEnvironment.Send());

        Assert.Equal(ReplyKind.Rejection, reply.Kind);
        Assert.Contains("admitted", reply.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _env.Zss.Submissions.Single().StoredCount);
    }

    [Fact]
    public async Task SendAsync_ResponseLost_ResentWithSameRequestId_OneSubmission()
    {
        var client = _env.Client(handlers: new LoseResponseHandler(1));

        var reply = await client.SendAsync(_env.Seal(_env.File(mvds: 2)), ExtraEnvironment.Send("20261130000000000001"));

        Assert.Equal(ReplyKind.AcceptanceReceipt, reply.Kind);
        Assert.Equal(2, _env.Server.RequestCount);
        var submission = Assert.Single(_env.Zss.Submissions);
        Assert.Equal(submission.FileId, reply.Id);
    }

    [Fact]
    public async Task SendAsync_SameRequestIdLater_OriginalReceiptNoSecondSubmission()
    {
        var client = _env.Client();
        byte[] file = _env.File(mvds: 2);

        var first = await client.SendAsync(_env.Seal(file), ExtraEnvironment.Send("20261130000000000002"));
        var again = await client.SendAsync(_env.Seal(file), ExtraEnvironment.Send("20261130000000000002"));
        var other = await client.SendAsync(_env.Seal(file), ExtraEnvironment.Send("20261130000000000003"));

        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Equal(2, _env.Zss.Submissions.Count);
    }

    [Fact]
    public async Task FetchAsync_AfterSend_ProcessingConfirmationOpenedAndParsed_ThenAcknowledged()
    {
        var client = _env.Client();
        await client.SendAsync(_env.Seal(_env.File(mvds: 4, fileNumber: 12)), ExtraEnvironment.Send());

        var replies = await client.FetchAsync(null);

        var reply = Assert.Single(replies);
        Assert.Equal(ReplyKind.ProcessingConfirmation, reply.Kind);
        Assert.Equal(_env.Zss.ServerReplies.Single().Id.ToString(System.Globalization.CultureInfo.InvariantCulture), reply.Id);
        Assert.Equal("000012", reply.FileNumber);
        Assert.Equal(_env.Zss.ServerReplies.Single().Reply.File, reply.Content!.Value.ToArray());
        Assert.NotNull(reply.File);
        Assert.Equal(ExtraEnvironment.EmployerNumber, reply.File.EmployerNumber);
        Assert.Contains(reply.File.Records, r => r.Errors.Any(e => e.Code == "NCSZH10"));

        await client.AcknowledgeAsync([reply.Id]);

        Assert.Empty(_env.Zss.ServerReplies);
        Assert.Empty(await client.FetchAsync(null));
    }

    [Fact]
    public async Task FetchAsync_RecordRejectionAndNumberAssignment_KindsAndContent()
    {
        var client = _env.Client();
        await client.SendAsync(_env.Seal(_env.File(mvds: 3, known: false, seed: 9)), ExtraEnvironment.Send());
        await client.SendAsync(_env.Seal(_env.File(dsvv: 2, seed: 11, fileNumber: 2)), ExtraEnvironment.Send(fileName: "EENA0000002"));

        var replies = await client.FetchAsync(null);

        Assert.Equal(_env.Zss.ServerReplies.Select(r => r.Reply.Kind), replies.Select(r => r.Kind));
        Assert.Contains(replies, r => r.Kind == ReplyKind.RecordRejection && r.File!.RecordsWithErrors.Any(x => x.RecordType == "MVDS"));
        Assert.Contains(replies, r => r.Kind == ReplyKind.NumberAssignment);
        Assert.Equal(replies.Select(r => long.Parse(r.Id, System.Globalization.CultureInfo.InvariantCulture)).Order(), replies.Select(r => long.Parse(r.Id, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task FetchAsync_GtCursorAndMaximum_PagesThroughReplies()
    {
        var client = _env.Client();
        for (int i = 1; i <= 3; i++)
        {
            await client.SendAsync(_env.Seal(_env.File(mvds: 1, seed: 20 + i, fileNumber: i)), ExtraEnvironment.Send());
        }

        var first = await client.FetchAsync(null, maximumPackages: 2);
        var second = await client.FetchAsync(first[^1].Id, maximumPackages: 2);
        var third = await client.FetchAsync(second[^1].Id, maximumPackages: 2);

        Assert.Equal(2, first.Count);
        Assert.Single(second);
        Assert.Empty(third);
        Assert.Equal(3, _env.Zss.ServerReplies.Count);
    }

    [Fact]
    public async Task FetchAgainAsync_EqOneReply_SameContent_NullWhenAcknowledged()
    {
        var client = _env.Client();
        await client.SendAsync(_env.Seal(_env.File(mvds: 1)), ExtraEnvironment.Send());
        var fetched = Assert.Single(await client.FetchAsync(null));

        var again = await client.FetchAgainAsync(fetched.Id);
        await client.AcknowledgeAsync([fetched.Id]);
        var gone = await client.FetchAgainAsync(fetched.Id);

        Assert.NotNull(again);
        Assert.Equal(fetched.Content!.Value.ToArray(), again.Content!.Value.ToArray());
        Assert.Null(gone);
    }

    [Fact]
    public async Task AcknowledgeAsync_AlreadyConfirmedOrUnknown_IsSuccess()
    {
        var client = _env.Client();
        await client.SendAsync(_env.Seal(_env.File(mvds: 1)), ExtraEnvironment.Send());
        var reply = Assert.Single(await client.FetchAsync(null));
        await client.AcknowledgeAsync([reply.Id]);

        await client.AcknowledgeAsync([reply.Id, "999999"]);

        Assert.Empty(_env.Zss.ServerReplies);
    }

    [Fact]
    public async Task FetchAsync_OtherEmployersReplies_NotVisible_NotAcknowledgeable()
    {
        // The stranger is admitted here so it can authenticate; it still sees only its own replies.
        var env = new ExtraEnvironment();
        var admitted = new Elena.Sdk.Testing.Zss.ZssOptions
        {
            Keys = env.Options.Keys,
            AdmittedEmployers = Elena.Sdk.Crypto.KeyLists.CertificateList.FromCertificates([env.Employer, env.Stranger]),
            TrustAnchors = env.Options.TrustAnchors,
        };
        var server = new ReferenceExtraServer(env.Zss, admitted);
        var employer = new ExtraClient(new HttpClient(server.CreateHandler()) { BaseAddress = new Uri("http://zss.invalid/extra") }, env.ClientOptions());
        var stranger = new ExtraClient(new HttpClient(server.CreateHandler()) { BaseAddress = new Uri("http://zss.invalid/extra") }, env.ClientOptions(env.Stranger));
        await employer.SendAsync(env.Seal(env.File(mvds: 1)), ExtraEnvironment.Send());
        string id = env.Zss.ServerReplies.Single().Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var seen = await stranger.FetchAsync(null);
        await stranger.AcknowledgeAsync([id]);

        Assert.Empty(seen);
        Assert.Single(env.Zss.ServerReplies);
    }

    [Fact]
    public async Task FetchAsync_SignerNotAdmitted_ServiceExceptionE90()
    {
        var client = _env.Client(_env.ClientOptions(_env.Stranger));

        var ex = await Assert.ThrowsAsync<ExtraServiceException>(() => client.FetchAsync(null));

        Assert.Equal(ExtraFlagCodes.NotAuthenticated, ex.Code);
        Assert.Equal(ExtraErrorReason.InvalidRequest, ex.Reason);
        Assert.False(ex.IsTransient);
        Assert.Equal(403, ex.StatusCode);
        Assert.Equal(1, _env.Server.RequestCount); // not retried
    }

    [Fact]
    public async Task RetryLater_ThenAvailable_ClientRetriesAndSucceeds()
    {
        _env.Server.Availability = ExtraServerAvailability.RetryLater;
        _env.Server.RetryAfter = TimeSpan.FromMilliseconds(10);
        var flip = new FlipAfter(2, () => _env.Server.Availability = ExtraServerAvailability.Available);
        var client = _env.Client(handlers: flip);

        var reply = await client.SendAsync(_env.Seal(_env.File(mvds: 1)), ExtraEnvironment.Send());

        Assert.Equal(ReplyKind.AcceptanceReceipt, reply.Kind);
        Assert.Equal(3, _env.Server.RequestCount);
        Assert.Single(_env.Zss.Submissions);
    }

    [Fact]
    public async Task RetryLater_Persisting_TransientServiceException()
    {
        _env.Server.Availability = ExtraServerAvailability.RetryLater;
        _env.Server.RetryAfter = TimeSpan.FromMilliseconds(5);
        var options = _env.ClientOptions();
        options.MaxAttempts = 3;
        var client = _env.Client(options);

        var ex = await Assert.ThrowsAsync<ExtraServiceException>(() => client.FetchAsync(null));

        Assert.True(ex.IsTransient);
        Assert.Equal(ExtraErrorReason.ServiceTemporarilyUnavailable, ex.Reason);
        Assert.Equal(ExtraFlagCodes.RetryLater, ex.Code);
        Assert.NotNull(ex.RetryAfter);
        Assert.Equal(3, _env.Server.RequestCount);
    }

    [Fact]
    public async Task Halt_NoRetry_ThenClientSendsNothing()
    {
        _env.Server.Availability = ExtraServerAvailability.Halted;
        var client = _env.Client();

        var halt = await Assert.ThrowsAsync<ExtraServiceException>(() => client.SendAsync(_env.Seal(_env.File(mvds: 1)), ExtraEnvironment.Send()));
        _env.Server.Availability = ExtraServerAvailability.Available;
        var still = await Assert.ThrowsAsync<ExtraServiceException>(() => client.FetchAsync(null));

        Assert.True(halt.IsHalt);
        Assert.False(halt.IsTransient);
        Assert.True(still.IsHalt);
        Assert.Equal(1, _env.Server.RequestCount);
        Assert.Empty(_env.Zss.Submissions);
    }

    [Fact]
    public async Task Exchanges_AllValidAgainstTheGeneric14Schemas()
    {
        var recorder = new RecordingHandler();
        var client = _env.Client(handlers: recorder);
        await client.SendAsync(_env.Seal(_env.File(mvds: 2)), ExtraEnvironment.Send());
        await client.SendAsync(_env.Seal(_env.File(mvds: 1), _env.Stranger), ExtraEnvironment.Send());
        var replies = await client.FetchAsync(null);
        await client.AcknowledgeAsync(replies.Select(r => r.Id));
        await client.FetchAsync(null);
        var strangerRecorder = new RecordingHandler();
        var stranger = _env.Client(_env.ClientOptions(_env.Stranger), strangerRecorder);
        await Assert.ThrowsAsync<ExtraServiceException>(() => stranger.FetchAsync(null));

        var exchanges = recorder.Exchanges.Concat(strangerRecorder.Exchanges).ToList();
        Assert.Equal(6, exchanges.Count);
        Assert.Contains(exchanges, e => e.Status == 403);
        foreach (var (request, response, status) in exchanges)
        {
            ExtraFiles.AssertValid(request, "eXTra-request-1.xsd");
            ExtraFiles.AssertValid(response, status == 200 ? "eXTra-response-1.xsd" : "extra-error-1.xsd");
        }
    }

    [Fact]
    public async Task Server_MalformedXml_ExtraErrorInvalidRequest()
    {
        using var http = new HttpClient(_env.Server.CreateHandler());

        using var response = await http.PostAsync("http://zss.invalid/extra", new StringContent("<xreq:Transport xmlns:xreq='http://www.extra-standard.de/namespace/request/1'><broken>"));
        var document = await ExtraXmlReader.ReadAsync(await response.Content.ReadAsStreamAsync());

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(ExtraDocumentKind.Error, document.Kind);
        Assert.Equal(ExtraErrorReason.InvalidRequest, document.Error!.Reason);
        Assert.Equal(ExtraFlagCodes.SchemaInvalid, document.Error.Report.Flags.Single().Code);
        ExtraFiles.AssertValid(await response.Content.ReadAsByteArrayAsync(), "extra-error-1.xsd");
    }

    [Fact]
    public async Task Server_HeaderNotIso88591_E96()
    {
        using var http = new HttpClient(_env.Server.CreateHandler());
        string xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <xreq:Transport version="1.4" profile="http://www.extra-standard.de/profile/ELENA/1.1" xmlns:xreq="http://www.extra-standard.de/namespace/request/1" xmlns:xcpt="http://www.extra-standard.de/namespace/components/1">
              <xreq:TransportHeader>
                <xcpt:Sender><xcpt:SenderID>33526082</xcpt:SenderID><xcpt:Name>Łódź Sp. z o.o.</xcpt:Name></xcpt:Sender>
                <xcpt:Receiver><xcpt:ReceiverID>66660008</xcpt:ReceiverID></xcpt:Receiver>
                <xcpt:RequestDetails><xcpt:RequestID>1</xcpt:RequestID><xcpt:DataType>http://www.extra-standard.de/datatypes/DataRequest</xcpt:DataType></xcpt:RequestDetails>
              </xreq:TransportHeader>
              <xreq:TransportBody/>
            </xreq:Transport>
            """;

        using var response = await http.PostAsync("http://zss.invalid/extra", new ByteArrayContent(Encoding.UTF8.GetBytes(xml)));
        var document = await ExtraXmlReader.ReadAsync(await response.Content.ReadAsStreamAsync());

        Assert.Equal(ExtraFlagCodes.WrongCharacterSet, document.Error!.Report.Flags.Single().Code);
        Assert.Equal("1", document.Error.RequestId);
    }

    [Fact]
    public async Task Server_UnsealedDataRequest_NotAuthenticated()
    {
        using var http = new HttpClient(_env.Server.CreateHandler());
        byte[] sample = await File.ReadAllBytesAsync(Path.Combine(ExtraFiles.Reference, "samples-elena", "S3_Muster_Request_Abholen_ELENA.xml"));

        using var response = await http.PostAsync("http://zss.invalid/extra", new ByteArrayContent(sample));
        var document = await ExtraXmlReader.ReadAsync(await response.Content.ReadAsStreamAsync());

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal(ExtraFlagCodes.NotAuthenticated, document.Error!.Report.Flags.Single().Code);
    }

    [Fact]
    public async Task FetchAsync_ReplyNotSignedByOffice_Refused()
    {
        // A client that expects another office number refuses the replies of this one.
        var client = _env.Client();
        await client.SendAsync(_env.Seal(_env.File(mvds: 1)), ExtraEnvironment.Send());
        var options = _env.ClientOptions();
        options.OfficeNumber = "66667777";
        var picky = _env.Client(options);

        // The server authenticates by the sealed request, not by the receiver number: the fetch reaches the replies.
        var ex = await Assert.ThrowsAsync<SecureMessageException>(() => picky.FetchAsync(null));

        Assert.Equal(SecureMessageError.UntrustedSigner, ex.Error);
        Assert.Single(_env.Zss.ServerReplies);
    }

    /// <summary>Calls an action once the given number of requests have passed.</summary>
    private sealed class FlipAfter(int requests, Action action) : DelegatingHandler
    {
        private int _seen;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (Interlocked.Increment(ref _seen) == requests)
            {
                action();
            }

            return response;
        }
    }
}

/// <summary>Edge cases of sending: concurrent re-sends and streams that cannot be rewound.</summary>
public sealed class ExtraSendEdgeTests
{
    private readonly ExtraEnvironment _env = new();

    [Fact]
    public async Task SendAsync_SameRequestIdConcurrently_OneSubmissionSameReceipt()
    {
        byte[] file = _env.File(mvds: 20);
        var client = _env.Client();

        var sends = Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => client.SendAsync(_env.Seal(file), ExtraEnvironment.Send("20261130000000000042"))))
            .ToArray();
        var replies = await Task.WhenAll(sends);

        Assert.Single(_env.Zss.Submissions);
        Assert.Single(replies.Select(r => r.Id).Distinct());
        Assert.All(replies, r => Assert.Equal(ReplyKind.AcceptanceReceipt, r.Kind));
    }

    [Fact]
    public async Task SendAsync_NonSeekableStreamAndLostResponse_NotResent()
    {
        var client = _env.Client(handlers: new LoseResponseHandler(1));
        using var sealedFile = _env.Seal(_env.File(mvds: 1));
        using var forwardOnly = new ForwardOnlyStream(sealedFile);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => client.SendAsync(forwardOnly, ExtraEnvironment.Send()));

        Assert.Contains("seekable", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, _env.Server.RequestCount);
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>The client's log: public event ids, no secrets.</summary>
public sealed class ExtraClientLogTests
{
    private readonly ExtraEnvironment _env = new();

    [Fact]
    public async Task Log_RetryExchangeAndHalt_EventIds()
    {
        var logger = new ListLogger<ExtraClient>();
        var client = new ExtraClient(new HttpClient(_env.Server.CreateHandler()) { BaseAddress = new Uri("http://zss.invalid/extra") }, _env.ClientOptions(), logger);
        _env.Server.Availability = Elena.Sdk.Testing.Extra.ExtraServerAvailability.RetryLater;
        _env.Server.RetryAfter = TimeSpan.FromMilliseconds(1);
        await Assert.ThrowsAsync<ExtraServiceException>(() => client.FetchAsync(null));
        _env.Server.Availability = Elena.Sdk.Testing.Extra.ExtraServerAvailability.Available;
        await client.FetchAsync(null);
        _env.Server.Availability = Elena.Sdk.Testing.Extra.ExtraServerAvailability.Halted;
        await Assert.ThrowsAsync<ExtraServiceException>(() => client.FetchAsync(null));

        Assert.Equal(5101, ExtraLogEvents.Exchanged);
        Assert.Equal(5102, ExtraLogEvents.Retrying);
        Assert.Equal(5103, ExtraLogEvents.Halted);
        Assert.Equal(3, logger.Entries.Count(e => e.EventId == ExtraLogEvents.Retrying));
        Assert.Contains(logger.Entries, e => e.EventId == ExtraLogEvents.Exchanged && e.Message.Contains("flag E98", StringComparison.Ordinal));
        Assert.Single(logger.Entries, e => e.EventId == ExtraLogEvents.Halted && e.Message.Contains("E99", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains("PRIVATE", StringComparison.OrdinalIgnoreCase));
    }
}
