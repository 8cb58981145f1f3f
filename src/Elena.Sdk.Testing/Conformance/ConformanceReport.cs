using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Transport.Replies;

namespace Elena.Sdk.Testing.Conformance;

/// <summary>Writes the results of a conformance run as a page a person reads (<c>report.html</c>) and as JUnit XML for CI.</summary>
public static class ConformanceReport
{
    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes <c>report.html</c> and <c>junit.xml</c> into a folder (created when missing).</summary>
    /// <param name="folder">The report folder.</param>
    /// <param name="results">The results, in run order.</param>
    /// <param name="subject">The subject's name, shown in the summary.</param>
    /// <param name="finishedAt">When the run ended.</param>
    public static void Write(string folder, IReadOnlyList<CaseResult> results, string subject, DateTimeOffset finishedAt)
    {
        ArgumentNullException.ThrowIfNull(results);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "report.html"), Html(results, subject, finishedAt), Encoding.UTF8);
        using var junit = XmlWriter.Create(Path.Combine(folder, "junit.xml"), new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) });
        JUnit(junit, results);
    }

    /// <summary>The HTML page: summary, then each case with its seed rule, inputs, the reply records field by field, and why it failed.</summary>
    /// <param name="results">The results.</param>
    /// <param name="subject">The subject's name.</param>
    /// <param name="finishedAt">When the run ended.</param>
    /// <returns>The page.</returns>
    public static string Html(IReadOnlyList<CaseResult> results, string subject, DateTimeOffset finishedAt)
    {
        ArgumentNullException.ThrowIfNull(results);
        int passed = results.Count(r => r.Passed);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ELENA conformance report</title>\n")
            .Append("<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}td,th{border:1px solid #aaa;padding:.2em .5em;text-align:left;vertical-align:top}")
            .Append(".pass{color:#075e07}.fail{color:#a00000;font-weight:bold}code,pre{font-family:monospace}details{margin:.3em 0 1em 0}tbody td:first-child{white-space:nowrap}</style></head><body>\n")
            .Append("<h1>ELENA conformance report</h1>\n<p>Subject: <strong>").Append(E(subject)).Append("</strong>. Finished ")
            .Append(E(finishedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))).Append(".</p>\n<p class=\"")
            .Append(passed == results.Count ? "pass" : "fail").Append("\">").Append(passed).Append(" of ").Append(results.Count).Append(" cases passed.</p>\n")
            .Append("<table><thead><tr><th>Case</th><th>What it checks</th><th>Seed rule</th><th>Result</th></tr></thead><tbody>\n");
        foreach (var r in results)
        {
            html.Append("<tr><td><a href=\"#").Append(E(r.Case.Id)).Append("\">").Append(E(r.Case.Id)).Append("</a></td><td>").Append(E(r.Case.Title))
                .Append("</td><td>").Append(E(r.Case.Seed)).Append("</td><td class=\"").Append(r.Passed ? "pass\">pass" : "fail\">FAIL").Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
        foreach (var r in results)
        {
            html.Append("<h2 id=\"").Append(E(r.Case.Id)).Append("\">").Append(E(r.Case.Id)).Append(": ").Append(E(r.Case.Title)).Append("</h2>\n")
                .Append("<p>Seed rule: ").Append(E(r.Case.Seed)).Append(". Result: <span class=\"").Append(r.Passed ? "pass\">pass" : "fail\">FAIL").Append("</span></p>\n");
            if (!r.Passed)
            {
                html.Append("<ul>");
                foreach (string failure in r.Failures)
                {
                    html.Append("<li class=\"fail\">").Append(E(failure)).Append("</li>");
                }

                html.Append("</ul>\n");
            }

            html.Append("<details" + (r.Passed ? string.Empty : " open") + "><summary>What the software must do</summary><ol>");
            foreach (string step in ConformanceScenarioText.Describe(r.Case))
            {
                html.Append("<li>").Append(E(step)).Append("</li>");
            }

            html.Append("</ol></details>\n<details><summary>Inputs (catalogue entry)</summary><pre>").Append(E(System.Text.Json.JsonSerializer.Serialize(
                new { r.Case.File, r.Case.Send, r.Case.Faults, r.Case.Next, r.Case.DaysAfter, r.Case.Retrieval, r.Case.Certificate, r.Case.Card }, Indented)))
                .Append("</pre></details>\n<p>Delivered: ").Append(E(r.Delivery.ToString()))
                .Append(r.Received.Count > 0 ? "; the subject received: " + E(string.Join(", ", r.Received)) : string.Empty).Append(".</p>\n");
            if (r.Submission is { } submission)
            {
                html.Append("<p>Replies: ").Append(E(string.Join(", ", submission.Replies.Select(x => $"{x.Kind} ({x.Route})")))).Append("; stored ")
                    .Append(submission.StoredCount).Append(submission.IsPending ? "; pending" : string.Empty).Append(".</p>\n");
                foreach (var reply in submission.Replies.Where(x => x.File is not null))
                {
                    html.Append("<details><summary>").Append(E(reply.Kind.ToString())).Append(" — reply file, record by record</summary>\n");
                    RenderReplyFile(html, reply.File!);
                    html.Append("</details>\n");
                }
            }
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void RenderReplyFile(StringBuilder html, byte[] file)
    {
        ReplyFile parsed;
        try
        {
            parsed = ReplyFile.Parse(file);
        }
        catch (Elena.Sdk.Records.RecordFormatException ex)
        {
            html.Append("<p class=\"fail\">The reply file cannot be read: ").Append(E(ex.Message)).Append("</p>");
            return;
        }

        foreach (var record in parsed.Records)
        {
            html.Append("<table><caption>Record ").Append(record.Number).Append(": ").Append(E(record.RecordType)).Append("</caption><tbody>");
            Fields(html, record.Record);
            foreach (var block in record.Record.Blocks)
            {
                html.Append("<tr><th colspan=\"2\">").Append(E(block.Identifier)).Append("</th></tr>");
                Fields(html, block);
            }

            foreach (var error in record.Record.Errors)
            {
                html.Append("<tr><th colspan=\"2\">DBFE</th></tr>");
                Fields(html, error);
            }

            html.Append("</tbody></table>\n");
        }
    }

    /// <summary>
    /// A reply file as plain text, record by record and field by field (<c>NAME = value</c>, blocks indented), for
    /// snapshot tests and support staff; a file that cannot be read says why.
    /// </summary>
    /// <param name="file">The plain reply file.</param>
    /// <returns>The text, with LF line ends.</returns>
    public static string Text(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        ReplyFile parsed;
        try
        {
            parsed = ReplyFile.Parse(file);
        }
        catch (Elena.Sdk.Records.RecordFormatException ex)
        {
            return "The reply file cannot be read: " + ex.Message + "\n";
        }

        var text = new StringBuilder();
        foreach (var record in parsed.Records)
        {
            text.Append("Record ").Append(record.Number.ToString(CultureInfo.InvariantCulture)).Append(": ").Append(record.RecordType).Append('\n');
            TextFields(text, record.Record, "  ");
            foreach (var block in record.Record.Blocks)
            {
                text.Append("  ").Append(block.Identifier).Append('\n');
                TextFields(text, block, "    ");
            }

            foreach (var error in record.Record.Errors)
            {
                text.Append("  DBFE\n");
                TextFields(text, error, "    ");
            }
        }

        return text.ToString();
    }

    private static void TextFields(StringBuilder text, Segment segment, string indent)
    {
        foreach (var field in segment.Layout.Fields)
        {
            text.Append(indent).Append(field.Name.PadRight(10)).Append(" = ").Append(segment[field.Name].TrimEnd()).Append('\n');
        }
    }

    private static void Fields(StringBuilder html, Segment segment)
    {
        foreach (var field in segment.Layout.Fields)
        {
            html.Append("<tr><td><code>").Append(E(field.Name)).Append("</code></td><td><code>").Append(E(segment[field.Name])).Append("</code></td></tr>");
        }
    }

    private static void JUnit(XmlWriter xml, IReadOnlyList<CaseResult> results)
    {
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", "elena-conformance");
        xml.WriteAttributeString("tests", results.Count.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", results.Count(r => !r.Passed).ToString(CultureInfo.InvariantCulture));
        foreach (var r in results)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", "conformance." + r.Case.Id.Split('-')[0]);
            xml.WriteAttributeString("name", $"{r.Case.Id} {r.Case.Title} [{r.Case.Seed}]");
            if (!r.Passed)
            {
                xml.WriteStartElement("failure");
                xml.WriteAttributeString("message", string.Join("; ", r.Failures));
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
