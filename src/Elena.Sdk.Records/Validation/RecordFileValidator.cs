using Elena.Sdk.Records.Reading;

namespace Elena.Sdk.Records.Validation;

/// <summary>
/// Validates a whole record file in one streaming pass and returns every finding (structure, fields, file
/// rules) with its location. Memory stays flat whatever the file size.
/// </summary>
public static class RecordFileValidator
{
    /// <summary>Validates a file from a stream.</summary>
    /// <param name="stream">The file content.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels validation.</param>
    /// <returns>The result.</returns>
    public static async Task<ValidationResult> ValidateAsync(Stream stream, FileValidationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= FileValidationOptions.Default;
        var findings = new List<RecordError>();
        var sink = new ErrorSink(findings, options.MaxFindings);
        var rules = new FileRules(options, sink);
        long errors = 0;
        bool truncated = false;
        await using var reader = new RecordReader(stream, new RecordReaderOptions
        {
            ThrowOnError = false,
            ValidateFields = options.ValidateFields,
            MaxRecordLength = options.MaxRecordLength,
        });
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var current = reader.Current;
            foreach (var finding in current.Findings)
            {
                if (finding.Severity == RecordErrorSeverity.Error)
                {
                    errors++;
                }

                if (findings.Count < options.MaxFindings)
                {
                    findings.Add(finding);
                }
                else
                {
                    truncated = true;
                }
            }

            rules.Observe(current);
        }

        rules.Finish();
        return new ValidationResult(findings, reader.Current.Number, errors + sink.ErrorCount, truncated || sink.Truncated);
    }

    /// <summary>Validates a file on disk.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels validation.</param>
    /// <returns>The result.</returns>
    public static async Task<ValidationResult> ValidateFileAsync(string path, FileValidationOptions? options = null, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        return await ValidateAsync(stream, options, cancellationToken).ConfigureAwait(false);
    }
}
