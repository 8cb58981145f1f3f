using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Elena.Sdk.Cli.Tests.Mail;

/// <summary><c>elena send --smtp</c> against a real SMTP server on loopback (aiosmtpd writing a Maildir).</summary>
public sealed class SendMailCommandTests(CliRunner runner) : IClassFixture<CliRunner>
{
    [Fact]
    public async Task SendSmtp_OneMessageWithSealedPayloadAndOrderRecord()
    {
        string env = runner.PathOf("env-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(ElenaCli.Success, (await CliRunner.RunAsync("env", "init", env)).ExitCode);
        string file = runner.PathOf("mail-" + Guid.NewGuid().ToString("N") + ".txt");
        Assert.Equal(ElenaCli.Success, (await CliRunner.RunAsync("generate", "--mvds", "3", "--master", env, "--out", file)).ExitCode);
        string maildir = runner.PathOf("maildir-" + Guid.NewGuid().ToString("N"));
        int port = FreePort();
        using var smtp = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        try
        {
            await WaitForPortAsync(port);

            var result = await CliRunner.RunAsync("send", file, "--smtp", $"127.0.0.1:{port}", "--env", env, "--mail-to", "zss@test.invalid");

            Assert.True(result.ExitCode == ElenaCli.Success, result.Error);
            Assert.Contains("Message-ID", result.Output, StringComparison.Ordinal);
            var message = await MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(Path.Combine(maildir, "new"))));
            Assert.Equal("zss@test.invalid", Assert.Single(message.To.Mailboxes).Address);
            var attachments = message.Attachments.OfType<MimePart>().ToList();
            Assert.Equal(2, attachments.Count);
            var order = Assert.Single(attachments, a => a.FileName?.EndsWith(".AUF", StringComparison.OrdinalIgnoreCase) == true);
            using var orderBytes = new MemoryStream();
            await order.Content!.DecodeToAsync(orderBytes);
            Assert.Equal(348, orderBytes.Length);
            var payload = Assert.Single(attachments, a => a != order);
            using var payloadBytes = new MemoryStream();
            await payload.Content!.DecodeToAsync(payloadBytes);
            Assert.Equal(0x30, payloadBytes.ToArray()[0]); // a CMS message, not the plain file
            Assert.DoesNotContain("MVDS", System.Text.Encoding.Latin1.GetString(payloadBytes.ToArray()), StringComparison.Ordinal);
        }
        finally
        {
            smtp.Kill(entireProcessTree: true);
            await smtp.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Send_NeitherOrBothChannels_UsageError()
    {
        var neither = await CliRunner.RunAsync("send", "x.txt", "--env", "y");
        var both = await CliRunner.RunAsync("send", "x.txt", "--env", "y", "--extra", "http://127.0.0.1:1/", "--smtp", "127.0.0.1:25");

        Assert.Equal(ElenaCli.UsageError, neither.ExitCode);
        Assert.Equal(ElenaCli.UsageError, both.ExitCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port)
    {
        for (int i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"aiosmtpd did not listen on {port}.");
    }
}
