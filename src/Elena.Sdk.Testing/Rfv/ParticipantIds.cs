using System.Globalization;
using System.Security.Cryptography;

namespace Elena.Sdk.Testing.Rfv;

/// <summary>
/// ZID and vID formats (wire-formats §9, SDK decisions).
/// <list type="bullet">
/// <item><description>ZID: 20 characters, the upper-case hex of the first 10 bytes of SHA-256 over the DER issuer
/// DN followed by the certificate serial number bytes.</description></item>
/// <item><description>vID: <c>V</c> + 19 digits: an 18-digit sequence number and a check digit. Check digit: multiply
/// the 18 digits left to right by the weights 2 1 2 5 7 1 (repeated), add the digit sums (Quersummen) of the
/// products, take the sum mod 10 — the VSNR rule applied to digits only. A vID starts with <c>V</c>, which never
/// occurs in a (hex) ZID, so it is recognisable.</description></item>
/// </list>
/// </summary>
public static class ParticipantIds
{
    /// <summary>Length of a ZID and of a vID.</summary>
    public const int Length = 20;

    /// <summary>First character of a vID.</summary>
    public const char VidPrefix = 'V';

    private static readonly int[] Weights = [2, 1, 2, 5, 7, 1];

    /// <summary>Derives the ZID of a signature card certificate.</summary>
    /// <param name="certificateIssuerDer">The DER-encoded issuer distinguished name.</param>
    /// <param name="serialNumber">The certificate serial number bytes.</param>
    /// <returns>20 upper-case hex characters.</returns>
    public static string CreateZid(ReadOnlySpan<byte> certificateIssuerDer, ReadOnlySpan<byte> serialNumber)
    {
        byte[] input = [.. certificateIssuerDer, .. serialNumber];
        return Convert.ToHexString(SHA256.HashData(input), 0, 10);
    }

    /// <summary>Builds the vID for a sequence number.</summary>
    /// <param name="sequence">0 to 999,999,999,999,999,999.</param>
    /// <returns><c>V</c> + 18 digits + check digit.</returns>
    public static string CreateVid(long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, 999_999_999_999_999_999L);
        string digits = sequence.ToString("D18", CultureInfo.InvariantCulture);
        return VidPrefix + digits + ComputeVidCheckDigit(digits).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Computes the check digit over a string of digits (weights 2 1 2 5 7 1 repeated, digit sums, mod 10).</summary>
    /// <param name="digits">Digits only.</param>
    /// <returns>The check digit.</returns>
    public static int ComputeVidCheckDigit(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        int sum = 0;
        for (int i = 0; i < digits.Length; i++)
        {
            if (!char.IsAsciiDigit(digits[i]))
            {
                throw new ArgumentException("Digits only.", nameof(digits));
            }

            int product = (digits[i] - '0') * Weights[i % Weights.Length];
            sum += (product / 10) + (product % 10);
        }

        return sum % 10;
    }

    /// <summary>True when the value is a well-formed vID with a correct check digit.</summary>
    /// <param name="value">The value.</param>
    /// <returns>True for a vID.</returns>
    public static bool IsVid(string? value)
        => value is { Length: Length } && value[0] == VidPrefix && value.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0
            && ComputeVidCheckDigit(value[1..19]) == value[19] - '0';

    /// <summary>True when the value looks like a ZID: 20 upper-case hex characters.</summary>
    /// <param name="value">The value.</param>
    /// <returns>True for a ZID.</returns>
    public static bool IsZid(string? value)
        => value is { Length: Length } && value.All(c => char.IsAsciiDigit(c) || c is >= 'A' and <= 'F');
}
