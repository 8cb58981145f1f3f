using System.Text;

namespace Elena.Sdk.Records;

/// <summary>ISO-8859-1 helpers: every byte is one character and every character up to U+00FF is one byte.</summary>
internal static class Latin1
{
    public static readonly Encoding Encoding = Encoding.Latin1;

    public static byte[] GetBytes(string s) => Encoding.GetBytes(s);

    public static string GetString(ReadOnlySpan<byte> bytes) => Encoding.GetString(bytes);

    /// <summary>Returns the value without trailing blanks.</summary>
    public static ReadOnlySpan<byte> TrimEnd(ReadOnlySpan<byte> span)
    {
        int last = span.LastIndexOfAnyExcept((byte)' ');
        return span[..(last + 1)];
    }

    public static bool IsBlank(ReadOnlySpan<byte> span) => span.IndexOfAnyExcept((byte)' ') < 0;

    /// <summary>Index of the first character that is not representable or a control character, or -1.</summary>
    public static int IndexOfInvalid(ReadOnlySpan<char> chars)
    {
        for (int i = 0; i < chars.Length; i++)
        {
            if (!IsAllowed(chars[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Printable ISO-8859-1: no C0 or C1 control characters, nothing above U+00FF.</summary>
    public static bool IsAllowed(char c) => c is >= ' ' and <= '~' or >= '\u00A0' and <= '\u00FF';

    /// <summary>Index of the first byte that is a C0 or C1 control character in ISO-8859-1, or -1.</summary>
    public static int IndexOfControl(ReadOnlySpan<byte> bytes)
    {
        int c0 = bytes.IndexOfAnyInRange((byte)0x00, (byte)0x1F);
        int c1 = bytes.IndexOfAnyInRange((byte)0x7F, (byte)0x9F);
        return c0 < 0 ? c1 : c1 < 0 ? c0 : Math.Min(c0, c1);
    }
}
