using ApprovalTests;
using ApprovalTests.Reporters;
using Elena.Sdk.Testing.Conformance;
using Elena.Sdk.Transport.Replies;

namespace Elena.Sdk.Testing.Tests.Snapshots;

/// <summary>
/// Snapshot tests of the reference's reply files, rendered field by field: each is compared with an approved text file
/// beside this source (<c>ReplySnapshotTests.NAME.approved.txt</c>). A missing or changed snapshot fails and leaves a
/// <c>.received.txt</c>; nothing is approved automatically — a person reviews the received file and renames it.
/// The cases come from the conformance catalogue, so the files are the ones a vendor's software gets back.
/// </summary>
[UseReporter(typeof(QuietReporter))]
public sealed class ReplySnapshotTests
{
    private static readonly IReadOnlyList<ConformanceCase> Catalogue = ConformanceCatalogue.Load();

    [Fact]
    public async Task RecordRejection_UnknownEmployee() => Approvals.Verify(await RenderAsync("RTE-002", ReplyKind.RecordRejection));

    [Fact]
    public async Task RecordRejection_FieldError() => Approvals.Verify(await RenderAsync("REC-001", ReplyKind.RecordRejection));

    [Fact]
    public async Task FileRejection_WrongRecordCount() => Approvals.Verify(await RenderAsync("REC-003", ReplyKind.FileRejection));

    [Fact]
    public async Task RecordNotices_RetiredNumber() => Approvals.Verify(await RenderAsync("NOT-002", ReplyKind.RecordNotices));

    [Fact]
    public async Task NumberAssignment_ThreeRequests() => Approvals.Verify(await RenderAsync("NUM-010", ReplyKind.NumberAssignment));

    [Fact]
    public async Task ProcessingConfirmation_ErrorFree() => Approvals.Verify(await RenderAsync("RTE-011", ReplyKind.ProcessingConfirmation));

    [Fact]
    public async Task Rendering_SameCaseTwice_SameText()
    {
        // The snapshots are only worth something if the reference is deterministic (seeds, fixed clock).
        Assert.Equal(await RenderAsync("RTE-002", ReplyKind.RecordRejection), await RenderAsync("RTE-002", ReplyKind.RecordRejection));
    }

    private static async Task<string> RenderAsync(string id, ReplyKind kind)
    {
        var result = await new ConformanceRunner(new BuiltInSubject()).RunAsync(Catalogue.Single(c => c.Id == id));
        Assert.True(result.Passed, string.Join("; ", result.Failures));
        var reply = result.Submission!.Replies.Single(r => r.Kind == kind);
        Assert.NotNull(reply.File);
        return ConformanceReport.Text(reply.File);
    }
}
