using System.Globalization;

namespace Elena.Sdk.Records.Models;

/// <summary>
/// The 20-character creation timestamp of DS… records (<c>ED</c>): <c>JJJJMMTThhmmss</c> followed by six
/// digits of microseconds.
/// </summary>
internal static class Timestamps
{
    /// <summary>The number of characters of a timestamp.</summary>
    public const int Length = 20;

    /// <summary>Formats a point in time as 20 digits; sub-microsecond ticks are dropped.</summary>
    /// <param name="value">The point in time, or <see langword="null"/>.</param>
    /// <returns>The 20 digits, or <see langword="null"/> when <paramref name="value"/> is <see langword="null"/>.</returns>
    public static string? Format(DateTime? value)
    {
        if (value is not { } v)
        {
            return null;
        }

        int microseconds = (v.Millisecond * 1000) + v.Microsecond;
        return v.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)
            + microseconds.ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>Parses 20 timestamp digits.</summary>
    /// <param name="raw">The field's characters.</param>
    /// <returns>The point in time; <see langword="null"/> when blank, not 20 digits, or not a valid date and time.</returns>
    public static DateTime? Parse(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.Length != Length
            || !DateTime.TryParseExact(raw.AsSpan(0, 14), "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var seconds)
            || !int.TryParse(raw.AsSpan(14), NumberStyles.None, CultureInfo.InvariantCulture, out int microseconds))
        {
            return null;
        }

        return seconds.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond);
    }
}
