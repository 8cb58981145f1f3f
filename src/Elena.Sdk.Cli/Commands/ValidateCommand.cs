using System.CommandLine;
using Elena.Sdk.Records;
using Elena.Sdk.Records.Validation;

namespace Elena.Sdk.Cli.Commands;

/// <summary><c>elena validate FILE</c>: exit 0 when valid, else 1 and one line per error.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("file") { Description = "The record file to validate." };
        var channel = new Option<TransferChannel>("--channel")
        {
            Description = "The channel the file is meant for: Extra (20,000 records) or Mail (2,000).",
            DefaultValueFactory = _ => TransferChannel.Extra,
        };
        var command = new Command("validate", "Validate a file: fields, check digits, framing, counts and limits. Exit code 0 when valid, 1 when not.")
        {
            file,
            channel,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await error.WriteLineAsync($"elena: file not found: {path.FullName}").ConfigureAwait(false);
                return ElenaCli.UsageError;
            }

            var options = new FileValidationOptions { Channel = parse.GetValue(channel) };
            var result = await RecordFileValidator.ValidateFileAsync(path.FullName, options, cancellationToken).ConfigureAwait(false);
            foreach (var finding in result.Findings)
            {
                await output.WriteLineAsync(Format(finding)).ConfigureAwait(false);
            }

            string truncated = result.IsTruncated ? $" (only the first {options.MaxFindings} findings are listed)" : "";
            await error.WriteLineAsync(
                $"{path.Name}: {result.RecordCount} records, {result.ErrorCount} errors, {result.Warnings.Count()} warnings{truncated}: {(result.IsValid ? "valid" : "invalid")}")
                .ConfigureAwait(false);
            return result.IsValid ? ElenaCli.Success : ElenaCli.Invalid;
        });
        return command;
    }

    /// <summary>One line per finding: code, record number, record type, field, column, byte offset, message.</summary>
    internal static string Format(RecordError finding)
    {
        var l = finding.Location;
        string severity = finding.Severity == RecordErrorSeverity.Warning ? "warning " : "";
        string type = l.BlockType is null ? l.RecordType : $"{l.RecordType}/{l.BlockType}";
        return $"{severity}{finding.Code} record {l.RecordNumber} {(type.Length == 0 ? "-" : type)} field {l.FieldName ?? "-"} column {l.Column} length {l.Length} byte {l.ByteOffset}: {finding.Message}";
    }
}
