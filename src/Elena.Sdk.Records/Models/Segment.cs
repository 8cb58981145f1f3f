using System.Globalization;
using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>
/// A fixed-length piece of a record — a record's fixed part, a data block or a repeating group item — held
/// as its exact characters. Typed properties and the indexer read and write the characters directly, so a
/// segment read from a file writes back byte for byte.
/// </summary>
public abstract class Segment
{
    private readonly byte[] _data;

    /// <summary>Creates a blank segment: AN fields blank, N fields blank, constants (identifier, version) set.</summary>
    /// <param name="layout">The layout.</param>
    protected Segment(SegmentLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Layout = layout;
        _data = new byte[layout.Length];
        _data.AsSpan().Fill((byte)' ');
        foreach (var f in layout.Fields)
        {
            if (f.Format == FieldFormat.Literal)
            {
                f.LiteralBytes.CopyTo(_data.AsSpan(f.Offset));
            }
        }
    }

    /// <summary>Creates a segment from its characters (ISO-8859-1 bytes).</summary>
    /// <param name="layout">The layout.</param>
    /// <param name="data">Exactly <see cref="SegmentLayout.Length"/> bytes.</param>
    protected Segment(SegmentLayout layout, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (data.Length != layout.Length)
        {
            throw new ArgumentException($"{layout.Identifier} needs exactly {layout.Length} characters.", nameof(data));
        }

        Layout = layout;
        _data = data.ToArray();
    }

    /// <summary>The layout.</summary>
    public SegmentLayout Layout { get; }

    internal ReadOnlySpan<byte> Data => _data;

    internal Span<byte> WritableData => _data;

    /// <summary>
    /// Gets or sets a field by its specification name. Reading returns the characters without trailing blanks;
    /// writing left-justifies AN fields and right-justifies N fields with leading zeros; <see langword="null"/>
    /// or empty writes blanks.
    /// </summary>
    /// <param name="fieldName">The field name as in the specification (e.g. <c>FMNA</c>).</param>
    /// <exception cref="KeyNotFoundException">The layout has no such field.</exception>
    /// <exception cref="ArgumentException">The value is too long, not ISO-8859-1, or not digits for an N field.</exception>
    public string this[string fieldName]
    {
        get => GetText(fieldName);
        set => SetText(fieldName, value);
    }

    /// <summary>Gets the field's characters exactly as written, padding included.</summary>
    /// <param name="fieldName">The field name.</param>
    /// <returns>The raw characters.</returns>
    public string GetRaw(string fieldName)
    {
        var f = Field(fieldName);
        return Latin1.GetString(_data.AsSpan(f.Offset, f.Length));
    }

    /// <summary>Writes the field's characters exactly; the value must have the field's length.</summary>
    /// <param name="fieldName">The field name.</param>
    /// <param name="value">The characters.</param>
    public void SetRaw(string fieldName, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var f = Field(fieldName);
        if (value.Length != f.Length)
        {
            throw new ArgumentException($"Field {Layout.Identifier}.{f.Name} needs exactly {f.Length} characters.", nameof(value));
        }

        Encode(f, value, _data.AsSpan(f.Offset, f.Length));
    }

    /// <summary>Gets the field's value without trailing blanks.</summary>
    /// <param name="fieldName">The field name.</param>
    /// <returns>The value; empty when blank.</returns>
    protected string GetText(string fieldName)
    {
        var f = Field(fieldName);
        var span = Latin1.TrimEnd(_data.AsSpan(f.Offset, f.Length));
        return span.IsEmpty ? string.Empty : Latin1.GetString(span);
    }

    /// <summary>Sets a field's value (AN left-justified, N right-justified with zeros; null or empty = blank).</summary>
    /// <param name="fieldName">The field name.</param>
    /// <param name="value">The value.</param>
    protected void SetText(string fieldName, string? value)
    {
        var f = Field(fieldName);
        var target = _data.AsSpan(f.Offset, f.Length);
        if (string.IsNullOrEmpty(value))
        {
            target.Fill((byte)' ');
            return;
        }

        if (value.Length > f.Length)
        {
            throw new ArgumentException(
                $"{RecordErrorCodes.ValueTooLong}: the value for {Layout.Identifier}.{f.Name} has {value.Length} characters; the field holds {f.Length}.",
                nameof(value));
        }

        if (f.Kind == FieldKind.Numeric && f.Format != FieldFormat.Literal)
        {
            foreach (char c in value)
            {
                if (!char.IsAsciiDigit(c))
                {
                    throw new ArgumentException($"{RecordErrorCodes.NotNumeric}: field {Layout.Identifier}.{f.Name} is numeric and takes digits only.", nameof(value));
                }
            }

            int pad = f.Length - value.Length;
            target[..pad].Fill((byte)'0');
            Encode(f, value, target[pad..]);
        }
        else
        {
            Encode(f, value, target[..value.Length]);
            target[value.Length..].Fill((byte)' ');
        }
    }

    private void Encode(FieldDefinition f, string value, Span<byte> target)
    {
        int bad = Latin1.IndexOfInvalid(value);
        if (bad >= 0)
        {
            throw new ArgumentException(
                $"{RecordErrorCodes.CharacterNotAllowed}: the value for {Layout.Identifier}.{f.Name} has a character outside printable ISO-8859-1 at position {bad + 1}.",
                nameof(value));
        }

        for (int i = 0; i < value.Length; i++)
        {
            target[i] = (byte)value[i];
        }
    }

    /// <summary>Reads an N field as a number; <see langword="null"/> when blank or not digits.</summary>
    /// <param name="fieldName">The field name.</param>
    /// <returns>The number.</returns>
    protected long? GetNumber(string fieldName)
    {
        var f = Field(fieldName);
        var span = _data.AsSpan(f.Offset, f.Length);
        if (Latin1.IsBlank(span) || span.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
        {
            return null;
        }

        long value = 0;
        foreach (byte b in span)
        {
            value = (value * 10) + (b - '0');
        }

        return value;
    }

    /// <summary>Writes a number right-justified with leading zeros; <see langword="null"/> writes blanks.</summary>
    /// <param name="fieldName">The field name.</param>
    /// <param name="value">The number, not negative.</param>
    protected void SetNumber(string fieldName, long? value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value ?? 0, nameof(value));
        SetText(fieldName, value?.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Writes a number right-justified with leading zeros; <see langword="null"/> writes zeros.</summary>
    /// <param name="fieldName">The field name.</param>
    /// <param name="value">The number.</param>
    protected void SetNumberOrZero(string fieldName, long? value) => SetNumber(fieldName, value ?? 0);

    /// <summary>Reads a date field (JJJJMMTT); <see langword="null"/> when blank, zeros or invalid.</summary>
    /// <param name="fieldName">The field name.</param>
    /// <returns>The date.</returns>
    protected DateOnly? GetDate(string fieldName)
    {
        var f = Field(fieldName);
        var span = _data.AsSpan(f.Offset, f.Length);
        if (!RecordDecoder.IsValidDate(span))
        {
            return null;
        }

        return new DateOnly(
            ((span[0] - '0') * 1000) + ((span[1] - '0') * 100) + ((span[2] - '0') * 10) + (span[3] - '0'),
            ((span[4] - '0') * 10) + (span[5] - '0'),
            ((span[6] - '0') * 10) + (span[7] - '0'));
    }

    /// <summary>Writes a date (JJJJMMTT); <see langword="null"/> writes zeros where the layout allows no date, else blanks.</summary>
    /// <param name="fieldName">The field name.</param>
    /// <param name="value">The date.</param>
    protected void SetDate(string fieldName, DateOnly? value)
    {
        var f = Field(fieldName);
        if (value is null)
        {
            SetText(fieldName, f.AllowZeroDate ? new string('0', f.Length) : null);
            return;
        }

        SetText(fieldName, value.Value.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
    }

    /// <summary>Reads a J/N flag; <see langword="null"/> when blank or another value.</summary>
    /// <param name="fieldName">The field name.</param>
    /// <returns>The flag.</returns>
    protected bool? GetFlag(string fieldName)
    {
        var f = Field(fieldName);
        return _data[f.Offset] switch
        {
            (byte)'J' => true,
            (byte)'N' => false,
            _ => null,
        };
    }

    /// <summary>Writes a J/N flag; <see langword="null"/> writes a blank.</summary>
    /// <param name="fieldName">The field name.</param>
    /// <param name="value">The flag.</param>
    protected void SetFlag(string fieldName, bool? value) => SetText(fieldName, value switch { true => "J", false => "N", null => null });

    /// <summary>Reads a signed amount: a sign field (+, - or blank) and a 10-digit amount.</summary>
    /// <param name="signField">The sign field.</param>
    /// <param name="amountField">The amount field.</param>
    /// <returns>The amount in cents; <see langword="null"/> when the amount is blank.</returns>
    protected long? GetSigned(string signField, string amountField)
    {
        long? amount = GetNumber(amountField);
        return amount is null ? null : GetText(signField) == "-" ? -amount : amount;
    }

    /// <summary>Writes a signed amount: sign <c>-</c> for negative, <c>+</c> otherwise, and the absolute amount.</summary>
    /// <param name="signField">The sign field.</param>
    /// <param name="amountField">The amount field.</param>
    /// <param name="cents">The amount in cents.</param>
    protected void SetSigned(string signField, string amountField, long? cents)
    {
        if (cents is null)
        {
            SetText(signField, null);
            SetNumber(amountField, 0);
            return;
        }

        SetText(signField, cents < 0 ? "-" : "+");
        SetNumber(amountField, Math.Abs(cents.Value));
    }

    /// <summary>Reads a Betriebsnummer field (8 digits + blanks) without the padding.</summary>
    /// <param name="fieldName">The field name.</param>
    /// <returns>The number; empty when blank.</returns>
    protected string GetEmployerNumber(string fieldName) => GetText(fieldName);

    private FieldDefinition Field(string fieldName)
        => Layout.FindField(fieldName) ?? throw new KeyNotFoundException($"{Layout.Identifier} has no field named {fieldName}.");

    /// <summary>All fields with their values (without trailing blanks), in layout order.</summary>
    /// <returns>Name/value pairs.</returns>
    public IEnumerable<KeyValuePair<string, string>> GetFields()
    {
        foreach (var f in Layout.Fields)
        {
            var span = Latin1.TrimEnd(_data.AsSpan(f.Offset, f.Length));
            yield return KeyValuePair.Create(f.Name, span.IsEmpty ? string.Empty : Latin1.GetString(span));
        }
    }
}
