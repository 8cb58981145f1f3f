using Elena.Sdk.Transport.Replies;
using Elena.Sdk.Testing.Replies;

namespace Elena.Sdk.Testing.Tests.Replies;

public class ReplyRoutingTests
{
    [Theory]
    [InlineData("J", ReplyRoute.Mail)]
    [InlineData("K", ReplyRoute.Server)]
    [InlineData("N", ReplyRoute.Paper)]
    [InlineData("X", ReplyRoute.Server)] // any other value is read as K (seed 004 §3.3.2)
    [InlineData(" ", ReplyRoute.Server)]
    [InlineData(null, ReplyRoute.Server)]
    public void FromReplyChannelField_Values(string? field, ReplyRoute expected)
        => Assert.Equal(expected, ReplyRouting.FromReplyChannelField(field));

    [Theory]
    [InlineData(ReplyKind.RecordRejection, "J", ReplyRoute.Mail, true)]
    [InlineData(ReplyKind.RecordRejection, "K", ReplyRoute.Server, true)]
    [InlineData(ReplyKind.RecordRejection, "N", ReplyRoute.Paper, false)]
    [InlineData(ReplyKind.RecordNotices, "N", ReplyRoute.Paper, false)]
    [InlineData(ReplyKind.NumberAssignment, "J", ReplyRoute.Mail, true)]
    [InlineData(ReplyKind.NumberAssignment, "Q", ReplyRoute.Server, true)]
    [InlineData(ReplyKind.ProcessingConfirmation, "N", ReplyRoute.Mail, false)] // mail without attachment
    [InlineData(ReplyKind.ProcessingConfirmation, "J", ReplyRoute.Mail, true)]  // mail with the file
    [InlineData(ReplyKind.ProcessingConfirmation, "K", ReplyRoute.Server, true)]
    public void Route_RecordLevelReplies_FollowFerueck(ReplyKind kind, string ferueck, ReplyRoute route, bool withFile)
        => Assert.Equal((route, withFile), ReplyRouting.Route(kind, SubmissionChannel.Extra, ferueck, confirmationWanted: true));

    [Theory]
    [InlineData(ReplyKind.AcceptanceReceipt)]
    [InlineData(ReplyKind.Rejection)]
    [InlineData(ReplyKind.FileRejection)]
    public void Route_FileLevelReplies_FollowTheSubmissionChannel(ReplyKind kind)
    {
        Assert.Equal(ReplyRoute.Mail, ReplyRouting.Route(kind, SubmissionChannel.Mail, "K", true).Route);
        Assert.Equal(ReplyRoute.Server, ReplyRouting.Route(kind, SubmissionChannel.Extra, "J", true).Route);
    }

    [Fact]
    public void Route_ConfirmationNotWanted_NotSent()
        => Assert.Equal(ReplyRoute.None, ReplyRouting.Route(ReplyKind.ProcessingConfirmation, SubmissionChannel.Extra, "K", confirmationWanted: false).Route);

    [Fact]
    public void MailSubject_ExactTextsOfSeed004()
    {
        Assert.Equal("Annahmebestätigung Absender: 66660008 Empfänger: 33526082 Datei Nr.: 000007",
            ReplyRouting.MailSubject(ReplyKind.AcceptanceReceipt, "66660008", "33526082", "000007"));
        Assert.Equal("Ablehnung DEUEV Absender: 66660008 Empfänger: 33526082 Datei Nr.:000007",
            ReplyRouting.MailSubject(ReplyKind.Rejection, "66660008", "33526082", "000007"));
        Assert.Equal("Rückmeldung Versicherungsnummern Absender: 66660008 Empfänger: 33526082",
            ReplyRouting.MailSubject(ReplyKind.NumberAssignment, "66660008", "33526082", "000007"));
    }
}
