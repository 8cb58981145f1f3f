using System.Globalization;
using System.Text.RegularExpressions;

namespace Elena.Sdk.Testing.Portal;

/// <summary>
/// The meanings of DBFE numbers, read from <c>docs/error-codes.md</c> (embedded at build time, so the page and the
/// document cannot drift): the SDK codes <c>ELRnnn</c>, the mapping <c>&lt;RECORD&gt;z&lt;nn&gt;</c> → ELR code of
/// decision R26, and the explicit numbers of the reference implementation (<c>MVDSz81</c>, <c>NCSZH10</c>, …).
/// </summary>
internal static partial class DbfeCatalogue
{
    private static readonly Lazy<(Dictionary<string, string> Sdk, Dictionary<string, string> Numbers)> Tables = new(Load);

    /// <summary>Notices of the reference ZSS not (yet) listed in docs/error-codes.md.</summary>
    private static readonly Dictionary<string, string> Additional = new(StringComparer.Ordinal)
    {
        ["DSKOH01"] = "Notice: FERUECK holds a value not provided for; K (communication server) assumed (seed 004 §3.3.2).",
        ["MVDSH01"] = "Notice: sent under a retired insurance number; stored under the person's id, the current number is in DBVR.",
    };

    [GeneratedRegex(@"^\|\s*(ELR\d{3})\s*\|\s*([^|]+?)\s*\|")]
    private static partial Regex SdkRow();

    [GeneratedRegex(@"^\|\s*(`[^|]+`)\s*\|\s*([^|]+?)\s*\|")]
    private static partial Regex NumberRow();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Quoted();

    /// <summary>The meaning of a DBFE number, or empty when the catalogue does not list it.</summary>
    public static string Meaning(string code)
    {
        var (sdk, numbers) = Tables.Value;
        if (numbers.TryGetValue(code, out var direct) || Additional.TryGetValue(code, out direct))
        {
            return direct;
        }

        if (code.Length == 7 && code.EndsWith("920", StringComparison.Ordinal) && numbers.TryGetValue("<TYPE>920", out var aborted))
        {
            return aborted;
        }

        if (code.Length == 7 && code[4] == 'z' && int.TryParse(code.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int two))
        {
            string? elr = two switch
            {
                >= 1 and <= 29 => "ELR2" + two.ToString("D2", CultureInfo.InvariantCulture),
                >= 31 and <= 49 => "ELR3" + (two - 30).ToString("D2", CultureInfo.InvariantCulture),
                99 => "ELR399",
                >= 51 and <= 59 => "ELR4" + (two - 50).ToString("D2", CultureInfo.InvariantCulture),
                >= 61 and <= 79 => "ELR1" + (two - 60).ToString("D2", CultureInfo.InvariantCulture),
                _ => null,
            };
            if (elr is not null && sdk.TryGetValue(elr, out var meaning))
            {
                return elr + ": " + meaning;
            }
        }

        return string.Empty;
    }

    private static (Dictionary<string, string>, Dictionary<string, string>) Load()
    {
        var sdk = new Dictionary<string, string>(StringComparer.Ordinal);
        var numbers = new Dictionary<string, string>(StringComparer.Ordinal);
        using var stream = typeof(DbfeCatalogue).Assembly.GetManifestResourceStream("portal/error-codes.md");
        if (stream is null)
        {
            return (sdk, numbers);
        }

        using var reader = new StreamReader(stream);
        bool inNumbers = false;
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                inNumbers = line.Contains("DBFE", StringComparison.Ordinal);
                continue;
            }

            if (!inNumbers && SdkRow().Match(line) is { Success: true } row)
            {
                sdk[row.Groups[1].Value] = Plain(row.Groups[2].Value);
            }
            else if (inNumbers && NumberRow().Match(line) is { Success: true } numberRow)
            {
                foreach (Match quoted in Quoted().Matches(numberRow.Groups[1].Value))
                {
                    numbers[quoted.Groups[1].Value] = Plain(numberRow.Groups[2].Value);
                }
            }
        }

        return (sdk, numbers);
    }

    private static string Plain(string markdown) => markdown.Replace("`", string.Empty, StringComparison.Ordinal).Replace("**", string.Empty, StringComparison.Ordinal);
}
