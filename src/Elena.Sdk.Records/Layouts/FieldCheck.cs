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
}

/// <summary>A compiled check: where the field is and which fast test applies.</summary>
internal readonly struct FieldCheck
{
    public FieldCheck(int index, FieldDefinition field, CheckOp op)
    {
        Index = index;
        Offset = field.Offset;
        Length = field.Length;
        Op = op;
        AllowZero = field.AllowZeroDate;
        Values = op == CheckOp.Values ? field.AllowedValueBytes : null;
        Singles = op == CheckOp.SingleValue ? SearchValues.Create(field.AllowedValueBytes.Select(v => v[0]).ToArray()) : null;
    }

    public int Index { get; }

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

        return [.. checks];
    }
}
