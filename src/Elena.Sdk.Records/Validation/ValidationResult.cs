using System.Collections.ObjectModel;

namespace Elena.Sdk.Records.Validation;

/// <summary>The outcome of validating a file: all findings in file order, and the counts.</summary>
public sealed class ValidationResult
{
    internal ValidationResult(IList<RecordError> findings, long recordCount, long errorCount, bool truncated)
    {
        Findings = new ReadOnlyCollection<RecordError>(findings);
        RecordCount = recordCount;
        ErrorCount = errorCount;
        IsTruncated = truncated;
    }

    /// <summary>All errors and warnings collected (at most <see cref="FileValidationOptions.MaxFindings"/>).</summary>
    public IReadOnlyList<RecordError> Findings { get; }

    /// <summary>The errors collected.</summary>
    public IEnumerable<RecordError> Errors => Findings.Where(f => f.Severity == RecordErrorSeverity.Error);

    /// <summary>The warnings collected.</summary>
    public IEnumerable<RecordError> Warnings => Findings.Where(f => f.Severity == RecordErrorSeverity.Warning);

    /// <summary>The number of errors found, including those not collected because of the limit.</summary>
    public long ErrorCount { get; }

    /// <summary>True when there is no error (warnings allowed).</summary>
    public bool IsValid => ErrorCount == 0;

    /// <summary>Number of records read.</summary>
    public long RecordCount { get; }

    /// <summary>True when more findings existed than the configured maximum; the rest were counted but not collected.</summary>
    public bool IsTruncated { get; }

    /// <summary>Throws a <see cref="RecordFormatException"/> for the first error, if any.</summary>
    /// <returns>This result, for chaining.</returns>
    public ValidationResult EnsureValid()
    {
        var first = Errors.FirstOrDefault();
        return first is null ? this : throw new RecordFormatException(first);
    }
}
