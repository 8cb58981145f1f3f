using System.Net;
using MailKit;
using MailKit.Security;

namespace Elena.Sdk.Transport.Mail;

/// <summary>How the connection to a mail server is secured.</summary>
public enum MailSecurity
{
    /// <summary>TLS on connect for the well-known TLS ports (465, 993, 995), STARTTLS when the server offers it otherwise.</summary>
    Auto,

    /// <summary>No TLS (loopback test servers only).</summary>
    None,

    /// <summary>TLS right after connecting (SMTPS, IMAPS, POP3S).</summary>
    SslOnConnect,

    /// <summary>STARTTLS, required: the connection fails when the server does not offer it.</summary>
    StartTls,

    /// <summary>STARTTLS when the server offers it, plain otherwise.</summary>
    StartTlsWhenAvailable,
}

/// <summary>Where a mail server is and how to log in (SMTP, IMAP or POP3).</summary>
/// <remarks>The password is never logged, never part of an exception message, and is redacted in protocol logs.</remarks>
public sealed class MailServerOptions
{
    /// <summary>Host name or address.</summary>
    public required string Host { get; init; }

    /// <summary>TCP port (e.g. 587 SMTP submission, 993 IMAPS, 995 POP3S).</summary>
    public required int Port { get; init; }

    /// <summary>Transport security. Default <see cref="MailSecurity.Auto"/>.</summary>
    public MailSecurity Security { get; init; } = MailSecurity.Auto;

    /// <summary>The login name, or <see langword="null"/> to connect without logging in (SMTP relays that trust the network).</summary>
    public string? UserName { get; init; }

    /// <summary>The password for <see cref="UserName"/>.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// A file to append the raw protocol exchange to (for support staff), or <see langword="null"/> for none. Log-in
    /// secrets are redacted; message contents are written as sent (payloads are encrypted, reply bodies carry no
    /// personal data).
    /// </summary>
    public string? ProtocolLogPath { get; init; }

    /// <summary>Network timeout per operation. Default 2 minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The host and port, for log messages (never the credentials).</summary>
    /// <returns><c>host:port</c>.</returns>
    public override string ToString() => $"{Host}:{Port}";

    internal void Validate(string name)
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException($"{name}: set Host to the mail server's host name.", name);
        }

        if (Port is <= 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(name, $"{name}: Port must lie between 1 and 65535.");
        }

        if (UserName is not null && Password is null)
        {
            throw new ArgumentException($"{name}: a UserName needs a Password.", name);
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, $"{name}: Timeout must be positive.");
        }
    }

    internal IProtocolLogger CreateProtocolLogger() => ProtocolLogPath is null
        ? new NullProtocolLogger()
        : new ProtocolLogger(ProtocolLogPath, append: true) { RedactSecrets = true, LogTimestamps = true };

    /// <summary>Connects a MailKit client (SMTP, IMAP, POP3) with these settings and logs in when a user name is set.</summary>
    /// <param name="client">The client.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>A task that completes when connected (and logged in).</returns>
    /// <exception cref="MailTransportException">The server offers no log-in on this connection.</exception>
    public async Task ConnectAsync(IMailService client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.Timeout = (int)Math.Min(int.MaxValue, Timeout.TotalMilliseconds);
        var security = Security switch
        {
            MailSecurity.None => SecureSocketOptions.None,
            MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            MailSecurity.StartTls => SecureSocketOptions.StartTls,
            MailSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
            _ => SecureSocketOptions.Auto,
        };
        await client.ConnectAsync(Host, Port, security, cancellationToken).ConfigureAwait(false);
        if (UserName is not null)
        {
            if (client.AuthenticationMechanisms.Count == 0 && client is not MailKit.Net.Imap.ImapClient and not MailKit.Net.Pop3.Pop3Client)
            {
                throw new MailTransportException(
                    $"The mail server {this} offers no log-in (AUTH) on this connection; many servers offer it only after STARTTLS. Use MailSecurity.StartTls, or no UserName for a relay that needs none.",
                    isTransient: false);
            }

            await client.AuthenticateAsync(new NetworkCredential(UserName, Password), cancellationToken).ConfigureAwait(false);
        }
    }
}
