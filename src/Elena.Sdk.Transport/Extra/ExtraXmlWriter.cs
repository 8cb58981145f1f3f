using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Xml;

namespace Elena.Sdk.Transport.Extra;

/// <summary>
/// Writes eXTra 1.4 documents strictly (valid against the generic 1.4 schemas): ISO-8859-1, root
/// <c>Transport</c>, elements in schema order, header text limited to ISO 8859-1. Package and transport data are
/// streamed into <c>Base64CharSequence</c> in chunks; the base64 text is never built in memory.
/// </summary>
public static class ExtraXmlWriter
{
    private const string Xreq = "xreq";
    private const string Xres = "xres";
    private const string Xcpt = "xcpt";
    private const string Xplg = "xplg";
    private const string Xmsg = "xmsg";
    private const string Xsrv = "xsrv";

    /// <summary>The content type the SDK sends and answers with.</summary>
    public const string ContentType = "application/xml; charset=ISO-8859-1";

    private static XmlWriterSettings Settings(bool async) => new()
    {
        Async = async,
        Encoding = Encoding.Latin1,
        Indent = true,
        IndentChars = "  ",
        CloseOutput = false,
        CheckCharacters = true,
    };

    /// <summary>Writes a document.</summary>
    /// <param name="output">Where to write; not disposed.</param>
    /// <param name="document">The document.</param>
    /// <param name="cancellationToken">Cancels writing.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ArgumentException">The document is incomplete, or its header holds a character outside ISO 8859-1.</exception>
    public static async Task WriteAsync(Stream output, ExtraDocument document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(document);
        Check(document);
        var xml = XmlWriter.Create(output, Settings(async: true));
        await using var disposeXml = xml.ConfigureAwait(false);
        await xml.WriteStartDocumentAsync().ConfigureAwait(false);
        if (document.Kind == ExtraDocumentKind.Error)
        {
            await WriteErrorAsync(xml, document.Error!).ConfigureAwait(false);
        }
        else
        {
            await WriteTransportAsync(xml, document, cancellationToken).ConfigureAwait(false);
        }

        await xml.WriteEndDocumentAsync().ConfigureAwait(false);
        await xml.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Writes a document to a byte array (small documents: errors, receipts, fetch and acknowledge requests).</summary>
    /// <param name="document">The document.</param>
    /// <returns>The XML bytes.</returns>
    public static byte[] ToBytes(ExtraDocument document)
    {
        using var buffer = new MemoryStream();
        WriteAsync(buffer, document).GetAwaiter().GetResult();
        return buffer.ToArray();
    }

    /// <summary>Writes a standalone <c>xmsg:DataRequest</c> (version 1.3), the body a fetch seals to the office.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The XML bytes.</returns>
    public static byte[] WriteDataRequest(ExtraDataRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Standalone(xml => WriteDataRequestAsync(xml, request));
    }

    /// <summary>Writes a small standalone document to bytes (the async writer completes at once on a memory stream).</summary>
    private static byte[] Standalone(Func<XmlWriter, Task> write)
    {
        using var buffer = new MemoryStream();
        var xml = XmlWriter.Create(buffer, Settings(async: true));
        try
        {
            Task task = Run();
            task.GetAwaiter().GetResult();
        }
        finally
        {
            xml.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return buffer.ToArray();

        async Task Run()
        {
            await xml.WriteStartDocumentAsync().ConfigureAwait(false);
            await write(xml).ConfigureAwait(false);
            await xml.WriteEndDocumentAsync().ConfigureAwait(false);
            await xml.FlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Writes a standalone <c>xmsg:ConfirmationOfReceipt</c> (version 1.3), the body an acknowledgement seals to the office.</summary>
    /// <param name="confirmation">The ResponseIDs to acknowledge (1 to 1,000).</param>
    /// <returns>The XML bytes.</returns>
    public static byte[] WriteConfirmation(ExtraConfirmation confirmation)
    {
        ArgumentNullException.ThrowIfNull(confirmation);
        if (confirmation.ResponseIds.Count is 0 or > 1000 || confirmation.ResponseIds.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("A confirmation lists 1 to 1,000 non-empty ResponseIDs.", nameof(confirmation));
        }

        return Standalone(async xml =>
        {
            await xml.WriteStartElementAsync(Xmsg, "ConfirmationOfReceipt", ExtraUris.MessageNamespace).ConfigureAwait(false);
            await xml.WriteAttributeStringAsync(null, "version", null, "1.3").ConfigureAwait(false);
            await xml.WriteStartElementAsync(Xmsg, "PropertySet", ExtraUris.MessageNamespace).ConfigureAwait(false);
            await xml.WriteAttributeStringAsync(null, "name", null, ExtraUris.PropertyResponseId).ConfigureAwait(false);
            foreach (string id in confirmation.ResponseIds)
            {
                await xml.WriteElementStringAsync(Xmsg, "Value", ExtraUris.MessageNamespace, id).ConfigureAwait(false);
            }

            await xml.WriteEndElementAsync().ConfigureAwait(false);
            await xml.WriteEndElementAsync().ConfigureAwait(false);
        });
    }

    private static async Task WriteDataRequestAsync(XmlWriter xml, ExtraDataRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Value) || request.MaximumPackages is <= 0)
        {
            throw new ArgumentException("A data request needs a value and a positive MaximumPackages.", nameof(request));
        }

        await xml.WriteStartElementAsync(Xmsg, "DataRequest", ExtraUris.MessageNamespace).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "version", null, "1.3").ConfigureAwait(false);
        await xml.WriteStartElementAsync(Xmsg, "Query", ExtraUris.MessageNamespace).ConfigureAwait(false);
        await xml.WriteStartElementAsync(Xmsg, "Argument", ExtraUris.MessageNamespace).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "property", null, request.Property).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "type", null, "xs:string").ConfigureAwait(false);
        await xml.WriteElementStringAsync(Xmsg, request.Operator.ToString(), ExtraUris.MessageNamespace, request.Value).ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
        if (request.MaximumPackages is { } max)
        {
            await xml.WriteStartElementAsync(Xmsg, "Control", ExtraUris.MessageNamespace).ConfigureAwait(false);
            await xml.WriteElementStringAsync(Xmsg, "MaximumPackages", ExtraUris.MessageNamespace, max.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
            await xml.WriteEndElementAsync().ConfigureAwait(false);
        }

        await xml.WriteEndElementAsync().ConfigureAwait(false);
    }

    private static async Task WriteTransportAsync(XmlWriter xml, ExtraDocument document, CancellationToken cancellationToken)
    {
        bool response = document.Kind == ExtraDocumentKind.Response;
        string p = response ? Xres : Xreq;
        string ns = response ? ExtraUris.ResponseNamespace : ExtraUris.RequestNamespace;
        await xml.WriteStartElementAsync(p, "Transport", ns).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "version", null, "1.4").ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "profile", null, document.Profile).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync("xmlns", Xcpt, null, ExtraUris.ComponentsNamespace).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync("xmlns", Xplg, null, ExtraUris.PlugInsNamespace).ConfigureAwait(false);

        await WriteHeaderAsync(xml, p, ns, "TransportHeader", document.Header!).ConfigureAwait(false);
        if (document.ContactEmail is not null || document.Transforms.Count > 0)
        {
            await xml.WriteStartElementAsync(p, "TransportPlugIns", ns).ConfigureAwait(false);
            await WritePlugInsAsync(xml, document.ContactEmail, document.Transforms, null).ConfigureAwait(false);
            await xml.WriteEndElementAsync().ConfigureAwait(false);
        }

        await xml.WriteStartElementAsync(p, "TransportBody", ns).ConfigureAwait(false);
        if (document.Packages.Count > 0)
        {
            foreach (var package in document.Packages)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await xml.WriteStartElementAsync(p, "Package", ns).ConfigureAwait(false);
                await WriteHeaderAsync(xml, p, ns, "PackageHeader", package.Header).ConfigureAwait(false);
                if (package.ContactEmail is not null || package.Transforms.Count > 0 || package.DataSource is not null)
                {
                    await xml.WriteStartElementAsync(p, "PackagePlugIns", ns).ConfigureAwait(false);
                    await WritePlugInsAsync(xml, package.ContactEmail, package.Transforms, package.DataSource).ConfigureAwait(false);
                    await xml.WriteEndElementAsync().ConfigureAwait(false);
                }

                await xml.WriteStartElementAsync(p, "PackageBody", ns).ConfigureAwait(false);
                if (package.Body is not null)
                {
                    await WriteDataAsync(xml, package.Body, cancellationToken).ConfigureAwait(false);
                }

                await xml.WriteEndElementAsync().ConfigureAwait(false);
                await xml.WriteEndElementAsync().ConfigureAwait(false);
            }
        }
        else if (document.Data is not null)
        {
            await WriteDataAsync(xml, document.Data, cancellationToken).ConfigureAwait(false);
        }
        else if (document.DataRequest is not null)
        {
            await xml.WriteStartElementAsync(Xcpt, "Data", ExtraUris.ComponentsNamespace).ConfigureAwait(false);
            await xml.WriteStartElementAsync(Xcpt, "ElementSequence", ExtraUris.ComponentsNamespace).ConfigureAwait(false);
            await WriteDataRequestAsync(xml, document.DataRequest).ConfigureAwait(false);
            await xml.WriteEndElementAsync().ConfigureAwait(false);
            await xml.WriteEndElementAsync().ConfigureAwait(false);
        }

        await xml.WriteEndElementAsync().ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
    }

    private static async Task WriteDataAsync(XmlWriter xml, ExtraBody body, CancellationToken cancellationToken)
    {
        await xml.WriteStartElementAsync(Xcpt, "Data", ExtraUris.ComponentsNamespace).ConfigureAwait(false);
        await xml.WriteStartElementAsync(Xcpt, "Base64CharSequence", ExtraUris.ComponentsNamespace).ConfigureAwait(false);
        await body.CopyAsync(async chunk =>
        {
            if (MemoryMarshal.TryGetArray(chunk, out var segment))
            {
                await xml.WriteBase64Async(segment.Array!, segment.Offset, segment.Count).ConfigureAwait(false);
            }
            else
            {
                byte[] copy = chunk.ToArray();
                await xml.WriteBase64Async(copy, 0, copy.Length).ConfigureAwait(false);
            }

        }, cancellationToken).ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
    }

    private static async Task WriteHeaderAsync(XmlWriter xml, string p, string ns, string name, ExtraHeader header)
    {
        await xml.WriteStartElementAsync(p, name, ns).ConfigureAwait(false);
        if (header.TestIndicator is not null)
        {
            await xml.WriteElementStringAsync(Xcpt, "TestIndicator", ExtraUris.ComponentsNamespace, header.TestIndicator).ConfigureAwait(false);
        }

        await WritePartyAsync(xml, "Sender", "SenderID", header.Sender).ConfigureAwait(false);
        await WritePartyAsync(xml, "Receiver", "ReceiverID", header.Receiver).ConfigureAwait(false);
        var request = header.Request;
        await xml.WriteStartElementAsync(Xcpt, "RequestDetails", ExtraUris.ComponentsNamespace).ConfigureAwait(false);
        await xml.WriteElementStringAsync(Xcpt, "RequestID", ExtraUris.ComponentsNamespace, request.RequestId).ConfigureAwait(false);
        if (request.TimeStamp is { } time)
        {
            await xml.WriteElementStringAsync(Xcpt, "TimeStamp", ExtraUris.ComponentsNamespace, Format(time)).ConfigureAwait(false);
        }

        if (request.Product is not null)
        {
            await xml.WriteStartElementAsync(Xcpt, "Application", ExtraUris.ComponentsNamespace).ConfigureAwait(false);
            await xml.WriteElementStringAsync(Xcpt, "Product", ExtraUris.ComponentsNamespace, request.Product).ConfigureAwait(false);
            if (request.Manufacturer is not null)
            {
                await xml.WriteElementStringAsync(Xcpt, "Manufacturer", ExtraUris.ComponentsNamespace, request.Manufacturer).ConfigureAwait(false);
            }

            await xml.WriteEndElementAsync().ConfigureAwait(false);
        }

        await WriteOptionalAsync(xml, "Procedure", request.Procedure).ConfigureAwait(false);
        await WriteOptionalAsync(xml, "DataType", request.DataType).ConfigureAwait(false);
        await WriteOptionalAsync(xml, "Scenario", request.Scenario).ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
        if (header.Response is { } response)
        {
            await xml.WriteStartElementAsync(Xcpt, "ResponseDetails", ExtraUris.ComponentsNamespace).ConfigureAwait(false);
            await xml.WriteElementStringAsync(Xcpt, "ResponseID", ExtraUris.ComponentsNamespace, response.ResponseId).ConfigureAwait(false);
            await xml.WriteElementStringAsync(Xcpt, "TimeStamp", ExtraUris.ComponentsNamespace, Format(response.TimeStamp)).ConfigureAwait(false);
            await WriteReportAsync(xml, response.Report).ConfigureAwait(false);
            await xml.WriteEndElementAsync().ConfigureAwait(false);
        }

        await xml.WriteEndElementAsync().ConfigureAwait(false);
    }

    private static async Task WritePartyAsync(XmlWriter xml, string element, string idElement, ExtraParty party)
    {
        await xml.WriteStartElementAsync(Xcpt, element, ExtraUris.ComponentsNamespace).ConfigureAwait(false);
        await xml.WriteStartElementAsync(Xcpt, idElement, ExtraUris.ComponentsNamespace).ConfigureAwait(false);
        if (party.IdClass is not null)
        {
            await xml.WriteAttributeStringAsync(null, "class", null, party.IdClass).ConfigureAwait(false);
        }

        await xml.WriteStringAsync(party.Id).ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
        await WriteOptionalAsync(xml, "Name", party.Name).ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
    }

    private static async Task WriteOptionalAsync(XmlWriter xml, string element, string? value)
    {
        if (value is not null)
        {
            await xml.WriteElementStringAsync(Xcpt, element, ExtraUris.ComponentsNamespace, value).ConfigureAwait(false);
        }
    }

    private static async Task WriteReportAsync(XmlWriter xml, ExtraReport report)
    {
        await xml.WriteStartElementAsync(Xcpt, "Report", ExtraUris.ComponentsNamespace).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "highestWeight", null, WeightUri(report.HighestWeight)).ConfigureAwait(false);
        foreach (var flag in report.Flags)
        {
            await xml.WriteStartElementAsync(Xcpt, "Flag", ExtraUris.ComponentsNamespace).ConfigureAwait(false);
            await xml.WriteAttributeStringAsync(null, "weight", null, WeightUri(flag.Weight)).ConfigureAwait(false);
            await xml.WriteElementStringAsync(Xcpt, "Code", ExtraUris.ComponentsNamespace, flag.Code).ConfigureAwait(false);
            await xml.WriteElementStringAsync(Xcpt, "Text", ExtraUris.ComponentsNamespace, flag.Text).ConfigureAwait(false);
            await xml.WriteEndElementAsync().ConfigureAwait(false);
        }

        await xml.WriteEndElementAsync().ConfigureAwait(false);
    }

    private static async Task WritePlugInsAsync(XmlWriter xml, string? contactEmail, IReadOnlyList<ExtraTransform> transforms, ExtraDataContainer? dataSource)
    {
        if (contactEmail is not null)
        {
            await xml.WriteStartElementAsync(Xplg, "Contacts", ExtraUris.PlugInsNamespace).ConfigureAwait(false);
            await xml.WriteAttributeStringAsync(null, "version", null, "1.0").ConfigureAwait(false);
            await xml.WriteStartElementAsync(Xplg, "SenderContact", ExtraUris.PlugInsNamespace).ConfigureAwait(false);
            await xml.WriteStartElementAsync(Xplg, "Endpoint", ExtraUris.PlugInsNamespace).ConfigureAwait(false);
            await xml.WriteAttributeStringAsync(null, "type", null, "SMTP").ConfigureAwait(false);
            await xml.WriteStringAsync(contactEmail).ConfigureAwait(false);
            await xml.WriteEndElementAsync().ConfigureAwait(false);
            await xml.WriteEndElementAsync().ConfigureAwait(false);
            await xml.WriteEndElementAsync().ConfigureAwait(false);
        }

        if (transforms.Count > 0)
        {
            await xml.WriteStartElementAsync(Xplg, "DataTransforms", ExtraUris.PlugInsNamespace).ConfigureAwait(false);
            await xml.WriteAttributeStringAsync(null, "version", null, "1.2").ConfigureAwait(false);

            // Schema order: all Compression, then Encryption, then Signature; @order gives the sequence applied.
            foreach (string kind in (string[])["Compression", "Encryption", "Signature"])
            {
                foreach (var step in transforms.Where(t => t.Kind == kind))
                {
                    await xml.WriteStartElementAsync(Xplg, kind, ExtraUris.PlugInsNamespace).ConfigureAwait(false);
                    await xml.WriteAttributeStringAsync(null, "order", null, step.Order.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
                    await xml.WriteStartElementAsync(Xplg, "Algorithm", ExtraUris.PlugInsNamespace).ConfigureAwait(false);
                    await xml.WriteAttributeStringAsync(null, "id", null, step.Algorithm).ConfigureAwait(false);
                    if (kind != "Compression")
                    {
                        await xml.WriteStartElementAsync(Xplg, "Specification", ExtraUris.PlugInsNamespace).ConfigureAwait(false);
                        await xml.WriteAttributeStringAsync(null, "url", null, "http://www.datenaustausch.de").ConfigureAwait(false);
                        await xml.WriteAttributeStringAsync(null, "name", null, "Security-Schnittstelle fuer den Datenaustausch im Gesundheitswesen").ConfigureAwait(false);
                        await xml.WriteEndElementAsync().ConfigureAwait(false);
                    }

                    await xml.WriteEndElementAsync().ConfigureAwait(false);

                    // The schema gives Signature no sizes.
                    if (kind != "Signature")
                    {
                        await WriteBytesAsync(xml, "InputData", step.InputBytes).ConfigureAwait(false);
                        await WriteBytesAsync(xml, "OutputData", step.OutputBytes).ConfigureAwait(false);
                    }

                    await xml.WriteEndElementAsync().ConfigureAwait(false);
                }
            }

            await xml.WriteEndElementAsync().ConfigureAwait(false);
        }

        if (dataSource is not null)
        {
            await xml.WriteStartElementAsync(Xplg, "DataSource", ExtraUris.PlugInsNamespace).ConfigureAwait(false);
            await xml.WriteAttributeStringAsync(null, "version", null, "1.0").ConfigureAwait(false);
            await xml.WriteStartElementAsync(Xplg, "DataContainer", ExtraUris.PlugInsNamespace).ConfigureAwait(false);
            await xml.WriteAttributeStringAsync(null, "type", null, dataSource.Type).ConfigureAwait(false);
            await xml.WriteAttributeStringAsync(null, "name", null, dataSource.Name).ConfigureAwait(false);
            if (dataSource.Created is { } created)
            {
                await xml.WriteAttributeStringAsync(null, "created", null, Format(created)).ConfigureAwait(false);
            }

            if (dataSource.Encoding is not null)
            {
                await xml.WriteAttributeStringAsync(null, "encoding", null, dataSource.Encoding).ConfigureAwait(false);
            }

            if (dataSource.DataSetType is not null || dataSource.DataSetName is not null)
            {
                await xml.WriteStartElementAsync(Xplg, "DataSet", ExtraUris.PlugInsNamespace).ConfigureAwait(false);
                if (dataSource.DataSetType is not null)
                {
                    await xml.WriteAttributeStringAsync(null, "type", null, dataSource.DataSetType).ConfigureAwait(false);
                }

                if (dataSource.DataSetName is not null)
                {
                    await xml.WriteAttributeStringAsync(null, "name", null, dataSource.DataSetName).ConfigureAwait(false);
                }

                await xml.WriteEndElementAsync().ConfigureAwait(false);
            }

            await xml.WriteEndElementAsync().ConfigureAwait(false);
            await xml.WriteEndElementAsync().ConfigureAwait(false);
        }
    }

    private static async Task WriteBytesAsync(XmlWriter xml, string element, long? bytes)
    {
        if (bytes is { } value)
        {
            await xml.WriteStartElementAsync(Xplg, element, ExtraUris.PlugInsNamespace).ConfigureAwait(false);
            await xml.WriteAttributeStringAsync(null, "bytes", null, value.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
            await xml.WriteEndElementAsync().ConfigureAwait(false);
        }
    }

    private static async Task WriteErrorAsync(XmlWriter xml, ExtraError error)
    {
        await xml.WriteStartElementAsync(Xsrv, "ExtraError", ExtraUris.ServiceNamespace).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "version", null, "1.0").ConfigureAwait(false);
        await xml.WriteAttributeStringAsync("xmlns", Xcpt, null, ExtraUris.ComponentsNamespace).ConfigureAwait(false);
        await xml.WriteElementStringAsync(Xsrv, "Reason", ExtraUris.ServiceNamespace, ReasonUri(error.Reason)).ConfigureAwait(false);
        await WriteOptionalAsync(xml, "RequestID", error.RequestId).ConfigureAwait(false);
        await WriteOptionalAsync(xml, "ResponseID", error.ResponseId).ConfigureAwait(false);
        await xml.WriteElementStringAsync(Xcpt, "TimeStamp", ExtraUris.ComponentsNamespace, Format(error.TimeStamp)).ConfigureAwait(false);
        await WriteReportAsync(xml, error.Report).ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
    }

    /// <summary>xs:dateTime in UTC with milliseconds.</summary>
    internal static string Format(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    internal static string WeightUri(ExtraWeight weight) => ExtraUris.WeightPrefix + weight switch
    {
        ExtraWeight.Ok => "OK",
        ExtraWeight.Info => "INFO",
        ExtraWeight.Warning => "WARNING",
        _ => "ERROR",
    };

    internal static string ReasonUri(ExtraErrorReason reason) => ExtraUris.ReasonPrefix + reason switch
    {
        ExtraErrorReason.InvalidRequest => "INVALID_REQUEST",
        ExtraErrorReason.ServiceFailure => "SERVICE_FAILURE",
        ExtraErrorReason.ServiceTemporarilyUnavailable => "SERVICE_TEMPORARILY_UNAVAILABLE",
        ExtraErrorReason.ServicePermanentlyUnavailable => "SERVICE_PERMANENTLY_UNAVAILABLE",
        _ => "UNSPECIFIED",
    };

    /// <summary>Strict checks: the parts the schema and the profile require, and ISO 8859-1 in the transport header (E96).</summary>
    private static void Check(ExtraDocument document)
    {
        switch (document.Kind)
        {
            case ExtraDocumentKind.Error when document.Error is null:
                throw new ArgumentException("An error document needs its Error.", nameof(document));
            case ExtraDocumentKind.Request or ExtraDocumentKind.Response when document.Header is null:
                throw new ArgumentException("A transport document needs its Header.", nameof(document));
            case ExtraDocumentKind.Response when document.Header!.Response is null:
                throw new ArgumentException("A response header needs its ResponseDetails.", nameof(document));
        }

        if (document.Header is { } header)
        {
            CheckHeader(header, "transport header");
        }

        foreach (var package in document.Packages)
        {
            CheckHeader(package.Header, "package header");
            if (document.Kind == ExtraDocumentKind.Response && package.Header.Response is null)
            {
                throw new ArgumentException("A response package header needs its ResponseDetails.", nameof(document));
            }
        }
    }

    private static void CheckHeader(ExtraHeader header, string where)
    {
        if (string.IsNullOrWhiteSpace(header.Request.RequestId))
        {
            throw new ArgumentException($"The RequestID of the {where} is empty.");
        }

        foreach (var (name, value) in (IEnumerable<(string, string?)>)[
            ("SenderID", header.Sender.Id), ("Sender/Name", header.Sender.Name), ("ReceiverID", header.Receiver.Id), ("Receiver/Name", header.Receiver.Name),
            ("RequestID", header.Request.RequestId), ("Product", header.Request.Product), ("Manufacturer", header.Request.Manufacturer),
            ("Procedure", header.Request.Procedure), ("DataType", header.Request.DataType)])
        {
            if (value is not null && !IsLatin1(value))
            {
                throw new ArgumentException($"{name} in the {where} holds a character outside ISO 8859-1 (eXTra {ExtraFlagCodes.WrongCharacterSet}).");
            }
        }
    }

    /// <summary>True when every character is in ISO 8859-1.</summary>
    /// <param name="text">The text.</param>
    /// <returns>Whether it is.</returns>
    public static bool IsLatin1(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return !text.AsSpan().ContainsAnyExceptInRange('\0', '\u00FF');
    }
}
