using System.Globalization;
using Elena.Sdk.Transport.Mail;

namespace Elena.Sdk.Cli.Commands;

/// <summary>Reads a mail server given on the command line as <c>HOST:PORT</c> (plain, no TLS: loopback test servers).</summary>
internal static class MailServerAddress
{
    /// <summary>The environment variable that holds mailbox passwords (never a command-line option: it would show in process lists).</summary>
    public const string PasswordVariable = "ELENA_MAIL_PASSWORD";

    /// <summary>Parses <c>HOST:PORT</c>.</summary>
    /// <param name="value">The option's value.</param>
    /// <param name="option">The option's name, for the message.</param>
    /// <param name="userName">The log-in, if any; the password then comes from <see cref="PasswordVariable"/>.</param>
    /// <returns>The server.</returns>
    /// <exception cref="ArgumentException">Not HOST:PORT.</exception>
    public static MailServerOptions Parse(string value, string option, string? userName = null)
    {
        int colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port))
        {
            throw new ArgumentException($"{option} '{value}' is not HOST:PORT.");
        }

        return new MailServerOptions
        {
            Host = value[..colon],
            Port = port,
            Security = MailSecurity.None,
            UserName = userName,
            Password = userName is null ? null : Environment.GetEnvironmentVariable(PasswordVariable) ?? string.Empty,
        };
    }
}
