using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Elena.Sdk.Records;
using Elena.Sdk.Records.Layouts;
using Elena.Sdk.Records.Reading;

namespace Elena.Sdk.Cli.Commands;

/// <summary><c>elena inspect FILE [--json]</c>: every record field by field, for people or as JSON.</summary>
internal static class InspectCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("file") { Description = "The record file to show." };
        var json = new Option<bool>("--json") { Description = "Write JSON: {\"records\":[{\"number\",\"type\",\"fields\",\"blocks\"}]}." };
        var command = new Command("inspect", "Show a file record by record: field name, columns and value.") { file, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await error.WriteLineAsync($"elena: file not found: {path.FullName}").ConfigureAwait(false);
                return ElenaCli.UsageError;
            }

            await using var stream = new FileStream(path.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
            return parse.GetValue(json)
                ? await WriteJsonAsync(stream, output, cancellationToken).ConfigureAwait(false)
                : await WriteTextAsync(stream, output, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static RecordReaderOptions Lenient => new() { ThrowOnError = false, ValidateFields = false };

    internal static async Task<int> WriteTextAsync(Stream stream, TextWriter output, CancellationToken cancellationToken)
    {
        await using var reader = new RecordReader(stream, Lenient);
        var sb = new StringBuilder();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var r = reader.Current;
            sb.Clear();
            string version = r.Layout is null ? "" : $" v{r.Layout.Version}";
            sb.Append(CultureInfo.InvariantCulture, $"Record {r.Number}: {(r.RecordType.Length == 0 ? "?" : r.RecordType)}{version}, {r.Length} characters, byte offset {r.ByteOffset}");
            sb.AppendLine(r.Layout is null ? "" : $" — {r.Layout.FixedPart.Title}");
            if (!r.IsDecoded)
            {
                foreach (var f in r.Findings)
                {
                    sb.AppendLine(CultureInfo.InvariantCulture, $"  cannot be decoded: {f.Code} {f.Message}");
                }

                await output.WriteAsync(sb, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var bytes = r.Bytes;
            AppendFields(sb, bytes, r.Layout!.FixedPart, 0, "  ");
            if (r.Layout.IsOpaque)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  (rest of the record, columns {r.Layout.FixedPart.Length + 1}-{r.Length}, kept verbatim: no layout for this version)");
            }

            foreach (var block in r.Structure.Blocks)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {block.Identifier} {block.Layout.Title}, columns {block.Offset + 1}-{block.Offset + block.Length}");
                AppendFields(sb, bytes, block.Layout, block.Offset, "    ");
                if (block.Layout.Group is { } group)
                {
                    for (int k = 0; k < block.ItemCount; k++)
                    {
                        int offset = block.Offset + block.Layout.Length + (k * group.Item.Length);
                        sb.AppendLine(CultureInfo.InvariantCulture, $"    item {k + 1}:");
                        AppendFields(sb, bytes, group.Item, offset, "      ");
                    }
                }
            }

            await output.WriteAsync(sb, cancellationToken).ConfigureAwait(false);
        }

        return ElenaCli.Success;
    }

    private static void AppendFields(StringBuilder sb, ReadOnlySpan<byte> bytes, SegmentLayout layout, int offset, string indent)
    {
        foreach (var f in layout.Fields)
        {
            int start = offset + f.Position;
            string value = Encoding.Latin1.GetString(bytes.Slice(start - 1, f.Length)).TrimEnd();
            sb.Append(indent).Append(f.Name.PadRight(16)).Append(' ')
              .Append(string.Create(CultureInfo.InvariantCulture, $"{start}-{start + f.Length - 1}").PadRight(10)).Append(' ')
              .Append(f.Kind == FieldKind.Numeric ? "N  " : "AN ")
              .Append('"').Append(value).Append('"').AppendLine();
        }
    }

    internal static async Task<int> WriteJsonAsync(Stream stream, TextWriter output, CancellationToken cancellationToken)
    {
        await using var reader = new RecordReader(stream, Lenient);
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        var jsonOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        await output.WriteAsync("{\"records\":[").ConfigureAwait(false);
        bool first = true;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(buffer, jsonOptions))
            {
                WriteRecord(json, reader.Current);
            }

            if (!first)
            {
                await output.WriteAsync(',').ConfigureAwait(false);
            }

            first = false;
            await output.WriteAsync(Encoding.UTF8.GetString(buffer.WrittenSpan)).ConfigureAwait(false);
        }

        await output.WriteLineAsync("]}").ConfigureAwait(false);
        return ElenaCli.Success;
    }

    private static void WriteRecord(Utf8JsonWriter json, RecordView r)
    {
        json.WriteStartObject();
        json.WriteNumber("number", r.Number);
        json.WriteString("type", r.RecordType);
        if (r.Layout is not null)
        {
            json.WriteString("version", r.Layout.Version);
        }

        json.WriteNumber("byteOffset", r.ByteOffset);
        if (!r.IsDecoded)
        {
            json.WriteStartArray("errors");
            foreach (var f in r.Findings)
            {
                json.WriteStartObject();
                json.WriteString("code", f.Code);
                json.WriteString("message", f.Message);
                json.WriteNumber("column", f.Location.Column);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            return;
        }

        var bytes = r.Bytes;
        WriteFields(json, bytes, r.Layout!.FixedPart, 0);
        json.WriteStartArray("blocks");
        foreach (var block in r.Structure.Blocks)
        {
            json.WriteStartObject();
            json.WriteString("type", block.Identifier);
            WriteFields(json, bytes, block.Layout, block.Offset);
            if (block.Layout.Group is { } group)
            {
                json.WriteStartArray("items");
                for (int k = 0; k < block.ItemCount; k++)
                {
                    json.WriteStartObject();
                    WriteFields(json, bytes, group.Item, block.Offset + block.Layout.Length + (k * group.Item.Length));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter json, ReadOnlySpan<byte> bytes, SegmentLayout layout, int offset)
    {
        json.WriteStartObject("fields");
        foreach (var f in layout.Fields)
        {
            json.WriteString(f.Name, Encoding.Latin1.GetString(bytes.Slice(offset + f.Position - 1, f.Length)).Trim());
        }

        json.WriteEndObject();
    }
}
