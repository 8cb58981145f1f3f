using Elena.Sdk.Transport.Replies;

namespace Elena.Sdk.Transport.Tests.Replies;

public sealed class ReplySubjectsTests
{
    [Theory]
    [InlineData(ReplyKind.AcceptanceReceipt)]
    [InlineData(ReplyKind.Rejection)]
    [InlineData(ReplyKind.FileRejection)]
    [InlineData(ReplyKind.RecordRejection)]
    [InlineData(ReplyKind.RecordNotices)]
    [InlineData(ReplyKind.ProcessingConfirmation)]
    public void Format_ThenParse_GivesKindAndParties(ReplyKind kind)
    {
        string subject = ReplySubjects.Format(kind, "66660008", "12345678", "000042");

        Assert.True(ReplySubjects.TryParse(subject, out var heading));
        Assert.Equal(new ReplyHeading(kind, "66660008", "12345678", "000042"), heading);
    }

    [Fact]
    public void NumberAssignment_HasNoFileNumber()
    {
        string subject = ReplySubjects.Format(ReplyKind.NumberAssignment, "66660008", "12345678", "000042");

        Assert.Equal("Rückmeldung Versicherungsnummern Absender: 66660008 Empfänger: 12345678", subject);
        Assert.True(ReplySubjects.TryParse(subject, out var heading));
        Assert.Equal(new ReplyHeading(ReplyKind.NumberAssignment, "66660008", "12345678", null), heading);
    }

    [Theory]
    [InlineData("Ablehnung DEUEV Absender: 66660008 Empfänger: 12345678 Datei Nr.:000007", ReplyKind.Rejection)]
    [InlineData("ablehnung deuev absender: 66660008 empfaenger: 12345678 datei nr.: 000007", ReplyKind.Rejection)]
    [InlineData("Annahmebestaetigung Absender: 66660008  Empfaenger: 12345678 Datei Nr.: 000007 ", ReplyKind.AcceptanceReceipt)]
    [InlineData("Fehlerprotokoll DEUEV Absender:66660008 Empfänger:12345678 Datei Nr.:7", ReplyKind.RecordRejection)]
    public void TryParse_IsTolerant(string subject, ReplyKind expected)
    {
        Assert.True(ReplySubjects.TryParse(subject, out var heading));
        Assert.Equal(expected, heading.Kind);
        Assert.Equal("12345678", heading.Employer);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Re: Annahmebestätigung Absender: 66660008 Empfänger: 12345678 Datei Nr.: 000007")]
    [InlineData("Fehlerprotokoll DEUEV Absender: 66660008 Empfänger: 12345678")]
    [InlineData("Newsletter Absender: 66660008 Empfänger: 12345678 Datei Nr.: 000007")]
    public void TryParse_RefusesOtherSubjects(string? subject)
    {
        Assert.False(ReplySubjects.TryParse(subject, out var heading));
        Assert.Null(heading);
    }
}
