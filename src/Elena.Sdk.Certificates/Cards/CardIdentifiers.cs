namespace Elena.Sdk.Certificates.Cards;

/// <summary>
/// Validation of signature-card identifiers (seed 003; docs/decisions.md CE7): ICCSN (20 digits, <c>80</c> health
/// care, no check digit), EFN (15 digits, Luhn check digit), CAN (6 digits, no check digit).
/// </summary>
public static class CardIdentifiers
{
    /// <summary>Length of an ICCSN.</summary>
    public const int IccsnLength = 20;

    /// <summary>Length of an EFN.</summary>
    public const int EfnLength = 15;

    /// <summary>Length of a CAN.</summary>
    public const int CanLength = 6;

    /// <summary>
    /// Whether the value is an ICCSN: 20 digits starting with the health-care major industry identifier <c>80</c>
    /// (then country 3, issuer 5, serial 10). There is no check digit over the number.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool IsValidIccsn(string? value) =>
        value is { Length: IccsnLength } && value.All(char.IsAsciiDigit) && value.StartsWith("80", StringComparison.Ordinal);

    /// <summary>Whether the value is an EFN: 15 digits whose last digit is the Luhn check digit over the first 14.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool IsValidEfn(string? value) =>
        value is { Length: EfnLength } && value.All(char.IsAsciiDigit) && LuhnCheckDigit(value.AsSpan(0, EfnLength - 1)) == value[^1] - '0';

    /// <summary>Whether the value is a CAN: exactly 6 digits.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool IsValidCan(string? value) => value is { Length: CanLength } && value.All(char.IsAsciiDigit);

    /// <summary>The Luhn (ISO/IEC 7812-1) check digit of a digit string.</summary>
    /// <param name="payload">The digits without the check digit.</param>
    /// <returns>The check digit 0–9.</returns>
    public static int LuhnCheckDigit(ReadOnlySpan<char> payload)
    {
        int sum = 0;
        bool doubleIt = true;
        for (int i = payload.Length - 1; i >= 0; i--)
        {
            int digit = payload[i] - '0';
            if (digit is < 0 or > 9)
            {
                throw new ArgumentException("Only digits are allowed.", nameof(payload));
            }

            if (doubleIt)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
            doubleIt = !doubleIt;
        }

        return (10 - (sum % 10)) % 10;
    }
}
