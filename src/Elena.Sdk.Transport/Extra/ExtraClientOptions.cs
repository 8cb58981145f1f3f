using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Elena.Sdk.Transport.Extra;

/// <summary>Settings of an <see cref="ExtraClient"/>; validated and copied when the client is created.</summary>
public sealed class ExtraClientOptions
{
    /// <summary>The employer's (or sender's) certificate: it signs fetch and acknowledge requests, and replies are encrypted for it. Required.</summary>
    public X509Certificate2? EmployerCertificate { get; set; }

    /// <summary>The signing and decryption key; default the certificate's private key. A token key (<c>Pkcs11RsaKey</c>) goes here.</summary>
    public RSA? EmployerKey { get; set; }

    /// <summary>The acceptance office's encryption certificate (from its key list): fetch and acknowledge requests are sealed to it. Required.</summary>
    public X509Certificate2? OfficeCertificate { get; set; }

    /// <summary>Roots the office's reply signatures must chain to.</summary>
    public IReadOnlyList<X509Certificate2> TrustAnchors { get; set; } = [];

    /// <summary>The sender's Betriebsnummer in the transport header; default from the employer certificate (<c>OU=BN…</c>).</summary>
    public string? EmployerNumber { get; set; }

    /// <summary>The sender's name in the transport header (ISO 8859-1), if any.</summary>
    public string? EmployerName { get; set; }

    /// <summary>The office's Betriebsnummer; default from the office certificate. Fetched replies must be signed by it.</summary>
    public string? OfficeNumber { get; set; }

    /// <summary>The office's name in the transport header. Default <c>ELENA-ZSS</c>.</summary>
    public string OfficeName { get; set; } = "ELENA-ZSS";

    /// <summary>The eXTra endpoint: absolute, or relative to <see cref="HttpClient.BaseAddress"/>; default the base address itself.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The product name in Application/Product. Default <c>Elena.Sdk</c>.</summary>
    public string Product { get; set; } = "Elena.Sdk";

    /// <summary>The manufacturer in Application/Manufacturer. Default <c>Elena.Sdk</c>.</summary>
    public string Manufacturer { get; set; } = "Elena.Sdk";

    /// <summary>Test data (TestIndicator PROCESS) instead of production (NONE).</summary>
    public bool IsTest { get; set; }

    /// <summary>The sender's contact e-mail (Contacts plug-in), if any.</summary>
    public string? ContactEmail { get; set; }

    /// <summary>Attempts per request for transient failures and "retry later" (1 = no retry). Default 4.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>First delay between attempts, doubled each time, unless the server names one (Retry-After). Default 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest server-named delay the client waits for before giving up with a transient error. Default 5 min.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>After a "halt" the client sends nothing for this long (it fails fast). Default 1 h.</summary>
    public TimeSpan HaltPause { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The clock. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

/// <summary>What one send carries besides the sealed file.</summary>
public sealed record ExtraSendOptions
{
    /// <summary>
    /// The RequestID, unique per file and kept by the caller: a re-send after a lost response with the same id gets
    /// the original receipt and creates no second submission. <see cref="ExtraClient.NewRequestId"/> makes one.
    /// </summary>
    public required string RequestId { get; init; }

    /// <summary>The logical file name (DataSource container name), e.g. <c>EENA0000001</c>.</summary>
    public required string FileName { get; init; }

    /// <summary>The procedure: <see cref="ExtraUris.ProcedureMvds"/> (default) or <see cref="ExtraUris.ProcedureDsvv"/>.</summary>
    public string Procedure { get; init; } = ExtraUris.ProcedureMvds;

    /// <summary>The payload's size before sealing (DataTransforms InputData), if known.</summary>
    public long? PayloadBytes { get; init; }

    /// <summary>When the file was created, if known.</summary>
    public DateTimeOffset? Created { get; init; }
}
