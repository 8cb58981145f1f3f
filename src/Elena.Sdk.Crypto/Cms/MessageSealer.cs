using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto.Cms;

namespace Elena.Sdk.Crypto;

/// <summary>
/// Signs then encrypts per the GKV security interface (SECON): CMS SignedData (SHA-256; RSASSA-PSS or PKCS#1
/// v1.5; signed attributes content-type, message-digest, signing-time; signer certificate included; content
/// encapsulated) inside CMS EnvelopedData (AES-256-CBC; RSAES-OAEP SHA-256 for recipient keys of 4096 bits and
/// more, PKCS#1 v1.5 below; issuerAndSerialNumber). Streamed: output is written as the input arrives.
/// </summary>
/// <example>
/// <code>
/// var sealer = new MessageSealer(new SealOptions { SignerCertificate = cert, SignerKey = key });
/// await using (var sealing = sealer.Open(output, acceptanceOfficeCertificate))
/// {
///     await payload.CopyToAsync(sealing, cancellationToken);
/// } // disposing signs and finishes the message
/// </code>
/// </example>
public sealed class MessageSealer
{
    private readonly SealOptions _options;

    /// <summary>Creates a sealer.</summary>
    /// <param name="options">Who signs and how.</param>
    public MessageSealer(SealOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.SignerCertificate);
        ArgumentNullException.ThrowIfNull(options.SignerKey);
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        if (options.SignerCertificate.GetRSAPublicKey() is null)
        {
            throw new ArgumentException("The signer certificate must hold an RSA public key.", nameof(options));
        }

        _options = options;
    }

    /// <summary>
    /// Starts a sealed message: write the payload into the returned stream, then dispose it to sign and finish.
    /// </summary>
    /// <param name="output">Where the sealed message (DER/BER CMS) goes.</param>
    /// <param name="recipient">The recipient's certificate (the acceptance office's, from its key list).</param>
    /// <param name="leaveOpen">Leave <paramref name="output"/> open when the returned stream is disposed.</param>
    /// <returns>A write-only stream for the payload.</returns>
    public Stream Open(Stream output, X509Certificate2 recipient, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return Open(output, [recipient], leaveOpen);
    }

    /// <summary>Starts a sealed message for several recipients.</summary>
    /// <param name="output">Where the sealed message goes.</param>
    /// <param name="recipients">The recipients' certificates.</param>
    /// <param name="leaveOpen">Leave <paramref name="output"/> open when the returned stream is disposed.</param>
    /// <returns>A write-only stream for the payload.</returns>
    public Stream Open(Stream output, IEnumerable<X509Certificate2> recipients, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(recipients);
        var list = recipients.ToList();
        if (_options.EncryptToSelf && !list.Any(r => r.RawData.AsSpan().SequenceEqual(_options.SignerCertificate.RawData)))
        {
            list.Add(_options.SignerCertificate);
        }

        if (list.Count == 0)
        {
            throw new ArgumentException("At least one recipient is needed.", nameof(recipients));
        }

        return new SealingStream(output, leaveOpen, _options, list);
    }

    /// <summary>Seals a whole stream.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="output">Where the sealed message goes.</param>
    /// <param name="recipient">The recipient's certificate.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the message is written.</returns>
    public async Task SealAsync(Stream payload, Stream output, X509Certificate2 recipient, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var sealing = Open(output, recipient);
        await using (sealing.ConfigureAwait(false))
        {
            await payload.CopyToAsync(sealing, SealingStream.ChunkSize, cancellationToken).ConfigureAwait(false);
        }
    }
}
