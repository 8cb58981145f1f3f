namespace Elena.Sdk.Records;

/// <summary>
/// A record file or record is malformed. Carries a stable <see cref="Code"/> and the <see cref="Location"/>;
/// the message never contains a field's value.
/// </summary>
public sealed class RecordFormatException : FormatException
{
    /// <summary>Creates the exception from a finding.</summary>
    /// <param name="error">The finding.</param>
    public RecordFormatException(RecordError error)
        : base($"{error.Code}: {error.Message} ({error.Location})")
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>The finding.</summary>
    public RecordError Error { get; }

    /// <summary>The error code (<see cref="RecordErrorCodes"/>).</summary>
    public string Code => Error.Code;

    /// <summary>Where the error is.</summary>
    public RecordLocation Location => Error.Location;
}
