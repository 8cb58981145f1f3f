namespace Elena.Sdk.Records.Identifiers;

/// <summary>
/// Insurance number (Versicherungsnummer, VSNR) and procedure number (Verfahrensnummer, VFNR), 12 characters
/// <c>bbttmmjjassp</c>: area number, birth date <c>TTMMJJ</c>, first letter of the birth name, serial
/// (00–49 male, 50–99 female), check digit (VKVV § 2). A procedure number has the same shape with area <c>01</c>.
/// </summary>
public static class InsuranceNumber
{
    /// <summary>Length of an insurance number.</summary>
    public const int Length = 12;

    /// <summary>Area number of procedure numbers assigned by the DSRV for civil servants, judges and soldiers.</summary>
    public const string ProcedureNumberArea = "01";

    private static ReadOnlySpan<byte> Weights => [2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1];

    /// <summary>Checks shape, birth-date part and check digit.</summary>
    /// <param name="value">12 bytes.</param>
    /// <returns>True when valid.</returns>
    public static bool IsValid(ReadOnlySpan<byte> value)
    {
        if (value.Length != Length
            || value[..8].IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0
            || value[8] is < (byte)'A' or > (byte)'Z'
            || value[9..].IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
        {
            return false;
        }

        int day = ((value[2] - '0') * 10) + (value[3] - '0');
        int month = ((value[4] - '0') * 10) + (value[5] - '0');

        // Day and month may be 00 where the birth date is not fully known; day may carry +50 for
        // numbers assigned a second time on the same birth date (VKVV § 2 (2)).
        if (month > 12 || (day % 50) > 31)
        {
            return false;
        }

        return ComputeCheckDigit(value) == value[11] - '0';
    }

    /// <summary>Checks an insurance number given as a string.</summary>
    /// <param name="value">The number.</param>
    /// <returns>True when valid.</returns>
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

    /// <summary>True when the number is a procedure number (area <c>01</c>).</summary>
    /// <param name="value">The number.</param>
    /// <returns>True for a procedure number.</returns>
    public static bool IsProcedureNumber(ReadOnlySpan<byte> value) => value.Length >= 2 && value[0] == '0' && value[1] == '1';

    /// <summary>
    /// Builds a complete number from its parts and computes the check digit.
    /// </summary>
    /// <param name="area">Area number, two digits.</param>
    /// <param name="birthDate">Birth date.</param>
    /// <param name="birthNameInitial">First letter of the birth name, A–Z (umlauts resolved by the caller).</param>
    /// <param name="serial">Serial 00–99 (00–49 male, 50–99 female).</param>
    /// <returns>The 12-character number.</returns>
    public static string Create(string area, DateOnly birthDate, char birthNameInitial, int serial)
    {
        ArgumentNullException.ThrowIfNull(area);
        if (area.Length != 2 || !char.IsAsciiDigit(area[0]) || !char.IsAsciiDigit(area[1]))
        {
            throw new ArgumentException("The area number must be two digits.", nameof(area));
        }

        if (birthNameInitial is < 'A' or > 'Z')
        {
            throw new ArgumentException("The initial must be an upper-case letter A–Z.", nameof(birthNameInitial));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(serial);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, 99);

        Span<byte> bytes = stackalloc byte[Length];
        System.Text.Encoding.ASCII.GetBytes(
            $"{area}{birthDate.Day:00}{birthDate.Month:00}{birthDate.Year % 100:00}{birthNameInitial}{serial:00}0", bytes);
        bytes[11] = (byte)('0' + ComputeCheckDigit(bytes));
        return System.Text.Encoding.ASCII.GetString(bytes);
    }

    /// <summary>Computes the check digit of a 12-character number (the 12th character is ignored).</summary>
    /// <param name="value">At least 11 bytes: 8 digits, a letter, 2 digits.</param>
    /// <returns>The check digit.</returns>
    public static int ComputeCheckDigit(ReadOnlySpan<byte> value)
    {
        if (value.Length < 11)
        {
            throw new ArgumentException("At least 11 characters are required.", nameof(value));
        }

        Span<int> digits = stackalloc int[12];
        for (int i = 0; i < 8; i++)
        {
            digits[i] = value[i] - '0';
        }

        int letter = value[8] - 'A' + 1;
        digits[8] = letter / 10;
        digits[9] = letter % 10;
        digits[10] = value[9] - '0';
        digits[11] = value[10] - '0';
        int sum = 0;
        for (int i = 0; i < 12; i++)
        {
            int product = digits[i] * Weights[i];
            sum += (product / 10) + (product % 10);
        }

        return sum % 10;
    }
}
