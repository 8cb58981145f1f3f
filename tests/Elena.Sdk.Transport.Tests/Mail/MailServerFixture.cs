using Elena.Sdk.Testing.Mail;
using Elena.Sdk.Transport.Mail;

namespace Elena.Sdk.Transport.Tests.Mail;

/// <summary>
/// The real mail server on loopback for the mail tests (deps.md §5): Elena.Sdk.Testing's <see cref="LoopbackMailServer"/>
/// (aiosmtpd + dovecot), started once per test collection. Tests use fresh addresses, so they never share a mailbox.
/// Needs root and python3-aiosmtpd, dovecot-imapd, dovecot-pop3d (test.sh installs them).
/// </summary>
public sealed class MailServerFixture : IAsyncLifetime
{
    public const string Password = LoopbackMailServer.Password;

    private LoopbackMailServer? _server;

    private LoopbackMailServer Server => _server ?? throw new InvalidOperationException("The mail server is not started.");

    public string Dir => Server.Dir;

    public int SmtpPort => Server.SmtpPort;

    public int ImapPort => Server.ImapPort;

    public int Pop3Port => Server.Pop3Port;

    public TimeSpan StartupTime => Server.StartupTime;

    /// <summary>A fresh address (a mailbox of its own). The server answers RCPT for <c>refuse-…</c> with 550 and for <c>busy-…</c> with 451.</summary>
    public static string NewAddress(string who) => $"{who}-{Guid.NewGuid():N}"[..(who.Length + 13)] + "@example.test";

    public MailServerOptions Smtp => Server.Smtp;

    public MailServerOptions Imap(string address, string? protocolLog = null) => Server.Imap(address, protocolLog);

    public MailServerOptions Pop3(string address) => Server.Pop3(address);

    /// <summary>The files delivered to a mailbox and not yet seen by IMAP/POP3 (<c>new/</c>) plus those seen (<c>cur/</c>).</summary>
    public int CountDelivered(string address) => Server.CountDelivered(address);

    public async Task InitializeAsync() => _server = await LoopbackMailServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class MailServerGroup : ICollectionFixture<MailServerFixture>
{
    public const string Name = "Mail server";
}
