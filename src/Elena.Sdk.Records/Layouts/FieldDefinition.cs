using System.Collections.Immutable;

namespace Elena.Sdk.Records.Layouts;

/// <summary>The character class of a field as the specification names it.</summary>
public enum FieldKind
{
    /// <summary>Alphanumeric (AN): left-justified, padded with blanks.</summary>
    Alphanumeric,

    /// <summary>Numeric (N): digits only, right-justified, padded with zeros.</summary>
    Numeric,
}

/// <summary>The content rule a field's value must follow beyond its kind.</summary>
public enum FieldFormat
{
    /// <summary>No rule beyond the kind (and the value list, if any).</summary>
    Text,

    /// <summary>A constant value (record or block identifier, fixed version).</summary>
    Literal,

    /// <summary>A calendar date <c>JJJJMMTT</c>; all zeros is accepted where the layout allows an empty date.</summary>
    Date,

    /// <summary>A year and month <c>JJJJMM</c>.</summary>
    YearMonth,

    /// <summary>A day of month <c>TT</c> (01–31).</summary>
    DayOfMonth,

    /// <summary>A creation timestamp <c>JJJJMMTThhmmss</c> plus six digits of microseconds.</summary>
    Timestamp,

    /// <summary>A yes/no flag: <c>J</c> or <c>N</c>.</summary>
    Flag,

    /// <summary>A sign in front of an amount: <c>+</c>, <c>-</c> or blank.</summary>
    Sign,

    /// <summary>A Betriebsnummer (8 digits with check digit) left-justified in the field.</summary>
    EmployerNumber,

    /// <summary>A Betriebsnummer, or an Absendernummer (<c>A</c> + 7 digits) where the layout allows it.</summary>
    EmployerOrSenderNumber,

    /// <summary>An insurance number (VSNR) or procedure number (VFNR), 12 characters with check digit.</summary>
    InsuranceNumber,

    /// <summary>A reserve area that must stay blank.</summary>
    Reserve,

    /// <summary>Content the SDK keeps verbatim without checking (layout not published).</summary>
    Opaque,
}

/// <summary>
/// One field of a record, data block or repeating group: its name as in the specification,
/// 1-based position, length, kind and rules.
/// </summary>
public sealed class FieldDefinition
{
    internal FieldDefinition(string name, int position, int length, FieldKind kind, FieldFormat format,
        bool required, string description, ImmutableArray<string> allowedValues, string? literal, bool allowZeroDate)
    {
        Name = name;
        Position = position;
        Length = length;
        Kind = kind;
        Format = format;
        Required = required;
        Description = description;
        AllowedValues = allowedValues;
        Literal = literal;
        AllowZeroDate = allowZeroDate;
        AllowedValueBytes = allowedValues.IsDefaultOrEmpty
            ? []
            : allowedValues.Select(v => Latin1.GetBytes(v)).ToArray();
        LiteralBytes = literal is null ? [] : Latin1.GetBytes(literal);
    }

    /// <summary>Field name as in the specification (e.g. <c>FMNA</c>), the key for generic access.</summary>
    public string Name { get; }

    /// <summary>1-based position of the first character within its record, block or group item.</summary>
    public int Position { get; }

    /// <summary>Length in characters.</summary>
    public int Length { get; }

    /// <summary>AN or N.</summary>
    public FieldKind Kind { get; }

    /// <summary>The content rule.</summary>
    public FieldFormat Format { get; }

    /// <summary>Whether the field must not be blank (Muss).</summary>
    public bool Required { get; }

    /// <summary>A short English description with the German term where it helps.</summary>
    public string Description { get; }

    /// <summary>Allowed values (compared after removing trailing blanks); empty when any value of the kind is allowed.</summary>
    public ImmutableArray<string> AllowedValues { get; }

    /// <summary>The constant value of a <see cref="FieldFormat.Literal"/> field.</summary>
    public string? Literal { get; }

    /// <summary>For dates: whether all zeros (no date) is accepted.</summary>
    public bool AllowZeroDate { get; }

    internal byte[][] AllowedValueBytes { get; }

    internal byte[] LiteralBytes { get; }

    /// <summary>0-based offset within the segment.</summary>
    internal int Offset => Position - 1;

    /// <inheritdoc />
    public override string ToString() => $"{Name} {Position}-{Position + Length - 1} ({(Kind == FieldKind.Numeric ? "N" : "AN")})";
}
