using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto.Certificates;
using Elena.Sdk.Crypto.Cms;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using CmsAttribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using AttributeTable = Org.BouncyCastle.Asn1.Cms.AttributeTable;
using IssuerAndSerialNumber = Org.BouncyCastle.Asn1.Cms.IssuerAndSerialNumber;
using SignerInfo = Org.BouncyCastle.Asn1.Cms.SignerInfo;

namespace Elena.Sdk.Crypto;

/// <summary>
/// Decrypts then verifies a sealed message (CMS EnvelopedData holding a SignedData), streamed: the payload can
/// be read while the message is still arriving; the signature is checked when the payload has been read to its
/// end, and a failure is thrown there. Only AES-256-CBC content encryption is accepted.
/// </summary>
/// <example>
/// <code>
/// var opener = new MessageOpener(new OpenOptions { DecryptionKeys = [new(cert, key)], TrustAnchors = [root] });
/// VerificationResult result = await opener.OpenAsync(sealedStream, payloadFile, cancellationToken);
/// </code>
/// </example>
public sealed class MessageOpener
{
    private static readonly byte[] EnvelopedDataOid = Ber.IdEnvelopedData[2..].ToArray();
    private static readonly byte[] SignedDataOid = Ber.IdSignedData[2..].ToArray();

    private readonly OpenOptions _options;

    /// <summary>Creates an opener.</summary>
    /// <param name="options">Keys, trust anchors, policy.</param>
    public MessageOpener(OpenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.DecryptionKeys);
        if (options.DecryptionKeys.Count == 0)
        {
            throw new ArgumentException("At least one decryption key is needed.", nameof(options));
        }

        _options = options;
    }

    /// <summary>
    /// Opens a sealed message. Read the returned stream to its end: the last read verifies the signature and throws
    /// <see cref="SecureMessageException"/> when verification fails. Treat the payload as untrusted until then.
    /// </summary>
    /// <param name="sealedMessage">The CMS message (DER or BER).</param>
    /// <returns>The payload stream.</returns>
    /// <exception cref="SecureMessageException">The message is malformed, not for us, or uses another cipher.</exception>
    public OpenedMessageStream Open(Stream sealedMessage)
    {
        ArgumentNullException.ThrowIfNull(sealedMessage);
        try
        {
            return OpenCore(sealedMessage);
        }
        catch (Exception ex) when (IsCorruption(ex))
        {
            throw new SecureMessageException(SecureMessageError.Malformed, "The message structure cannot be read (corrupted or not CMS).", ex);
        }
    }

    /// <summary>
    /// ASN.1 decoding failures on corrupted input (BouncyCastle reports some as <see cref="IOException"/>; those are told
    /// apart from real I/O errors of the source stream by where they were thrown): reported as a <see cref="SecureMessageException"/>.
    /// </summary>
    private static bool IsCorruption(Exception ex)
        => ex is not (SecureMessageException or Tokens.TokenException) && ex is Org.BouncyCastle.Asn1.Asn1Exception or Org.BouncyCastle.Asn1.Asn1ParsingException or InvalidOperationException or ArgumentException
            or InvalidCastException or FormatException or EndOfStreamException or CryptographicException
            || (ex is IOException && ex.TargetSite?.DeclaringType?.Namespace?.StartsWith("Org.BouncyCastle", StringComparison.Ordinal) == true);

    private OpenedMessageStream OpenCore(Stream sealedMessage)
    {
        var outer = new BerReader(sealedMessage);
        outer.ExpectConstructed(Ber.Sequence, "a ContentInfo");
        if (!outer.ReadOid().AsSpan().SequenceEqual(EnvelopedDataOid))
        {
            throw new SecureMessageException(SecureMessageError.Malformed, "The message is not a CMS EnvelopedData (encrypted message).");
        }

        outer.ExpectConstructed(Ber.ContextConstructed0, "the EnvelopedData");
        outer.ExpectConstructed(Ber.Sequence, "the EnvelopedData");
        var (versionTag, versionLength) = outer.ReadHeader();
        if (versionTag != Ber.Integer)
        {
            throw new SecureMessageException(SecureMessageError.Malformed, "The EnvelopedData has no version.");
        }

        outer.ReadBytes(versionLength);
        if (outer.PeekTag() == Ber.ContextConstructed0)
        {
            outer.Skip(); // originatorInfo
        }

        var recipientInfos = Asn1Set.GetInstance(Asn1Object.FromByteArray(outer.ReadElement()));
        outer.ExpectConstructed(Ber.Sequence, "the EncryptedContentInfo");
        outer.ReadOid();
        var algorithm = AlgorithmIdentifier.GetInstance(Asn1Object.FromByteArray(outer.ReadElement()));
        if (!algorithm.Algorithm.Equals(NistObjectIdentifiers.IdAes256Cbc)
            || algorithm.Parameters is not Asn1OctetString ivString || ivString.GetOctets().Length != 16)
        {
            throw new SecureMessageException(SecureMessageError.UnsupportedAlgorithm,
                $"The content is encrypted with {algorithm.Algorithm.Id}; only AES-256-CBC (2.16.840.1.101.3.4.1.42) is accepted.");
        }

        var (contentTag, contentLength) = outer.ReadHeader();
        if (contentTag is not (Ber.ContextPrimitive0 or Ber.ContextConstructed0))
        {
            throw new SecureMessageException(SecureMessageError.Malformed, "The EnvelopedData holds no encrypted content.");
        }

        var (contentKey, recipient) = ResolveContentKey(recipientInfos);
        var plaintext = new DecryptingStream(outer.OpenOctetString(contentTag, contentLength), contentKey, ivString.GetOctets());
        CryptographicOperations.ZeroMemory(contentKey);
        return OpenSignedData(plaintext, recipient);
    }

    /// <summary>Opens a sealed message and copies its verified payload to <paramref name="payload"/>.</summary>
    /// <param name="sealedMessage">The CMS message.</param>
    /// <param name="payload">Where the payload goes. On failure it may hold unverified data: write to a temporary place and keep it only on success.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What was established about the signer.</returns>
    /// <exception cref="SecureMessageException">The message was rejected.</exception>
    public async Task<VerificationResult> OpenAsync(Stream sealedMessage, Stream payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        await using var opened = Open(sealedMessage);
        await opened.CopyToAsync(payload, 1 << 20, cancellationToken).ConfigureAwait(false);
        return opened.Verification!;
    }

    private (byte[] Key, X509Certificate2 Recipient) ResolveContentKey(Asn1Set recipientInfos)
    {
        bool anyKeyTransport = false;
        foreach (var item in recipientInfos)
        {
            if (RecipientInfo.GetInstance(item).Info is not KeyTransRecipientInfo ktri)
            {
                continue;
            }

            anyKeyTransport = true;
            foreach (var own in _options.DecryptionKeys)
            {
                if (!IsFor(ktri.RecipientIdentifier, own.Certificate))
                {
                    continue;
                }

                var padding = KeyTransportPadding(ktri.KeyEncryptionAlgorithm);
                try
                {
                    byte[] key = own.PrivateKey.Decrypt(ktri.EncryptedKey.GetOctets(), padding);
                    if (key.Length != 32)
                    {
                        throw new SecureMessageException(SecureMessageError.UnsupportedAlgorithm, "The content key is not a 256-bit AES key.");
                    }

                    return (key, own.Certificate);
                }
                catch (CryptographicException ex) when (ex is not SecureMessageException and not Tokens.TokenException)
                {
                    throw new SecureMessageException(SecureMessageError.NotARecipient,
                        "The content key could not be decrypted with the matching private key (wrong key for the certificate, or altered).", ex);
                }
            }
        }

        throw new SecureMessageException(SecureMessageError.NotARecipient, anyKeyTransport
            ? "The message is not encrypted for any of the configured certificates (check that the current and previous certificates are configured)."
            : "The message has no RSA key-transport recipient.");
    }

    private static bool IsFor(RecipientIdentifier id, X509Certificate2 certificate)
    {
        var inner = id.ID;
        if (inner is Asn1TaggedObject tagged)
        {
            byte[] ski = Asn1OctetString.GetInstance(tagged, false).GetOctets();
            return certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>()
                .Any(e => e.SubjectKeyIdentifierBytes.Span.SequenceEqual(ski));
        }

        return CmsAlgorithms.Matches(IssuerAndSerialNumber.GetInstance(inner), certificate);
    }

    private static RSAEncryptionPadding KeyTransportPadding(AlgorithmIdentifier algorithm)
    {
        if (algorithm.Algorithm.Equals(PkcsObjectIdentifiers.RsaEncryption))
        {
            return RSAEncryptionPadding.Pkcs1;
        }

        if (algorithm.Algorithm.Equals(PkcsObjectIdentifiers.IdRsaesOaep))
        {
            var p = RsaesOaepParameters.GetInstance(algorithm.Parameters);
            var hash = p.HashAlgorithm.Algorithm;
            if (hash.Equals(NistObjectIdentifiers.IdSha256))
            {
                return RSAEncryptionPadding.OaepSHA256;
            }

            if (hash.Equals(Org.BouncyCastle.Asn1.Oiw.OiwObjectIdentifiers.IdSha1))
            {
                return RSAEncryptionPadding.OaepSHA1;
            }
        }

        throw new SecureMessageException(SecureMessageError.UnsupportedAlgorithm,
            $"The content key is transported with {algorithm.Algorithm.Id}; RSAES-OAEP (SHA-256) and PKCS#1 v1.5 are accepted.");
    }

    private OpenedMessageStream OpenSignedData(DecryptingStream plaintext, X509Certificate2 recipient)
    {
        var inner = new BerReader(plaintext);
        long contentInfo = inner.ExpectConstructed(Ber.Sequence, "the signed ContentInfo");
        if (!inner.ReadOid().AsSpan().SequenceEqual(SignedDataOid))
        {
            throw new SecureMessageException(SecureMessageError.Malformed, "The encrypted content is not a CMS SignedData (signed message).");
        }

        long explicit0 = inner.ExpectConstructed(Ber.ContextConstructed0, "the SignedData");
        long signedData = inner.ExpectConstructed(Ber.Sequence, "the SignedData");
        var (versionTag, versionLength) = inner.ReadHeader();
        if (versionTag != Ber.Integer)
        {
            throw new SecureMessageException(SecureMessageError.Malformed, "The SignedData has no version.");
        }

        inner.ReadBytes(versionLength);
        var digestAlgorithms = Asn1Set.GetInstance(Asn1Object.FromByteArray(inner.ReadElement()));
        if (!digestAlgorithms.Cast<Asn1Encodable>().Any(a => AlgorithmIdentifier.GetInstance(a).Algorithm.Equals(NistObjectIdentifiers.IdSha256)))
        {
            throw new SecureMessageException(SecureMessageError.UnsupportedAlgorithm, "The message is not signed with SHA-256.");
        }

        long encap = inner.ExpectConstructed(Ber.Sequence, "the EncapsulatedContentInfo");
        inner.ReadOid();
        if (inner.PeekTag() != Ber.ContextConstructed0)
        {
            throw new SecureMessageException(SecureMessageError.Malformed, "The signed message carries no content (a detached signature is not accepted).");
        }

        long eContent = inner.ExpectConstructed(Ber.ContextConstructed0, "the content");
        var (octetTag, octetLength) = inner.ReadHeader();
        if (octetTag is not (Ber.OctetString or Ber.ConstructedOctetString))
        {
            throw new SecureMessageException(SecureMessageError.Malformed, "The signed content is not an OCTET STRING.");
        }

        var content = inner.OpenOctetString(octetTag, octetLength);
        var state = new SignedDataState(inner, plaintext, recipient, eContent, encap, signedData, explicit0, contentInfo);
        return new OpenedMessageStream(content, digest => VerifyGuarded(state, digest), recipient, plaintext);
    }

    private sealed record SignedDataState(BerReader Reader, DecryptingStream Plaintext, X509Certificate2 Recipient,
        long EContent, long Encap, long SignedData, long Explicit0, long ContentInfo);

    private VerificationResult VerifyGuarded(SignedDataState state, byte[] digest)
    {
        try
        {
            return Verify(state, digest);
        }
        catch (Exception ex) when (IsCorruption(ex))
        {
            throw new SecureMessageException(SecureMessageError.Tampered, "The signed part of the message cannot be read: the message was altered or corrupted.", ex);
        }
    }

    private VerificationResult Verify(SignedDataState state, byte[] digest)
    {
        var r = state.Reader;
        r.EndConstructed(state.EContent, "the content");
        r.EndConstructed(state.Encap, "the EncapsulatedContentInfo");
        var certificates = new List<X509Certificate2>();
        if (r.PeekTag() == Ber.ContextConstructed0)
        {
            var set = Asn1TaggedObject.GetInstance(Asn1Object.FromByteArray(r.ReadElement()));
            foreach (var c in Asn1Set.GetInstance(set, false))
            {
                if (c.ToAsn1Object() is Asn1Sequence)
                {
                    certificates.Add(X509CertificateLoader.LoadCertificate(c.GetEncoded(Asn1Encodable.Der)));
                }
            }
        }

        if (r.PeekTag() == Ber.ContextConstructed1)
        {
            r.Skip(); // crls
        }

        var signerInfos = Asn1Set.GetInstance(Asn1Object.FromByteArray(r.ReadElement()));
        r.EndConstructed(state.SignedData, "the SignedData");
        r.EndConstructed(state.Explicit0, "the SignedData");
        r.EndConstructed(state.ContentInfo, "the ContentInfo");
        Span<byte> probe = stackalloc byte[1];
        while (state.Plaintext.Read(probe) > 0)
        {
            // Anything after the SignedData is ignored, but the encryption padding must check out.
        }

        if (signerInfos.Count == 0)
        {
            throw new SecureMessageException(SecureMessageError.BadSignature, "The message has no signature.");
        }

        var signerInfo = SignerInfo.GetInstance(signerInfos[0]);
        if (!signerInfo.DigestAlgorithm.Algorithm.Equals(NistObjectIdentifiers.IdSha256))
        {
            throw new SecureMessageException(SecureMessageError.UnsupportedAlgorithm, "The signature's digest is not SHA-256.");
        }

        var signedAttributes = signerInfo.SignedAttrs
            ?? throw new SecureMessageException(SecureMessageError.BadSignature, "The signature has no signed attributes (message digest, content type).");
        var table = new AttributeTable(signedAttributes);
        byte[] claimed = Asn1OctetString.GetInstance(Single(table, CmsAttributes.MessageDigest, "message-digest")).GetOctets();
        if (!CryptographicOperations.FixedTimeEquals(claimed, digest))
        {
            throw new SecureMessageException(SecureMessageError.Tampered, "The content does not match its signature (message digest differs): the message was altered.");
        }

        if (!DerObjectIdentifier.GetInstance(Single(table, CmsAttributes.ContentType, "content-type")).Equals(CmsObjectIdentifiers.Data))
        {
            throw new SecureMessageException(SecureMessageError.Malformed, "The signed content type is not 'data'.");
        }

        DateTimeOffset? signingTime = table[CmsAttributes.SigningTime] is CmsAttribute st
            ? new DateTimeOffset(DateTime.SpecifyKind(Org.BouncyCastle.Asn1.Cms.Time.GetInstance(st.AttrValues[0]).ToDateTime(), DateTimeKind.Utc))
            : null;

        var signer = FindSigner(signerInfo.SignerID, certificates)
            ?? throw new SecureMessageException(SecureMessageError.BadSignature, "The signer's certificate is not in the message.");
        var scheme = SignatureSchemeOf(signerInfo.SignatureAlgorithm);
        using (var publicKey = signer.GetRSAPublicKey()
            ?? throw new SecureMessageException(SecureMessageError.UnsupportedAlgorithm, "The signer's certificate holds no RSA key."))
        {
            bool valid = publicKey.VerifyData(signedAttributes.GetEncoded(Asn1Encodable.Der), signerInfo.Signature.GetOctets(),
                HashAlgorithmName.SHA256, scheme == SignatureScheme.Pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
            if (!valid)
            {
                throw new SecureMessageException(SecureMessageError.BadSignature, "The signature does not verify with the signer's certificate: the message was altered or forged.");
            }
        }

        var at = signingTime ?? _options.TimeProvider.GetUtcNow();
        if (!_options.Policy.AllowExpiredSigner && (at < signer.NotBefore.ToUniversalTime() || at > signer.NotAfter.ToUniversalTime()))
        {
            throw new SecureMessageException(SecureMessageError.ExpiredSigner,
                $"The signer's certificate (valid {signer.NotBefore:yyyy-MM-dd} to {signer.NotAfter:yyyy-MM-dd}) was not valid at the signing time {at:yyyy-MM-dd HH:mm} UTC.");
        }

        var chain = CheckChain(signer, certificates, at);
        CheckRevocation(signer, certificates);
        return new VerificationResult(signer, PartyId.FromCertificate(signer), signingTime, scheme, chain, state.Recipient);
    }

    private static Asn1Encodable Single(AttributeTable table, DerObjectIdentifier oid, string name)
    {
        var attribute = table[oid] ?? throw new SecureMessageException(SecureMessageError.BadSignature, $"The signed attribute {name} is missing.");
        if (attribute.AttrValues.Count != 1)
        {
            throw new SecureMessageException(SecureMessageError.BadSignature, $"The signed attribute {name} must have exactly one value.");
        }

        return attribute.AttrValues[0];
    }

    private static X509Certificate2? FindSigner(SignerIdentifier id, List<X509Certificate2> certificates)
    {
        if (id.ID is Asn1TaggedObject tagged)
        {
            byte[] ski = Asn1OctetString.GetInstance(tagged, false).GetOctets();
            return certificates.FirstOrDefault(c => c.Extensions.OfType<X509SubjectKeyIdentifierExtension>()
                .Any(e => e.SubjectKeyIdentifierBytes.Span.SequenceEqual(ski)));
        }

        var issuerAndSerial = IssuerAndSerialNumber.GetInstance(id.ID);
        return certificates.FirstOrDefault(c => CmsAlgorithms.Matches(issuerAndSerial, c));
    }

    private static SignatureScheme SignatureSchemeOf(AlgorithmIdentifier algorithm)
    {
        var oid = algorithm.Algorithm;
        if (oid.Equals(PkcsObjectIdentifiers.RsaEncryption) || oid.Equals(PkcsObjectIdentifiers.Sha256WithRsaEncryption))
        {
            return SignatureScheme.Pkcs1;
        }

        if (oid.Equals(PkcsObjectIdentifiers.IdRsassaPss))
        {
            var p = RsassaPssParameters.GetInstance(algorithm.Parameters);
            bool sha256 = p.HashAlgorithm.Algorithm.Equals(NistObjectIdentifiers.IdSha256)
                          && AlgorithmIdentifier.GetInstance(p.MaskGenAlgorithm.Parameters).Algorithm.Equals(NistObjectIdentifiers.IdSha256)
                          && p.SaltLength.IntValueExact == CmsAlgorithms.PssSaltLength;
            if (sha256)
            {
                return SignatureScheme.Pss;
            }
        }

        throw new SecureMessageException(SecureMessageError.UnsupportedAlgorithm,
            $"The signature algorithm {oid.Id} is not supported; RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32) and PKCS#1 v1.5 with SHA-256 are.");
    }

    private ChainStatus CheckChain(X509Certificate2 signer, List<X509Certificate2> embedded, DateTimeOffset at)
    {
        if (_options.TrustAnchors.Count == 0)
        {
            if (_options.Policy.RequireTrustedSigner)
            {
                throw new SecureMessageException(SecureMessageError.UntrustedSigner,
                    "No trust anchors are configured, and the policy requires a trusted signer: configure OpenOptions.TrustAnchors (the CA certificates of the key list).");
            }

            return ChainStatus.NotChecked;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_options.TrustAnchors.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(embedded.Concat(_options.IntermediateCertificates).ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (_options.Policy.AllowExpiredSigner)
        {
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        }

        if (chain.Build(signer))
        {
            return ChainStatus.Trusted;
        }

        if (_options.Policy.RequireTrustedSigner)
        {
            string status = string.Join(", ", chain.ChainStatus.Select(s => s.Status));
            throw new SecureMessageException(SecureMessageError.UntrustedSigner,
                $"The signer's certificate does not chain to a configured trust anchor ({status}).");
        }

        return ChainStatus.Untrusted;
    }

    private void CheckRevocation(X509Certificate2 signer, List<X509Certificate2> embedded)
    {
        foreach (var crl in _options.RevocationLists)
        {
            var issuer = _options.TrustAnchors.Concat(_options.IntermediateCertificates).Concat(embedded)
                .FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(signer.IssuerName.RawData) && crl.IsSignedBy(c));
            if (issuer is not null && crl.IsRevoked(signer))
            {
                throw new SecureMessageException(SecureMessageError.RevokedSigner, "The signer's certificate is revoked (listed on the issuer's revocation list).");
            }
        }
    }
}
