namespace Elena.Sdk.Cli.Commands;

/// <summary>Reading the field name out of a DBFE text (<c>FIELD: message</c>, docs/decisions.md R26) for the JSON output.</summary>
internal static class DbfeText
{
    private static readonly System.Buffers.SearchValues<char> FieldNameCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    /// <summary>The field name before the colon, or empty when the text does not start with one.</summary>
    /// <param name="text">The DBFE text.</param>
    /// <returns>The field name.</returns>
    public static string FieldOf(string text)
    {
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && !text.AsSpan(0, colon).ContainsAnyExcept(FieldNameCharacters) ? text[..colon] : string.Empty;
    }
}
