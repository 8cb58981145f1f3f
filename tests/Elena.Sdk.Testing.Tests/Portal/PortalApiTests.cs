using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Testing.Portal;
using Elena.Sdk.Testing.Replies;
using Elena.Sdk.Testing.Rfv;
using Elena.Sdk.Transport.Replies;
using Microsoft.Extensions.Time.Testing;

namespace Elena.Sdk.Testing.Tests.Portal;

/// <summary>The service portal's status API over loopback Kestrel, next to the reference eXTra server on the same host.</summary>
public sealed class PortalApiTests
{
    [Fact]
    public async Task Files_EmployerSeesOwnFilesOnly_OtherEmployersFileIs404()
    {
        await using var env = await PortalTestEnvironment.StartAsync();
        var first = await env.SendAsync(env.A, env.File(PortalTestEnvironment.EmployerA, mvds: 3, seed: 11, fileNumber: 7));
        var second = await env.SendAsync(env.A, env.File(PortalTestEnvironment.EmployerA, dsvv: 2, seed: 12, fileNumber: 8));
        var other = await env.SendAsync(env.B, env.File(PortalTestEnvironment.EmployerB, mvds: 1, seed: 13));

        var files = await env.PortalClient(env.A).GetFilesAsync();
        var otherFiles = await env.PortalClient(env.B).GetFilesAsync();
        var stolen = await env.PortalClient(env.A).GetFileAsync(other.Id);
        using var raw = await SignedGetAsync(env, env.A, "/portal/api/files/" + other.Id);
        using var unknown = await SignedGetAsync(env, env.A, "/portal/api/files/ZSS99999999");

        Assert.Equal([second.Id, first.Id], files.Select(f => f.FileId)); // newest first
        Assert.All(files, f => Assert.Equal(PortalTestEnvironment.EmployerA, f.Employer));
        var mvdsFile = files.Single(f => f.FileId == first.Id);
        Assert.Equal("000007", mvdsFile.FileNumber);
        Assert.Equal(SubmissionChannel.Extra, mvdsFile.Channel);
        Assert.Equal(PortalTestEnvironment.Start, mvdsFile.ReceivedAt);
        Assert.Equal(PortalFileState.Processed, mvdsFile.State);
        Assert.Equal(new PortalCounts(3, 3, 0, 0, 0), mvdsFile.Counts);
        Assert.Equal(2, files.Single(f => f.FileId == second.Id).Counts.NumbersAssigned);
        Assert.Equal([other.Id], otherFiles.Select(f => f.FileId));
        Assert.Null(stolen);
        Assert.Equal(HttpStatusCode.NotFound, raw.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await raw.Content.ReadAsStringAsync()); // nothing tells them apart
    }

    [Fact]
    public async Task Detail_RecordsWithDbfeFieldByField_RepliesWithKindsAndRoutes()
    {
        await using var env = await PortalTestEnvironment.StartAsync();
        var mixed = await env.SendAsync(env.A, env.File(PortalTestEnvironment.EmployerA, mvds: 4, seed: 21, known: false));
        var numbers = await env.SendAsync(env.A, env.File(PortalTestEnvironment.EmployerA, dsvv: 2, seed: 22, fileNumber: 2));
        var fieldError = await env.SendAsync(env.A, PortalTestEnvironment.WithFieldErrorInFirstMvds(env.File(PortalTestEnvironment.EmployerA, mvds: 2, seed: 23, fileNumber: 3)));

        var client = env.PortalClient(env.A);
        var rejected = await client.GetFileAsync(mixed.Id);
        var answered = await client.GetFileAsync(numbers.Id);
        var field = await client.GetFileAsync(fieldError.Id);

        Assert.NotNull(rejected);
        Assert.Equal(PortalFileState.Processed, rejected.Status.State);
        Assert.Equal(new PortalCounts(4, 0, 4, 0, 0), rejected.Status.Counts);
        Assert.Equal([3L, 4L, 5L, 6L], rejected.Records.Select(r => r.Number));
        Assert.All(rejected.Records, r =>
        {
            Assert.Equal("MVDS", r.RecordType);
            Assert.Equal(PortalRecordOutcome.Rejected, r.Outcome);
            Assert.Equal(ReplyKind.RecordRejection, r.Reply);
            var error = Assert.Single(r.Errors);
            Assert.Equal("MVDSz81", error.Code);
            Assert.False(error.IsNotice);
            Assert.Contains("not in the master data", error.Meaning, StringComparison.Ordinal);
        });
        Assert.Equal([ReplyKind.AcceptanceReceipt, ReplyKind.RecordRejection], rejected.Replies.Select(r => r.Kind));
        Assert.Equal(PortalReplyState.NotOnServer, rejected.Replies[0].State);
        Assert.Equal(ReplyRoute.Server, rejected.Replies[1].Route);
        Assert.Equal(PortalReplyState.Waiting, rejected.Replies[1].State);
        Assert.Equal(120, rejected.Replies[1].DaysLeft);

        Assert.NotNull(answered);
        Assert.All(answered.Records, r =>
        {
            Assert.Equal("DSVV", r.RecordType);
            Assert.Equal(PortalRecordOutcome.Answered, r.Outcome);
            Assert.Equal(ReplyKind.NumberAssignment, r.Reply);
            Assert.NotNull(r.ReasonCode);
        });
        Assert.Equal(2, answered.Records.Count(r => r.AssignedNumber is { Length: 12 }));
        Assert.Contains(answered.Replies, r => r is { Kind: ReplyKind.NumberAssignment, Route: ReplyRoute.Server, WithFile: true });

        Assert.NotNull(field);
        Assert.Equal(new PortalCounts(2, 1, 1, 0, 0), field.Status.Counts);
        Assert.Equal([PortalRecordOutcome.Rejected, PortalRecordOutcome.Stored], field.Records.Select(r => r.Outcome));
        var fieldBlock = Assert.Single(field.Records[0].Errors);
        Assert.Equal("MVDSz02", fieldBlock.Code);
        Assert.Equal("PERSGR", fieldBlock.Field);
        Assert.StartsWith("PERSGR: ", fieldBlock.Text, StringComparison.Ordinal);
        Assert.StartsWith("ELR202: ", fieldBlock.Meaning, StringComparison.Ordinal);
        Assert.Null(field.Records[1].Reply); // stored, but no processing confirmation follows a record rejection
    }

    [Fact]
    public async Task Requests_UnsignedExpiredReplayedOrNotAdmitted_Refused401()
    {
        await using var env = await PortalTestEnvironment.StartAsync();
        await env.SendAsync(env.A, env.File(PortalTestEnvironment.EmployerA, mvds: 1, seed: 31));
        var http = env.Http();

        using var unsigned = await http.GetAsync("/portal/api/files");
        var late = new FakeTimeProvider(env.Clock.GetUtcNow().AddMinutes(-6));
        var expired = await Assert.ThrowsAsync<HttpRequestException>(() => env.PortalClient(env.A, late).GetFilesAsync());
        var stranger = await Assert.ThrowsAsync<HttpRequestException>(() => env.PortalClient(env.Stranger).GetFilesAsync());

        // Replay: the same signed request twice.
        var recorder = new HeaderRecorder { InnerHandler = new HttpClientHandler() };
        using var recording = new HttpClient(recorder) { BaseAddress = env.BaseAddress };
        var once = await new PortalClient(recording, new PortalClientOptions { Certificate = env.A, TimeProvider = env.Clock }).GetFilesAsync();
        using var replay = new HttpRequestMessage(HttpMethod.Get, "/portal/api/files");
        replay.Headers.Authorization = recorder.Last;
        using var replayed = await http.SendAsync(replay);

        // A signature over another path does not open this one.
        using var moved = new HttpRequestMessage(HttpMethod.Get, "/portal/api/files/ZSS00000001");
        moved.Headers.Authorization = recorder.Last;
        using var elsewhere = await http.SendAsync(moved);

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal("ElenaSignature", unsigned.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("window", expired.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, stranger.StatusCode);
        Assert.Contains("admitted", stranger.Message, StringComparison.Ordinal);
        Assert.Single(once);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Contains("replay", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
        Assert.Contains("does not verify", await elsewhere.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RfvFault_FilePendingWithFaultShown_ReleasedWhenAvailable()
    {
        await using var env = await PortalTestEnvironment.StartAsync();
        var client = env.PortalClient(env.A);
        await env.SetRfvAsync(RfvState.NoServer);
        var held = await env.SendAsync(env.A, env.File(PortalTestEnvironment.EmployerA, mvds: 3, seed: 41));

        var pending = await client.GetFileAsync(held.Id);
        string control = await env.SetRfvAsync(RfvState.Available);
        var released = await client.GetFileAsync(held.Id);

        Assert.NotNull(pending);
        Assert.Equal(PortalFileState.Pending, pending.Status.State);
        Assert.Contains("NoServer", pending.Status.PendingReason, StringComparison.Ordinal);
        Assert.Equal(0, pending.Status.Counts.Stored);
        Assert.Equal([ReplyKind.AcceptanceReceipt], pending.Replies.Select(r => r.Kind));
        Assert.Contains(held.Id, control, StringComparison.Ordinal);
        Assert.NotNull(released);
        Assert.Equal(PortalFileState.Processed, released.Status.State);
        Assert.Null(released.Status.PendingReason);
        Assert.Equal(3, released.Status.Counts.Stored);
        Assert.Contains(released.Replies, r => r.Kind == ReplyKind.ProcessingConfirmation);
    }

    [Fact]
    public async Task Replies_WaitingWithDaysLeft_FetchedThenAcknowledged()
    {
        await using var env = await PortalTestEnvironment.StartAsync();
        var client = env.PortalClient(env.A);
        var sent = await env.SendAsync(env.A, env.File(PortalTestEnvironment.EmployerA, mvds: 2, seed: 51));

        env.Clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromHours(1));
        var waiting = (await client.GetFilesAsync()).Single();
        var extra = env.ExtraClient(env.A);
        var fetched = await extra.FetchAsync(null);
        var afterFetch = await client.GetFileAsync(sent.Id);
        env.Clock.Advance(TimeSpan.FromMinutes(3));
        await extra.AcknowledgeAsync(fetched.Select(r => r.Id));
        var afterAck = await client.GetFileAsync(sent.Id);

        Assert.Equal(1, waiting.RepliesWaiting);
        Assert.Equal(110, waiting.MinimumDaysLeft); // 120 days minus 10 days and an hour: the 110th day has begun
        Assert.Equal(ReplyKind.ProcessingConfirmation, Assert.Single(fetched).Kind);
        var fetchedReply = afterFetch!.Replies.Single(r => r.Kind == ReplyKind.ProcessingConfirmation);
        Assert.Equal(PortalReplyState.Fetched, fetchedReply.State);
        Assert.Equal(env.Clock.GetUtcNow().AddMinutes(-3), fetchedReply.FetchedAt);
        Assert.Equal(PortalTestEnvironment.Start.AddDays(120), fetchedReply.PaperDueAt);
        var acknowledged = afterAck!.Replies.Single(r => r.Kind == ReplyKind.ProcessingConfirmation);
        Assert.Equal(PortalReplyState.Acknowledged, acknowledged.State);
        Assert.Equal(env.Clock.GetUtcNow(), acknowledged.AcknowledgedAt);
        Assert.Null(acknowledged.DaysLeft);
        Assert.Equal(0, afterAck.Status.RepliesWaiting);
        Assert.Equal(1, afterAck.Status.RepliesAcknowledged);
        Assert.Null(afterAck.Status.MinimumDaysLeft);
    }

    [Fact]
    public async Task Replies_NotFetchedWithin120Days_ShownAsSentOnPaper()
    {
        await using var env = await PortalTestEnvironment.StartAsync();
        var sent = await env.SendAsync(env.A, env.File(PortalTestEnvironment.EmployerA, mvds: 1, seed: 55));

        env.Clock.Advance(TimeSpan.FromDays(119) + TimeSpan.FromHours(23));
        var lastDay = (await env.PortalClient(env.A).GetFilesAsync()).Single();
        env.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, env.Zss.RunReplyRetention());
        var detail = await env.PortalClient(env.A).GetFileAsync(sent.Id);

        Assert.Equal(1, lastDay.MinimumDaysLeft);
        var paper = detail!.Replies.Single(r => r.Kind == ReplyKind.ProcessingConfirmation);
        Assert.Equal(PortalReplyState.Paper, paper.State);
        Assert.Null(paper.DaysLeft);
        Assert.Equal(0, detail.Status.RepliesWaiting);
    }

    [Fact]
    public async Task InProcessHandler_SameAnswersAsKestrel()
    {
        var env = new PortalTestEnvironment();
        var file = env.File(PortalTestEnvironment.EmployerA, mvds: 1, seed: 61);
        var sealer = new Crypto.MessageSealer(new Crypto.SealOptions { SignerCertificate = env.A, SignerKey = env.A.GetRSAPrivateKey()! });
        var sealedFile = new MemoryStream();
        await sealer.SealAsync(new MemoryStream(file), sealedFile, env.Options.Keys[0].Certificate);
        sealedFile.Position = 0;
        var result = await env.Zss.SubmitAsync(sealedFile, SubmissionChannel.Extra);
        using var http = new HttpClient(env.Portal.CreateHandler()) { BaseAddress = new Uri("http://zss.invalid/") };

        var files = await new PortalClient(http, new PortalClientOptions { Certificate = env.A, TimeProvider = env.Clock }).GetFilesAsync();
        var session = await new PortalClient(http, new PortalClientOptions { Certificate = env.A, TimeProvider = env.Clock }).CreateSessionAsync();
        using var signIn = await http.GetAsync(session.Url);
        using var again = await http.GetAsync(session.Url);

        Assert.Equal(result.FileId, Assert.Single(files).FileId);
        Assert.StartsWith("http://zss.invalid/portal/signin?token=", session.Url.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        string cookie = signIn.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode); // one-time link
    }

    private static async Task<HttpResponseMessage> SignedGetAsync(PortalTestEnvironment env, X509Certificate2 employer, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue(PortalSignature.Scheme,
            PortalSignature.Create("GET", path, employer, employer.GetRSAPrivateKey()!, env.Clock.GetUtcNow()));
        return await env.Http().SendAsync(request);
    }

    /// <summary>Remembers the last Authorization header sent.</summary>
    private sealed class HeaderRecorder : DelegatingHandler
    {
        public AuthenticationHeaderValue? Last { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Last = request.Headers.Authorization;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
