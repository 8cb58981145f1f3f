using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>Error block (DBFE): a 7-character error number, a blank and the short text.</summary>
public sealed class ErrorBlock : DataBlock
{
    /// <summary>Creates an error block.</summary>
    /// <param name="code">The 7-character error number, e.g. <c>DSKO620</c> or <c>NCSZH10</c>.</param>
    /// <param name="text">The short text; cut to fit the 64 characters after the number.</param>
    public ErrorBlock(string code, string text)
        : base(BlockLayouts.Error)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(text);
        if (code.Length != 7)
        {
            throw new ArgumentException("An error number has exactly 7 characters.", nameof(code));
        }

        string content = code + " " + text;
        SetText("FE", content.Length > 72 ? content[..72] : content);
    }

    internal ErrorBlock(ReadOnlySpan<byte> data)
        : base(BlockLayouts.Error, data)
    {
    }

    /// <summary>The error number (first 7 characters of FE).</summary>
    public string Code
    {
        get
        {
            string fe = GetText("FE");
            return fe.Length <= 7 ? fe : fe[..7];
        }
    }

    /// <summary>The short text after the error number.</summary>
    public string Text
    {
        get
        {
            string fe = GetText("FE");
            return fe.Length <= 8 ? string.Empty : fe[8..];
        }
    }
}
