using System.Collections.ObjectModel;

namespace Elena.Sdk.Records.Validation;

/// <summary>The outcome of validating a file: all findings, in file order.</summary>
public sealed class ValidationResult
{
    internal ValidationResult(IList<RecordError> findings, long recordCount, bool truncated)
    {
        Findings = new ReadOnlyCollection<RecordError>(findings);
        RecordCount = recordCount;
        IsTruncated = truncated;
    }

    /// <summary>All errors and warnings.</summary>
    public IReadOnlyList<RecordError> Findings { get; }

    /// <summary>The errors only.</summary>
    public IEnumerable<RecordError> Errors => Findings.Where(f => f.Severity == RecordErrorSeverity.Error);

    /// <summary>The warnings only.</summary>
    public IEnumerable<RecordError> Warnings => Findings.Where(f => f.Severity == RecordErrorSeverity.Warning);

    /// <summary>True when there is no error (warnings allowed).</summary>
    public bool IsValid => !Errors.Any();

    /// <summary>Number of records read.</summary>
    public long RecordCount { get; }

    /// <summary>True when more findings existed than the configured maximum; the rest were not collected.</summary>
    public bool IsTruncated { get; }

    /// <summary>Throws a <see cref="RecordFormatException"/> for the first error, if any.</summary>
    /// <returns>This result, for chaining.</returns>
    public ValidationResult EnsureValid()
    {
        var first = Errors.FirstOrDefault();
        return first is null ? this : throw new RecordFormatException(first);
    }
}
