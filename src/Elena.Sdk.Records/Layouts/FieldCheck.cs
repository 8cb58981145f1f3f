using System.Buffers;

namespace Elena.Sdk.Records.Layouts;

/// <summary>What the fast validation path tests for one field. A field that fails goes to the full check, which reports.</summary>
internal enum CheckOp : byte
{
    Digits,
    SingleValue,
    Values,
    NotBlank,
    Flag,
    Sign,
    Literal,
    Date,
    YearMonth,
    Day,
    Timestamp,
    EmployerNumber,
    InsuranceNumber,
    Blank,
    DigitsRun,
    FlagRun,
}

/// <summary>A compiled check: where the field is and which fast test applies.</summary>
internal readonly struct FieldCheck
{
    private static readonly SearchValues<byte> FlagValues = SearchValues.Create("JN"u8);

    public FieldCheck(int index, FieldDefinition field, CheckOp op)
    {
        Index = index;
        Offset = field.Offset;
        Length = field.Length;
        RunCount = 1;
        Op = op;
        AllowZero = field.AllowZeroDate;
        Values = op == CheckOp.Values ? field.AllowedValueBytes : null;
        Singles = op == CheckOp.SingleValue ? SearchValues.Create(field.AllowedValueBytes.Select(v => v[0]).ToArray()) : null;
    }

    private FieldCheck(FieldCheck first, FieldCheck last, int count, CheckOp op)
    {
        Index = first.Index;
        Offset = first.Offset;
        Length = last.Offset + last.Length - first.Offset;
        RunCount = count;
        Op = op;
        Singles = op == CheckOp.FlagRun ? FlagValues : null;
    }

    public int Index { get; }

    /// <summary>Number of adjacent fields this check covers (runs of N fields or flags are tested in one pass).</summary>
    public int RunCount { get; }

    public int Offset { get; }

    public int Length { get; }

    public CheckOp Op { get; }

    public bool AllowZero { get; }

    public SearchValues<byte>? Singles { get; }

    public byte[][]? Values { get; }

    /// <summary>Compiles the checks of a layout, leaving out fields that need none (optional free text, opaque areas).</summary>
    public static FieldCheck[] Compile(SegmentLayout layout)
    {
        var checks = new List<FieldCheck>();
        for (int i = 0; i < layout.Fields.Length; i++)
        {
            var f = layout.Fields[i];
            CheckOp? op = f.Format switch
            {
                FieldFormat.Opaque => null,
                FieldFormat.Literal => CheckOp.Literal,
                FieldFormat.Reserve => CheckOp.Blank,
                FieldFormat.Flag => CheckOp.Flag,
                FieldFormat.Sign => CheckOp.Sign,
                FieldFormat.Date => CheckOp.Date,
                FieldFormat.YearMonth => CheckOp.YearMonth,
                FieldFormat.DayOfMonth => CheckOp.Day,
                FieldFormat.Timestamp => CheckOp.Timestamp,
                FieldFormat.EmployerNumber or FieldFormat.EmployerOrSenderNumber => CheckOp.EmployerNumber,
                FieldFormat.InsuranceNumber => CheckOp.InsuranceNumber,
                _ when f.AllowedValueBytes.Length > 0 => f.AllowedValueBytes.All(v => v.Length == 1) && f.Length == 1 ? CheckOp.SingleValue : CheckOp.Values,
                _ when f.Kind == FieldKind.Numeric => CheckOp.Digits,
                _ when f.Required => CheckOp.NotBlank,
                _ => null,
            };
            if (op is { } o)
            {
                checks.Add(new FieldCheck(i, f, o));
            }
        }

        return MergeRuns(checks);
    }

    /// <summary>Adjacent plain N fields, and adjacent J/N flags, become one check over the whole run.</summary>
    private static FieldCheck[] MergeRuns(List<FieldCheck> checks)
    {
        var merged = new List<FieldCheck>(checks.Count);
        for (int i = 0; i < checks.Count;)
        {
            var first = checks[i];
            int j = i + 1;
            if (first.Op is CheckOp.Digits or CheckOp.Flag)
            {
                while (j < checks.Count && checks[j].Op == first.Op && checks[j].Offset == checks[j - 1].Offset + checks[j - 1].Length
                       && checks[j].Index == checks[j - 1].Index + 1)
                {
                    j++;
                }
            }

            merged.Add(j - i > 1 ? new FieldCheck(first, checks[j - 1], j - i, first.Op == CheckOp.Digits ? CheckOp.DigitsRun : CheckOp.FlagRun) : first);
            i = j;
        }

        return [.. merged];
    }
}
