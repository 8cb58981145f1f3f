using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Elena.Sdk.Transport.Mail;

namespace Elena.Sdk.Transport.Tests.Mail;

/// <summary>
/// A real mail server on loopback for the mail tests (deps.md §5): aiosmtpd (SMTP) delivering each recipient to its
/// own Maildir under <c>DIR/mail/&lt;address&gt;</c>, and dovecot (IMAP + POP3) serving the same Maildirs, the user name
/// being the address and any password <see cref="Password"/>. Private configs in a temp folder, free ports; started once
/// per test collection, stopped in <see cref="DisposeAsync"/>. Tests use fresh addresses, so they never share a mailbox.
/// Needs root (aiosmtpd drops to <c>nobody</c>; dovecot serves mail as <c>nobody</c>) and the Debian packages
/// python3-aiosmtpd, dovecot-imapd, dovecot-pop3d (test.sh installs them).
/// </summary>
public sealed class MailServerFixture : IAsyncLifetime
{
    public const string Password = "secret";

    private const string Handler = """
        import mailbox
        import os


        class PerRecipientMaildir:
            def __init__(self, root):
                self.root = root

            @classmethod
            def from_cli(cls, parser, *args):
                return cls(args[0])

            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                name = address.lower()
                if '/' in name or name.startswith('.') or '@' not in name or name.startswith('refuse-'):
                    return '550 not a mailbox here'
                if name.startswith('busy-'):
                    return '451 try again later'
                envelope.rcpt_tos.append(address)
                return '250 OK'

            async def handle_DATA(self, server, session, envelope):
                for rcpt in envelope.rcpt_tos:
                    box = mailbox.Maildir(os.path.join(self.root, rcpt.lower()), create=True)
                    box.add(envelope.original_content or envelope.content)
                return '250 OK'
        """;

    private Process? _smtpd;

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "elena-mail-" + Guid.NewGuid().ToString("N")[..8]);

    public int SmtpPort { get; private set; }

    public int ImapPort { get; private set; }

    public int Pop3Port { get; private set; }

    public TimeSpan StartupTime { get; private set; }

    private string Conf => Path.Combine(Dir, "dovecot.conf");

    private string MailRoot => Path.Combine(Dir, "mail");

    /// <summary>A fresh address (a mailbox of its own). The server answers RCPT for <c>refuse-…</c> with 550 and for <c>busy-…</c> with 451.</summary>
    public static string NewAddress(string who) => $"{who}-{Guid.NewGuid():N}"[..(who.Length + 13)] + "@example.test";

    public MailServerOptions Smtp => new() { Host = "127.0.0.1", Port = SmtpPort, Security = MailSecurity.None };

    public MailServerOptions Imap(string address, string? protocolLog = null)
        => new() { Host = "127.0.0.1", Port = ImapPort, Security = MailSecurity.None, UserName = address, Password = Password, ProtocolLogPath = protocolLog };

    public MailServerOptions Pop3(string address)
        => new() { Host = "127.0.0.1", Port = Pop3Port, Security = MailSecurity.None, UserName = address, Password = Password };

    /// <summary>The files delivered to a mailbox and not yet seen by IMAP/POP3 (<c>new/</c>) plus those seen (<c>cur/</c>).</summary>
    public int CountDelivered(string address)
    {
        string box = Path.Combine(MailRoot, address.ToLowerInvariant());
        return Directory.Exists(box) ? Directory.GetFiles(Path.Combine(box, "new")).Length + Directory.GetFiles(Path.Combine(box, "cur")).Length : 0;
    }

    public async Task InitializeAsync()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("The mail tests start aiosmtpd and dovecot, which serve mail as 'nobody': run them as root (as test.sh does).");
        }

        var stopwatch = Stopwatch.StartNew();
        const UnixFileMode all = (UnixFileMode)0x1FF; // 0777 so that 'nobody' can write
        foreach (var d in new[] { "mail", "idx", "home", "run", "state", "py" })
        {
            Directory.CreateDirectory(Path.Combine(Dir, d));
        }

        foreach (var d in new[] { "", "mail", "idx", "home" })
        {
            if (OperatingSystem.IsWindows())
            {
                break;
            }

            File.SetUnixFileMode(Path.Combine(Dir, d), all);
        }

        File.WriteAllText(Path.Combine(Dir, "py", "elena_mailbox.py"), Handler);
        SmtpPort = FreePort();
        ImapPort = FreePort();
        Pop3Port = FreePort();
        var start = new ProcessStartInfo("/usr/bin/python3",
            ["-m", "aiosmtpd", "-l", $"127.0.0.1:{SmtpPort}", "-s", "0", "-c", "elena_mailbox.PerRecipientMaildir", MailRoot])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PYTHONPATH"] = Path.Combine(Dir, "py");
        _smtpd = Process.Start(start)!;
        File.WriteAllText(Conf, $$"""
            protocols = imap pop3
            listen = 127.0.0.1
            base_dir = {{Dir}}/run
            state_dir = {{Dir}}/state
            log_path = {{Dir}}/dovecot.log
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            mail_location = maildir:{{MailRoot}}/%Lu:INDEX={{Dir}}/idx/%Lu
            pop3_uidl_format = %08Xu%08Xv
            passdb {
              driver = static
              args = password={{Password}}
            }
            userdb {
              driver = static
              args = uid=nobody gid=nogroup home={{Dir}}/home
            }
            service imap-login {
              inet_listener imap {
                port = {{ImapPort}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            service pop3-login {
              inet_listener pop3 {
                port = {{Pop3Port}}
              }
              inet_listener pop3s {
                port = 0
              }
            }
            """);
        using (var dovecot = Process.Start("/usr/sbin/dovecot", ["-c", Conf]))
        {
            await dovecot.WaitForExitAsync();
            if (dovecot.ExitCode != 0)
            {
                throw new InvalidOperationException($"dovecot did not start (exit {dovecot.ExitCode}); see {Dir}/dovecot.log.");
            }
        }

        foreach (int port in new[] { SmtpPort, ImapPort, Pop3Port })
        {
            await WaitForPortAsync(port);
        }

        StartupTime = stopwatch.Elapsed;
    }

    public async Task DisposeAsync()
    {
        using (var stop = Process.Start("/usr/sbin/dovecot", ["-c", Conf, "stop"]))
        {
            await stop.WaitForExitAsync();
        }

        if (_smtpd is { HasExited: false })
        {
            _smtpd.Kill();
            await _smtpd.WaitForExitAsync();
        }

        _smtpd?.Dispose();
        try
        {
            Directory.Delete(Dir, true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                if (_smtpd is { HasExited: true })
                {
                    throw new InvalidOperationException("aiosmtpd exited: " + await _smtpd.StandardError.ReadToEndAsync());
                }

                await Task.Delay(20);
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class MailServerGroup : ICollectionFixture<MailServerFixture>
{
    public const string Name = "Mail server";
}
