namespace Elena.Sdk.Records.Identifiers;

/// <summary>
/// Betriebsnummer (BBNR): 8 digits, the last a check digit. Weights 1 2 1 2 1 2 1 on digits 1–7, sum of the
/// digit sums mod 10 = p; digit 8 must be p or (p + 5) mod 10; the first three digits must be 001–099 or above 110.
/// </summary>
public static class EmployerNumber
{
    /// <summary>Length of a Betriebsnummer.</summary>
    public const int Length = 8;

    /// <summary>Checks a Betriebsnummer given as 8 ASCII digits.</summary>
    /// <param name="value">The 8 bytes.</param>
    /// <returns>True when well-formed with a correct check digit.</returns>
    public static bool IsValid(ReadOnlySpan<byte> value)
    {
        if (value.Length != Length || value.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
        {
            return false;
        }

        int prefix = ((value[0] - '0') * 100) + ((value[1] - '0') * 10) + (value[2] - '0');
        if (prefix == 0 || prefix is >= 100 and <= 110)
        {
            return false;
        }

        int p = ComputeBase(value);
        int check = value[7] - '0';
        return check == p || check == (p + 5) % 10;
    }

    /// <summary>Checks a Betriebsnummer given as a string.</summary>
    /// <param name="value">The Betriebsnummer.</param>
    /// <returns>True when well-formed with a correct check digit.</returns>
    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != Length)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Length];
        for (int i = 0; i < Length; i++)
        {
            if (value[i] > 0x7F)
            {
                return false;
            }

            bytes[i] = (byte)value[i];
        }

        return IsValid(bytes);
    }

    /// <summary>Computes the check digit for the first seven digits (the direct value p, not p + 5).</summary>
    /// <param name="firstSeven">Seven ASCII digits.</param>
    /// <returns>The check digit 0–9.</returns>
    public static int ComputeCheckDigit(ReadOnlySpan<char> firstSeven)
    {
        if (firstSeven.Length != 7 || firstSeven.ContainsAnyExceptInRange('0', '9'))
        {
            throw new ArgumentException("Seven digits are required.", nameof(firstSeven));
        }

        Span<byte> bytes = stackalloc byte[Length];
        for (int i = 0; i < 7; i++)
        {
            bytes[i] = (byte)firstSeven[i];
        }

        return ComputeBase(bytes);
    }

    private static int ComputeBase(ReadOnlySpan<byte> digits)
    {
        int sum = 0;
        for (int i = 0; i < 7; i++)
        {
            int product = (digits[i] - '0') * ((i % 2) + 1);
            sum += (product / 10) + (product % 10);
        }

        return sum % 10;
    }
}
