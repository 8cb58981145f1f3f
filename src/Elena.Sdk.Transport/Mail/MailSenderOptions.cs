using Elena.Sdk.Records.Validation;
using MimeKit;

namespace Elena.Sdk.Transport.Mail;

/// <summary>Settings of <see cref="MailSender"/>.</summary>
public sealed class MailSenderOptions
{
    /// <summary>The SMTP server (submission) the employer sends through.</summary>
    public required MailServerOptions Server { get; init; }

    /// <summary>The employer's (or data centre's) e-mail address: the <c>From</c> address and body line 5.</summary>
    public required string FromAddress { get; init; }

    /// <summary>The acceptance office's e-mail address (the ZSS mailbox).</summary>
    public required string OfficeAddress { get; init; }

    /// <summary>Sender name, body line 3 (Anlage 7). Optional.</summary>
    public string? SenderName { get; init; }

    /// <summary>Contact person, body line 4. Optional.</summary>
    public string? ContactPerson { get; init; }

    /// <summary>Contact phone number, body line 6. Optional.</summary>
    public string? ContactPhone { get; init; }

    /// <summary>The most MVDS/DSVV a file sent by e-mail may hold. Default and upper bound 2,000 (seed 001 §2.1.1.1).</summary>
    public int RecordLimit { get; init; } = FileValidationOptions.MailRecordLimit;

    /// <summary>The clock (Date header, order record send time). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Server, nameof(Server));
        Server.Validate(nameof(Server));
        if (!MailboxAddress.TryParse(FromAddress, out _))
        {
            throw new ArgumentException("FromAddress must be an e-mail address (e.g. lohn@example.de).", nameof(FromAddress));
        }

        if (!MailboxAddress.TryParse(OfficeAddress, out _))
        {
            throw new ArgumentException("OfficeAddress must be the acceptance office's e-mail address.", nameof(OfficeAddress));
        }

        if (RecordLimit is <= 0 or > FileValidationOptions.MailRecordLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(RecordLimit), $"RecordLimit must lie between 1 and {FileValidationOptions.MailRecordLimit}.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
