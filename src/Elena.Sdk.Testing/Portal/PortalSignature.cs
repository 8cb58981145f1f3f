using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Elena.Sdk.Crypto.Certificates;
using Elena.Sdk.Crypto.KeyLists;

namespace Elena.Sdk.Testing.Portal;

/// <summary>
/// The signed request of the service portal API (docs/decisions.md PO1): the header
/// <c>Authorization: ElenaSignature cert="…", time="…", nonce="…", signature="…"</c> carries the employer
/// certificate (base64 DER), the signing time (Unix seconds from the client's <see cref="TimeProvider"/>), a random
/// nonce and an RSASSA-PSS SHA-256 signature over <c>ELENA-PORTAL-1 LF METHOD LF path-and-query LF time LF nonce</c>.
/// </summary>
internal static class PortalSignature
{
    public const string Scheme = "ElenaSignature";
    private const string Label = "ELENA-PORTAL-1";

    public static string Create(string method, string pathAndQuery, X509Certificate2 certificate, RSA key, DateTimeOffset now)
    {
        long time = now.ToUnixTimeSeconds();
        string nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        byte[] signature = key.SignData(Canonical(method, pathAndQuery, time, nonce), HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        return string.Create(CultureInfo.InvariantCulture,
            $"cert=\"{Convert.ToBase64String(certificate.RawData)}\", time=\"{time}\", nonce=\"{nonce}\", signature=\"{Convert.ToBase64String(signature)}\"");
    }

    private static byte[] Canonical(string method, string pathAndQuery, long time, string nonce)
        => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Label}\n{method.ToUpperInvariant()}\n{pathAndQuery}\n{time}\n{nonce}"));

    /// <summary>Parses <c>key="value"</c> pairs separated by commas.</summary>
    public static Dictionary<string, string>? Parse(string parameters)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string part in parameters.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return null;
            }

            string value = part[(equals + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }

            result[part[..equals].Trim()] = value;
        }

        return result;
    }

    /// <summary>Checks signed requests: signature, time window, replay, chain to the trust anchors, admission.</summary>
    public sealed class Verifier(CertificateList anchors, CertificateList admitted, TimeProvider time, TimeSpan window)
    {
        private readonly ConcurrentDictionary<string, DateTimeOffset> _nonces = new(StringComparer.Ordinal);

        /// <summary>Returns the employer's Betriebsnummer, or the reason the request is refused (no secret, no personal data).</summary>
        public (string? Employer, string? Failure) Verify(string? authorization, string method, string pathAndQuery)
        {
            if (string.IsNullOrWhiteSpace(authorization) || !authorization.StartsWith(Scheme + " ", StringComparison.Ordinal))
            {
                return (null, "The request is not signed (Authorization: ElenaSignature …).");
            }

            var fields = Parse(authorization[(Scheme.Length + 1)..]);
            if (fields is null || !fields.TryGetValue("cert", out var certText) || !fields.TryGetValue("time", out var timeText)
                || !fields.TryGetValue("nonce", out var nonce) || !fields.TryGetValue("signature", out var signatureText)
                || !long.TryParse(timeText, NumberStyles.None, CultureInfo.InvariantCulture, out long signedAt)
                || nonce.Length is < 16 or > 64)
            {
                return (null, "The signature header is malformed.");
            }

            var now = time.GetUtcNow();
            long skew = Math.Abs(now.ToUnixTimeSeconds() - signedAt);
            if (skew > window.TotalSeconds)
            {
                return (null, "The request's signing time is outside the accepted window (check the clock; sign each request anew).");
            }

            X509Certificate2 certificate;
            byte[] signature;
            try
            {
                certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(certText));
                signature = Convert.FromBase64String(signatureText);
            }
            catch (Exception ex) when (ex is FormatException or CryptographicException)
            {
                return (null, "The signature header is malformed.");
            }

            using (certificate)
            {
                using var publicKey = certificate.GetRSAPublicKey();
                if (publicKey is null
                    || !publicKey.VerifyData(Canonical(method, pathAndQuery, signedAt, nonce), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss))
                {
                    return (null, "The signature does not verify.");
                }

                if (!anchors.Check(certificate, now).IsValid)
                {
                    return (null, "The certificate does not chain to a trusted root or is not valid now.");
                }

                if (!admitted.IsAdmitted(certificate, now))
                {
                    return (null, "The certificate is not in the list of admitted employer certificates.");
                }

                if (PartyId.FromCertificate(certificate) is not { Kind: PartyIdKind.Betriebsnummer } party)
                {
                    return (null, "The certificate names no Betriebsnummer (OU=BN…).");
                }

                // Replay: a nonce is remembered for the window after its signing time.
                foreach (var (key, until) in _nonces)
                {
                    if (until < now)
                    {
                        _nonces.TryRemove(key, out _);
                    }
                }

                if (!_nonces.TryAdd(nonce, DateTimeOffset.FromUnixTimeSeconds(signedAt) + window))
                {
                    return (null, "The request was already used (replay).");
                }

                return (party.Value, null);
            }
        }
    }
}
