using System.Globalization;

namespace Elena.Sdk.Certificates.Cards;

/// <summary>The two PINs of a signature card.</summary>
public enum PinKind
{
    /// <summary>PIN.QES for qualified signatures.</summary>
    Qes,

    /// <summary>PIN.CH for encryption and authentication.</summary>
    CardHolder,
}

/// <summary>Why a new PIN is refused.</summary>
public enum PinRuleViolation
{
    /// <summary>Not only digits.</summary>
    NotDigits,

    /// <summary>Shorter than 6 or longer than 8 digits.</summary>
    WrongLength,

    /// <summary>All digits equal (<c>111111</c>).</summary>
    AllEqual,

    /// <summary>An ascending run (<c>123456</c>, <c>456789</c>, also wrapping <c>890123</c>).</summary>
    AscendingRun,

    /// <summary>A descending run (<c>654321</c>).</summary>
    DescendingRun,

    /// <summary>A date (DDMMYY, DDMMYYYY, YYYYMMDD), e.g. a birth date.</summary>
    Date,

    /// <summary>Equal to the current (transport) PIN.</summary>
    SameAsCurrent,
}

/// <summary>PIN rules of signature cards (seeds 002/003, error-codes-and-cards §4).</summary>
public static class PinRules
{
    /// <summary>Length of a transport PIN.</summary>
    public const int TransportPinLength = 5;

    /// <summary>Shortest PIN.</summary>
    public const int MinimumLength = 6;

    /// <summary>Longest PIN.</summary>
    public const int MaximumLength = 8;

    /// <summary>Wrong PIN entries in a row that block the PIN.</summary>
    public const int PinRetries = 3;

    /// <summary>Length of a PUK.</summary>
    public const int PukLength = 8;

    /// <summary>Wrong PUK entries in a row that lock the card for good.</summary>
    public const int PukRetries = 3;

    /// <summary>How often the PUK can be used successfully (gematik pukUsage).</summary>
    public const int PukUsage = 10;

    /// <summary>Documents one PIN entry covers in a batch signature.</summary>
    public const int MaxBatchSignatures = 254;

    /// <summary>Checks a new PIN; <see langword="null"/> when it is acceptable. The result never echoes the PIN.</summary>
    /// <param name="pin">The new PIN.</param>
    /// <param name="currentPin">The current PIN, if known (the new one must differ).</param>
    /// <returns>The violation, or <see langword="null"/>.</returns>
    public static PinRuleViolation? Check(string pin, string? currentPin = null)
    {
        ArgumentNullException.ThrowIfNull(pin);
        if (!pin.All(char.IsAsciiDigit) || pin.Length == 0)
        {
            return PinRuleViolation.NotDigits;
        }

        if (pin.Length is < MinimumLength or > MaximumLength)
        {
            return PinRuleViolation.WrongLength;
        }

        if (currentPin is not null && string.Equals(pin, currentPin, StringComparison.Ordinal))
        {
            return PinRuleViolation.SameAsCurrent;
        }

        if (pin.All(c => c == pin[0]))
        {
            return PinRuleViolation.AllEqual;
        }

        if (IsRun(pin, +1))
        {
            return PinRuleViolation.AscendingRun;
        }

        if (IsRun(pin, -1))
        {
            return PinRuleViolation.DescendingRun;
        }

        return IsDate(pin) ? PinRuleViolation.Date : null;
    }

    private static bool IsRun(string pin, int step)
    {
        for (int i = 1; i < pin.Length; i++)
        {
            if ((pin[i - 1] - '0' + step + 10) % 10 != pin[i] - '0')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDate(string pin)
    {
        string[] formats = pin.Length switch
        {
            6 => ["ddMMyy"],
            8 => ["ddMMyyyy", "yyyyMMdd"],
            _ => [],
        };
        foreach (string format in formats)
        {
            if (DateTime.TryParseExact(pin, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                && (format == "ddMMyy" || date.Year is >= 1900 and <= 2099))
            {
                return true;
            }
        }

        return false;
    }
}
