using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Elena.Sdk.Transport.Mail;

namespace Elena.Sdk.Testing.Mail;

/// <summary>
/// A real mail server on loopback for tests and conformance runs over mail: aiosmtpd (SMTP) delivering each recipient
/// to its own Maildir, and dovecot (IMAP + POP3) serving the same Maildirs — the user name is the address, the
/// password <see cref="Password"/>. Private configuration in a temp folder, free ports, nothing global touched.
/// Needs root (aiosmtpd and dovecot serve mail as <c>nobody</c>) and the Debian packages python3-aiosmtpd,
/// dovecot-imapd and dovecot-pop3d (the repository's test.sh installs them).
/// </summary>
public sealed class LoopbackMailServer : IAsyncDisposable
{
    /// <summary>The password of every mailbox.</summary>
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

    private readonly Process _smtpd;

    private LoopbackMailServer(string dir, Process smtpd, int smtpPort, int imapPort, int pop3Port, TimeSpan startupTime)
    {
        Dir = dir;
        _smtpd = smtpd;
        SmtpPort = smtpPort;
        ImapPort = imapPort;
        Pop3Port = pop3Port;
        StartupTime = startupTime;
    }

    /// <summary>The server's folder (configuration, logs, Maildirs); deleted on dispose.</summary>
    public string Dir { get; }

    /// <summary>The SMTP port on 127.0.0.1.</summary>
    public int SmtpPort { get; }

    /// <summary>The IMAP port on 127.0.0.1.</summary>
    public int ImapPort { get; }

    /// <summary>The POP3 port on 127.0.0.1.</summary>
    public int Pop3Port { get; }

    /// <summary>How long the start took.</summary>
    public TimeSpan StartupTime { get; }

    /// <summary>The SMTP server (plain, no log-in); any recipient is delivered to its own mailbox, except <c>refuse-…</c> (550) and <c>busy-…</c> (451).</summary>
    public MailServerOptions Smtp => new() { Host = "127.0.0.1", Port = SmtpPort, Security = MailSecurity.None };

    private static string ConfOf(string dir) => Path.Combine(dir, "dovecot.conf");

    /// <summary>The IMAP log-in of a mailbox.</summary>
    /// <param name="address">The address (user name).</param>
    /// <param name="protocolLog">A protocol log file, if wanted.</param>
    /// <returns>The options.</returns>
    public MailServerOptions Imap(string address, string? protocolLog = null)
        => new() { Host = "127.0.0.1", Port = ImapPort, Security = MailSecurity.None, UserName = address, Password = Password, ProtocolLogPath = protocolLog };

    /// <summary>The POP3 log-in of a mailbox.</summary>
    /// <param name="address">The address (user name).</param>
    /// <returns>The options.</returns>
    public MailServerOptions Pop3(string address)
        => new() { Host = "127.0.0.1", Port = Pop3Port, Security = MailSecurity.None, UserName = address, Password = Password };

    /// <summary>The messages delivered to a mailbox, seen (<c>cur/</c>) or not (<c>new/</c>).</summary>
    /// <param name="address">The address.</param>
    /// <returns>The count.</returns>
    public int CountDelivered(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        string box = Path.Combine(Dir, "mail", address.ToLowerInvariant());
        return Directory.Exists(box) ? Directory.GetFiles(Path.Combine(box, "new")).Length + Directory.GetFiles(Path.Combine(box, "cur")).Length : 0;
    }

    /// <summary>Whether this machine can run the server: root, python3 with aiosmtpd, dovecot with IMAP and POP3.</summary>
    /// <returns>Null when it can; otherwise what is missing.</returns>
    public static string? CheckPrerequisites()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return "the loopback mail server runs aiosmtpd and dovecot, which serve mail as 'nobody': run as root";
        }

        var missing = new[] { ("/usr/bin/python3", "python3-aiosmtpd"), ("/usr/sbin/dovecot", "dovecot-imapd"), ("/usr/lib/dovecot/imap", "dovecot-imapd"), ("/usr/lib/dovecot/pop3", "dovecot-pop3d") }
            .Where(p => !File.Exists(p.Item1)).Select(p => p.Item2).Distinct().ToList();
        return missing.Count == 0 ? null : "missing Debian packages: " + string.Join(", ", missing);
    }

    /// <summary>Starts the server.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="InvalidOperationException">The machine cannot run it (see <see cref="CheckPrerequisites"/>), or a part did not start.</exception>
    public static async Task<LoopbackMailServer> StartAsync(CancellationToken cancellationToken = default)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The loopback mail server runs on Linux (aiosmtpd and dovecot).");
        }

        if (CheckPrerequisites() is { } problem)
        {
            throw new InvalidOperationException("Cannot start the loopback mail server: " + problem + ".");
        }

        var stopwatch = Stopwatch.StartNew();
        string dir = Path.Combine(Path.GetTempPath(), "elena-mail-" + Guid.NewGuid().ToString("N")[..8]);
        string mailRoot = Path.Combine(dir, "mail");
        string conf = ConfOf(dir);
        const UnixFileMode all = (UnixFileMode)0x1FF; // 0777 so that 'nobody' can write
        foreach (var d in new[] { "mail", "idx", "home", "run", "state", "py" })
        {
            Directory.CreateDirectory(Path.Combine(dir, d));
        }

        foreach (var d in new[] { "", "mail", "idx", "home" })
        {
            File.SetUnixFileMode(Path.Combine(dir, d), all);
        }

        await File.WriteAllTextAsync(Path.Combine(dir, "py", "elena_mailbox.py"), Handler, cancellationToken).ConfigureAwait(false);
        int smtpPort = FreePort();
        int imapPort = FreePort();
        int pop3Port = FreePort();
        var start = new ProcessStartInfo("/usr/bin/python3",
            ["-m", "aiosmtpd", "-l", $"127.0.0.1:{smtpPort}", "-s", "0", "-c", "elena_mailbox.PerRecipientMaildir", mailRoot])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PYTHONPATH"] = Path.Combine(dir, "py");
        var smtpd = Process.Start(start)!;
        var server = new LoopbackMailServer(dir, smtpd, smtpPort, imapPort, pop3Port, TimeSpan.Zero);
        try
        {
            await File.WriteAllTextAsync(conf, $$"""
                protocols = imap pop3
                listen = 127.0.0.1
                base_dir = {{dir}}/run
                state_dir = {{dir}}/state
                log_path = {{dir}}/dovecot.log
                ssl = no
                disable_plaintext_auth = no
                auth_mechanisms = plain login
                mail_location = maildir:{{mailRoot}}/%Lu:INDEX={{dir}}/idx/%Lu
                pop3_uidl_format = %08Xu%08Xv
                passdb {
                  driver = static
                  args = password={{Password}}
                }
                userdb {
                  driver = static
                  args = uid=nobody gid=nogroup home={{dir}}/home
                }
                service imap-login {
                  inet_listener imap {
                    port = {{imapPort}}
                  }
                  inet_listener imaps {
                    port = 0
                  }
                }
                service pop3-login {
                  inet_listener pop3 {
                    port = {{pop3Port}}
                  }
                  inet_listener pop3s {
                    port = 0
                  }
                }
                """, cancellationToken).ConfigureAwait(false);
            using (var dovecot = Process.Start("/usr/sbin/dovecot", ["-c", conf]))
            {
                await dovecot.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                if (dovecot.ExitCode != 0)
                {
                    throw new InvalidOperationException($"dovecot did not start (exit {dovecot.ExitCode}); see {dir}/dovecot.log.");
                }
            }

            foreach (int port in new[] { smtpPort, imapPort, pop3Port })
            {
                await WaitForPortAsync(smtpd, port, cancellationToken).ConfigureAwait(false);
            }

            return new LoopbackMailServer(dir, smtpd, smtpPort, imapPort, pop3Port, stopwatch.Elapsed);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops dovecot and aiosmtpd and deletes the folder.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (File.Exists(ConfOf(Dir)))
        {
            using var stop = Process.Start("/usr/sbin/dovecot", ["-c", ConfOf(Dir), "stop"]);
            await stop.WaitForExitAsync().ConfigureAwait(false);
        }

        if (!_smtpd.HasExited)
        {
            _smtpd.Kill();
            await _smtpd.WaitForExitAsync().ConfigureAwait(false);
        }

        _smtpd.Dispose();
        try
        {
            Directory.Delete(Dir, true);
        }
        catch (IOException)
        {
            // A file still held by a process that is stopping; the temp folder is cleaned by the system.
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

    private static async Task WaitForPortAsync(Process smtpd, int port, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                if (smtpd.HasExited)
                {
                    throw new InvalidOperationException("aiosmtpd exited: " + await smtpd.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
                }

                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
