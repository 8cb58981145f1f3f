namespace Elena.Sdk.Transport.Mail;

/// <summary>
/// A mail server refused or broke off an exchange (SMTP, IMAP, POP3). <see cref="IsTransient"/> says whether trying
/// again later can help; a message sent again keeps its Message-ID, so the acceptance office recognises a repeat.
/// </summary>
public sealed class MailTransportException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed (never credentials or record contents).</param>
    /// <param name="isTransient">Whether a later attempt can succeed.</param>
    /// <param name="statusCode">The SMTP reply code, when the server gave one.</param>
    /// <param name="innerException">The MailKit or network exception.</param>
    public MailTransportException(string message, bool isTransient, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
        StatusCode = statusCode;
    }

    /// <summary>Creates the exception.</summary>
    public MailTransportException()
        : this("The mail server exchange failed.", true)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public MailTransportException(string message)
        : this(message, true)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public MailTransportException(string message, Exception innerException)
        : this(message, true, null, innerException)
    {
    }

    /// <summary>True when trying again later can succeed (network failures, SMTP 4xx replies).</summary>
    public bool IsTransient { get; }

    /// <summary>The SMTP reply code (e.g. 452, 554), when the server gave one.</summary>
    public int? StatusCode { get; }
}
