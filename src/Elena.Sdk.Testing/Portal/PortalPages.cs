using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;

namespace Elena.Sdk.Testing.Portal;

/// <summary>
/// The server-rendered pages: no script, landmarks (header, nav, main, footer), captions and header cells with scope,
/// a lang attribute, a labelled language switch. Every value is HTML-encoded.
/// </summary>
internal static class PortalPages
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff}
        header,main,footer,nav{padding:0 1.5rem}
        header{background:#003064;color:#fff;padding-top:.6rem;padding-bottom:.6rem}
        header p{margin:.2rem 0 0}
        a{color:#0b4f9c}
        nav{display:flex;gap:1.5rem;align-items:center;flex-wrap:wrap;border-bottom:1px solid #ccc;padding-top:.4rem;padding-bottom:.4rem}
        table{border-collapse:collapse;margin:.5rem 0 1.5rem}
        caption{text-align:left;font-weight:600;padding:.3rem 0}
        th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}
        thead th{background:#e8eef6}
        td.n{text-align:right}
        .pending{color:#8a4b00;font-weight:600}
        .rejected{color:#a00000;font-weight:600}
        .processed{color:#0a5c0a;font-weight:600}
        table.dbfe{margin:0}
        dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}
        dt{font-weight:600}
        dd{margin:0}
        button{font:inherit}
        """;

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    /// <summary>The Content-Security-Policy source of the one inline style sheet (no other style or script is allowed).</summary>
    public static readonly string StyleHash = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style))) + "'";

    private static string E(string? value) => Encoder.Encode(value ?? string.Empty);

    private static string N(int value, PortalText text) => value.ToString(text.Culture);

    public static string FileList(PortalText text, string employer, IReadOnlyList<PortalFileStatus> files, string query)
    {
        var body = new StringBuilder();
        body.Append("<h2 id=\"files\">").Append(E(text.Files)).Append("</h2>\n");
        if (files.Count == 0)
        {
            body.Append("<p>").Append(E(text.NoFiles)).Append("</p>\n");
        }
        else
        {
            body.Append("<table aria-labelledby=\"files\">\n<caption>").Append(E(text.FilesCaption)).Append("</caption>\n<thead><tr>");
            foreach (string head in new[]
            {
                text.FileId, text.FileNumber, text.Channel, text.ReceivedAt, text.State, text.Stored, text.Rejected, text.Notices, text.RepliesWaiting, text.DaysLeft,
            })
            {
                body.Append("<th scope=\"col\">").Append(E(head)).Append("</th>");
            }

            body.Append("</tr></thead>\n<tbody>\n");
            foreach (var file in files)
            {
                body.Append("<tr><th scope=\"row\"><a href=\"/portal/files/").Append(E(Uri.EscapeDataString(file.FileId))).Append(E(query)).Append("\">")
                    .Append(E(file.FileId)).Append("</a></th>")
                    .Append("<td>").Append(E(file.FileNumber ?? text.None)).Append("</td>")
                    .Append("<td>").Append(E(text.Of(file.Channel))).Append("</td>")
                    .Append("<td>").Append(E(text.Format(file.ReceivedAt))).Append("</td>")
                    .Append("<td>").Append(StateCell(text, file)).Append("</td>")
                    .Append("<td class=\"n\">").Append(N(file.Counts.Stored, text)).Append("</td>")
                    .Append("<td class=\"n\">").Append(N(file.Counts.Rejected, text)).Append("</td>")
                    .Append("<td class=\"n\">").Append(N(file.Counts.Notices, text)).Append("</td>")
                    .Append("<td class=\"n\">").Append(N(file.RepliesWaiting, text)).Append("</td>")
                    .Append("<td class=\"n\">").Append(file.MinimumDaysLeft is { } days ? N(days, text) : E(text.None)).Append("</td></tr>\n");
            }

            body.Append("</tbody>\n</table>\n");
        }

        return Page(text, text.Files, employer, body.ToString(), "/portal/");
    }

    private static string StateCell(PortalText text, PortalFileStatus file)
    {
        string css = file.State switch
        {
            PortalFileState.Pending => "pending",
            PortalFileState.Rejected => "rejected",
            PortalFileState.Processed => "processed",
            _ => string.Empty,
        };
        var cell = new StringBuilder();
        cell.Append("<span class=\"").Append(css).Append("\">").Append(E(text.Of(file.State))).Append("</span>");
        if (file.PendingReason is { } reason)
        {
            cell.Append("<br>").Append(E(text.PendingReason)).Append(": ").Append(E(reason));
        }

        return cell.ToString();
    }

    public static string FileDetail(PortalText text, string employer, PortalFileDetail detail, string query)
    {
        var file = detail.Status;
        var body = new StringBuilder();
        body.Append("<p><a href=\"/portal/").Append(E(query)).Append("\">").Append(E(text.Back)).Append("</a></p>\n");
        body.Append("<h2 id=\"summary\">").Append(E(text.FileId)).Append(' ').Append(E(file.FileId)).Append("</h2>\n<dl aria-labelledby=\"summary\">\n");
        void Row(string term, string htmlValue) => body.Append("<dt>").Append(E(term)).Append("</dt><dd>").Append(htmlValue).Append("</dd>\n");
        Row(text.Employer, E(file.Employer));
        Row(text.FileNumber, E(file.FileNumber ?? text.None));
        Row(text.Channel, E(text.Of(file.Channel)));
        Row(text.ReceivedAt, E(text.Format(file.ReceivedAt)));
        Row(text.State, StateCell(text, file));
        Row(text.Records, E(string.Create(text.Culture,
            $"{file.Counts.Records}: {file.Counts.Stored} {text.Stored}, {file.Counts.Rejected} {text.Rejected}, {file.Counts.Notices} {text.Notices}, {file.Counts.NumbersAssigned} {text.NumbersAssigned}")));
        Row(text.RepliesWaiting, E(N(file.RepliesWaiting, text)) + (file.MinimumDaysLeft is { } left ? E($" ({text.DaysLeft}: {N(left, text)})") : string.Empty));
        body.Append("</dl>\n");

        body.Append("<h2 id=\"replies\">").Append(E(text.Replies)).Append("</h2>\n");
        body.Append("<table aria-labelledby=\"replies\">\n<caption>").Append(E(text.RepliesCaption)).Append("</caption>\n<thead><tr>");
        foreach (string head in new[] { text.Kind, text.Route, text.Subject, text.Delivery, text.DaysLeft })
        {
            body.Append("<th scope=\"col\">").Append(E(head)).Append("</th>");
        }

        body.Append("</tr></thead>\n<tbody>\n");
        foreach (var reply in detail.Replies)
        {
            var delivery = new StringBuilder(E(text.Of(reply.State, reply.Route)));
            if (reply.FetchedAt is { } fetched)
            {
                delivery.Append("<br>").Append(E(text.Format(fetched)));
            }

            if (reply.AcknowledgedAt is { } acknowledged)
            {
                delivery.Append("<br>").Append(E(text.Format(acknowledged)));
            }

            if (reply.Reason is { } reason)
            {
                delivery.Append("<br>").Append(E(reason));
            }

            body.Append("<tr><th scope=\"row\">").Append(E(text.Of(reply.Kind))).Append("</th>")
                .Append("<td>").Append(E(text.Of(reply.Route))).Append("</td>")
                .Append("<td>").Append(E(reply.MailSubject)).Append("</td>")
                .Append("<td>").Append(delivery).Append("</td>")
                .Append("<td class=\"n\">").Append(reply.DaysLeft is { } days ? N(days, text) : E(text.None)).Append("</td></tr>\n");
        }

        body.Append("</tbody>\n</table>\n");

        body.Append("<h2 id=\"records\">").Append(E(text.Records)).Append("</h2>\n");
        if (detail.Records.Count == 0)
        {
            body.Append("<p>").Append(E(text.NoRecords)).Append("</p>\n");
        }
        else
        {
            body.Append("<table aria-labelledby=\"records\">\n<caption>").Append(E(text.RecordsCaption)).Append("</caption>\n<thead><tr>");
            foreach (string head in new[] { text.Number, text.RecordType, text.Outcome, text.Reply, text.AssignedNumber, text.ReasonCode, text.Errors })
            {
                body.Append("<th scope=\"col\">").Append(E(head)).Append("</th>");
            }

            body.Append("</tr></thead>\n<tbody>\n");
            foreach (var record in detail.Records)
            {
                string css = record.Outcome == PortalRecordOutcome.Rejected ? " class=\"rejected\"" : string.Empty;
                body.Append("<tr id=\"record-").Append(record.Number.ToString(CultureInfo.InvariantCulture)).Append("\"><th scope=\"row\">")
                    .Append(record.Number.ToString(CultureInfo.InvariantCulture)).Append("</th>")
                    .Append("<td>").Append(E(record.RecordType)).Append("</td>")
                    .Append("<td").Append(css).Append('>').Append(E(text.Of(record.Outcome))).Append("</td>")
                    .Append("<td>").Append(record.Reply is { } kind ? E(text.Of(kind)) : E(text.None)).Append("</td>")
                    .Append("<td>").Append(E(record.AssignedNumber ?? text.None)).Append("</td>")
                    .Append("<td>").Append(E(record.ReasonCode ?? text.None)).Append("</td><td>");
                if (record.Errors.Count == 0)
                {
                    body.Append(E(text.None));
                }
                else
                {
                    body.Append("<table class=\"dbfe\"><caption>").Append(E(text.Errors)).Append(' ').Append(E(text.Number)).Append(' ')
                        .Append(record.Number.ToString(CultureInfo.InvariantCulture)).Append("</caption><thead><tr>");
                    foreach (string head in new[] { text.Code, text.Field, text.Text, text.Meaning })
                    {
                        body.Append("<th scope=\"col\">").Append(E(head)).Append("</th>");
                    }

                    body.Append("</tr></thead><tbody>");
                    foreach (var error in record.Errors)
                    {
                        body.Append("<tr><th scope=\"row\"><code>").Append(E(error.Code)).Append("</code></th>")
                            .Append("<td>").Append(error.Field.Length == 0 ? E(text.None) : "<code>" + E(error.Field) + "</code>").Append("</td>")
                            .Append("<td>").Append(E(error.Text)).Append("</td>")
                            .Append("<td>").Append(E(error.Meaning.Length == 0 ? text.None : error.Meaning)).Append("</td></tr>");
                    }

                    body.Append("</tbody></table>");
                }

                body.Append("</td></tr>\n");
            }

            body.Append("</tbody>\n</table>\n");
        }

        return Page(text, text.FileId + " " + file.FileId, employer, body.ToString(), "/portal/files/" + Uri.EscapeDataString(file.FileId));
    }

    public static string Message(PortalText text, string heading, string message, string? employer)
        => Page(text, heading, employer, "<h2>" + E(heading) + "</h2>\n<p>" + E(message) + "</p>\n", "/portal/");

    private static string Page(PortalText text, string heading, string? employer, string main, string self)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"").Append(text.Language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>").Append(E(heading)).Append(" – ").Append(E(text.Title))
            .Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n<header>\n<h1>").Append(E(text.Title)).Append("</h1>\n<p>")
            .Append(E(text.Subtitle)).Append("</p>\n</header>\n<nav aria-label=\"").Append(E(text.Title)).Append("\">\n");
        page.Append("<p>").Append(employer is null ? E(text.NotSignedIn) : E(text.SignedInAs) + " <strong>" + E(employer) + "</strong>").Append("</p>\n");
        page.Append("<form method=\"get\" action=\"").Append(E(self)).Append("\"><label for=\"lang\">").Append(E(text.LanguageLabel)).Append("</label> ")
            .Append("<select id=\"lang\" name=\"lang\"><option value=\"de\"").Append(text.Language == "de" ? " selected" : string.Empty).Append(">Deutsch</option>")
            .Append("<option value=\"en\"").Append(text.Language == "en" ? " selected" : string.Empty).Append(">English</option></select> ")
            .Append("<button type=\"submit\">").Append(E(text.Apply)).Append("</button></form>\n");
        if (employer is not null)
        {
            page.Append("<form method=\"post\" action=\"/portal/signout\"><button type=\"submit\">").Append(E(text.SignOut)).Append("</button></form>\n");
        }

        page.Append("</nav>\n<main>\n").Append(main).Append("</main>\n<footer>\n<p>").Append(E(text.Personal)).Append("</p>\n</footer>\n</body>\n</html>\n");
        return page.ToString();
    }
}
