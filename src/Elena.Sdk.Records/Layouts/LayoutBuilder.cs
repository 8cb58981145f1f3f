using System.Collections.Immutable;

namespace Elena.Sdk.Records.Layouts;

/// <summary>Builds a segment layout field by field; positions follow from the lengths in order.</summary>
internal sealed class LayoutBuilder
{
    private readonly string _identifier;
    private readonly string _title;
    private readonly ImmutableArray<FieldDefinition>.Builder _fields = ImmutableArray.CreateBuilder<FieldDefinition>();
    private RepeatingGroup? _group;
    private int _next = 1;

    public LayoutBuilder(string identifier, string title)
    {
        _identifier = identifier;
        _title = title;
    }

    /// <summary>Starts a block or record layout whose first field is the 4-character identifier.</summary>
    public static LayoutBuilder WithIdentifier(string identifier, string title)
        => new LayoutBuilder(identifier, title).Literal("KE", identifier, "Identifier (Kennung)");

    private LayoutBuilder Add(string name, int length, FieldKind kind, FieldFormat format, bool required,
        string description, string[]? values = null, string? literal = null, bool allowZeroDate = false)
    {
        _fields.Add(new FieldDefinition(name, _next, length, kind, format, required, description,
            values is null ? [] : [.. values], literal, allowZeroDate));
        _next += length;
        return this;
    }

    public LayoutBuilder Literal(string name, string value, string description)
        => Add(name, value.Length, char.IsAsciiDigit(value[0]) ? FieldKind.Numeric : FieldKind.Alphanumeric,
            FieldFormat.Literal, true, description, literal: value);

    public LayoutBuilder An(string name, int length, bool required, string description, params string[] values)
        => Add(name, length, FieldKind.Alphanumeric, FieldFormat.Text, required, description, values.Length == 0 ? null : values);

    public LayoutBuilder N(string name, int length, bool required, string description, params string[] values)
        => Add(name, length, FieldKind.Numeric, FieldFormat.Text, required, description, values.Length == 0 ? null : values);

    public LayoutBuilder Date(string name, bool required, string description, bool allowZero = false)
        => Add(name, 8, FieldKind.Numeric, FieldFormat.Date, required, description, allowZeroDate: allowZero);

    public LayoutBuilder YearMonth(string name, bool required, string description)
        => Add(name, 6, FieldKind.Numeric, FieldFormat.YearMonth, required, description, allowZeroDate: true);

    public LayoutBuilder Day(string name, bool required, string description)
        => Add(name, 2, FieldKind.Numeric, FieldFormat.DayOfMonth, required, description);

    public LayoutBuilder Timestamp(string name, bool required, string description)
        => Add(name, 20, FieldKind.Numeric, FieldFormat.Timestamp, required, description);

    public LayoutBuilder Timestamp14(string name, bool required, string description, bool allowZero)
        => Add(name, 14, FieldKind.Numeric, FieldFormat.Timestamp, required, description, allowZeroDate: allowZero);

    public LayoutBuilder Flag(string name, bool required, string description)
        => Add(name, 1, FieldKind.Alphanumeric, FieldFormat.Flag, required, description, ["J", "N"]);

    public LayoutBuilder Sign(string name, string description)
        => Add(name, 1, FieldKind.Alphanumeric, FieldFormat.Sign, false, description, ["+", "-"]);

    /// <summary>A sign followed by a 10-digit amount.</summary>
    public LayoutBuilder SignedAmount(string signName, string amountName, string description)
        => Sign(signName, "Sign of " + description).N(amountName, 10, true, description);

    public LayoutBuilder EmployerNumber(string name, bool required, string description, bool allowSenderNumber = false)
        => Add(name, 15, FieldKind.Alphanumeric,
            allowSenderNumber ? FieldFormat.EmployerOrSenderNumber : FieldFormat.EmployerNumber, required, description);

    public LayoutBuilder InsuranceNumber(string name, bool required, string description)
        => Add(name, 12, FieldKind.Alphanumeric, FieldFormat.InsuranceNumber, required, description);

    public LayoutBuilder Reserve(string name, int length)
        => Add(name, length, FieldKind.Alphanumeric, FieldFormat.Reserve, false, "Reserve (blank)");

    public LayoutBuilder Opaque(string name, int length, string description)
        => Add(name, length, FieldKind.Alphanumeric, FieldFormat.Opaque, false, description);

    public LayoutBuilder Group(string countField, int maxCount, SegmentLayout item)
    {
        _group = new RepeatingGroup(countField, maxCount, item);
        return this;
    }

    public SegmentLayout Build(int expectedLength)
    {
        var layout = new SegmentLayout(_identifier, _title, _fields.ToImmutable(), _group);
        if (layout.Length != expectedLength)
        {
            throw new InvalidOperationException(
                $"Layout {_identifier}: fields add up to {layout.Length} characters, the specification says {expectedLength}.");
        }

        return layout;
    }
}
