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
        await using var xml = XmlWriter.Create(output, Settings(async: true));
        await xml.WriteStartDocumentAsync().ConfigureAwait(false);
        if (document.Kind == ExtraDocumentKind.Error)
        {
            WriteError(xml, document.Error!);
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
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, Settings(async: false)))
        {
            xml.WriteStartDocument();
            WriteDataRequest(xml, request);
            xml.WriteEndDocument();
        }

        return buffer.ToArray();
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

        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, Settings(async: false)))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement(Xmsg, "ConfirmationOfReceipt", ExtraUris.MessageNamespace);
            xml.WriteAttributeString("version", "1.3");
            xml.WriteStartElement(Xmsg, "PropertySet", ExtraUris.MessageNamespace);
            xml.WriteAttributeString("name", ExtraUris.PropertyResponseId);
            foreach (string id in confirmation.ResponseIds)
            {
                xml.WriteElementString(Xmsg, "Value", ExtraUris.MessageNamespace, id);
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    private static void WriteDataRequest(XmlWriter xml, ExtraDataRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Value) || request.MaximumPackages is <= 0)
        {
            throw new ArgumentException("A data request needs a value and a positive MaximumPackages.", nameof(request));
        }

        xml.WriteStartElement(Xmsg, "DataRequest", ExtraUris.MessageNamespace);
        xml.WriteAttributeString("version", "1.3");
        xml.WriteStartElement(Xmsg, "Query", ExtraUris.MessageNamespace);
        xml.WriteStartElement(Xmsg, "Argument", ExtraUris.MessageNamespace);
        xml.WriteAttributeString("property", request.Property);
        xml.WriteAttributeString("type", "xs:string");
        xml.WriteElementString(Xmsg, request.Operator.ToString(), ExtraUris.MessageNamespace, request.Value);
        xml.WriteEndElement();
        xml.WriteEndElement();
        if (request.MaximumPackages is { } max)
        {
            xml.WriteStartElement(Xmsg, "Control", ExtraUris.MessageNamespace);
            xml.WriteElementString(Xmsg, "MaximumPackages", ExtraUris.MessageNamespace, max.ToString(CultureInfo.InvariantCulture));
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static async Task WriteTransportAsync(XmlWriter xml, ExtraDocument document, CancellationToken cancellationToken)
    {
        bool response = document.Kind == ExtraDocumentKind.Response;
        string p = response ? Xres : Xreq;
        string ns = response ? ExtraUris.ResponseNamespace : ExtraUris.RequestNamespace;
        xml.WriteStartElement(p, "Transport", ns);
        xml.WriteAttributeString("version", "1.4");
        xml.WriteAttributeString("profile", document.Profile);
        xml.WriteAttributeString("xmlns", Xcpt, null, ExtraUris.ComponentsNamespace);
        xml.WriteAttributeString("xmlns", Xplg, null, ExtraUris.PlugInsNamespace);

        WriteHeader(xml, p, ns, "TransportHeader", document.Header!);
        if (document.ContactEmail is not null || document.Transforms.Count > 0)
        {
            xml.WriteStartElement(p, "TransportPlugIns", ns);
            WritePlugIns(xml, document.ContactEmail, document.Transforms, null);
            xml.WriteEndElement();
        }

        xml.WriteStartElement(p, "TransportBody", ns);
        if (document.Packages.Count > 0)
        {
            foreach (var package in document.Packages)
            {
                cancellationToken.ThrowIfCancellationRequested();
                xml.WriteStartElement(p, "Package", ns);
                WriteHeader(xml, p, ns, "PackageHeader", package.Header);
                if (package.ContactEmail is not null || package.Transforms.Count > 0 || package.DataSource is not null)
                {
                    xml.WriteStartElement(p, "PackagePlugIns", ns);
                    WritePlugIns(xml, package.ContactEmail, package.Transforms, package.DataSource);
                    xml.WriteEndElement();
                }

                xml.WriteStartElement(p, "PackageBody", ns);
                if (package.Body is not null)
                {
                    await WriteDataAsync(xml, package.Body, cancellationToken).ConfigureAwait(false);
                }

                xml.WriteEndElement();
                xml.WriteEndElement();
            }
        }
        else if (document.Data is not null)
        {
            await WriteDataAsync(xml, document.Data, cancellationToken).ConfigureAwait(false);
        }
        else if (document.DataRequest is not null)
        {
            xml.WriteStartElement(Xcpt, "Data", ExtraUris.ComponentsNamespace);
            xml.WriteStartElement(Xcpt, "ElementSequence", ExtraUris.ComponentsNamespace);
            WriteDataRequest(xml, document.DataRequest);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static async Task WriteDataAsync(XmlWriter xml, ExtraBody body, CancellationToken cancellationToken)
    {
        xml.WriteStartElement(Xcpt, "Data", ExtraUris.ComponentsNamespace);
        xml.WriteStartElement(Xcpt, "Base64CharSequence", ExtraUris.ComponentsNamespace);
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

            await xml.FlushAsync().ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WriteHeader(XmlWriter xml, string p, string ns, string name, ExtraHeader header)
    {
        xml.WriteStartElement(p, name, ns);
        if (header.TestIndicator is not null)
        {
            xml.WriteElementString(Xcpt, "TestIndicator", ExtraUris.ComponentsNamespace, header.TestIndicator);
        }

        WriteParty(xml, "Sender", "SenderID", header.Sender);
        WriteParty(xml, "Receiver", "ReceiverID", header.Receiver);
        var request = header.Request;
        xml.WriteStartElement(Xcpt, "RequestDetails", ExtraUris.ComponentsNamespace);
        xml.WriteElementString(Xcpt, "RequestID", ExtraUris.ComponentsNamespace, request.RequestId);
        if (request.TimeStamp is { } time)
        {
            xml.WriteElementString(Xcpt, "TimeStamp", ExtraUris.ComponentsNamespace, Format(time));
        }

        if (request.Product is not null)
        {
            xml.WriteStartElement(Xcpt, "Application", ExtraUris.ComponentsNamespace);
            xml.WriteElementString(Xcpt, "Product", ExtraUris.ComponentsNamespace, request.Product);
            if (request.Manufacturer is not null)
            {
                xml.WriteElementString(Xcpt, "Manufacturer", ExtraUris.ComponentsNamespace, request.Manufacturer);
            }

            xml.WriteEndElement();
        }

        WriteOptional(xml, "Procedure", request.Procedure);
        WriteOptional(xml, "DataType", request.DataType);
        WriteOptional(xml, "Scenario", request.Scenario);
        xml.WriteEndElement();
        if (header.Response is { } response)
        {
            xml.WriteStartElement(Xcpt, "ResponseDetails", ExtraUris.ComponentsNamespace);
            xml.WriteElementString(Xcpt, "ResponseID", ExtraUris.ComponentsNamespace, response.ResponseId);
            xml.WriteElementString(Xcpt, "TimeStamp", ExtraUris.ComponentsNamespace, Format(response.TimeStamp));
            WriteReport(xml, response.Report);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void WriteParty(XmlWriter xml, string element, string idElement, ExtraParty party)
    {
        xml.WriteStartElement(Xcpt, element, ExtraUris.ComponentsNamespace);
        xml.WriteStartElement(Xcpt, idElement, ExtraUris.ComponentsNamespace);
        if (party.IdClass is not null)
        {
            xml.WriteAttributeString("class", party.IdClass);
        }

        xml.WriteString(party.Id);
        xml.WriteEndElement();
        WriteOptional(xml, "Name", party.Name);
        xml.WriteEndElement();
    }

    private static void WriteOptional(XmlWriter xml, string element, string? value)
    {
        if (value is not null)
        {
            xml.WriteElementString(Xcpt, element, ExtraUris.ComponentsNamespace, value);
        }
    }

    private static void WriteReport(XmlWriter xml, ExtraReport report)
    {
        xml.WriteStartElement(Xcpt, "Report", ExtraUris.ComponentsNamespace);
        xml.WriteAttributeString("highestWeight", WeightUri(report.HighestWeight));
        foreach (var flag in report.Flags)
        {
            xml.WriteStartElement(Xcpt, "Flag", ExtraUris.ComponentsNamespace);
            xml.WriteAttributeString("weight", WeightUri(flag.Weight));
            xml.WriteElementString(Xcpt, "Code", ExtraUris.ComponentsNamespace, flag.Code);
            xml.WriteElementString(Xcpt, "Text", ExtraUris.ComponentsNamespace, flag.Text);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void WritePlugIns(XmlWriter xml, string? contactEmail, IReadOnlyList<ExtraTransform> transforms, ExtraDataContainer? dataSource)
    {
        if (contactEmail is not null)
        {
            xml.WriteStartElement(Xplg, "Contacts", ExtraUris.PlugInsNamespace);
            xml.WriteAttributeString("version", "1.0");
            xml.WriteStartElement(Xplg, "SenderContact", ExtraUris.PlugInsNamespace);
            xml.WriteStartElement(Xplg, "Endpoint", ExtraUris.PlugInsNamespace);
            xml.WriteAttributeString("type", "SMTP");
            xml.WriteString(contactEmail);
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        if (transforms.Count > 0)
        {
            xml.WriteStartElement(Xplg, "DataTransforms", ExtraUris.PlugInsNamespace);
            xml.WriteAttributeString("version", "1.2");

            // Schema order: all Compression, then Encryption, then Signature; @order gives the sequence applied.
            foreach (string kind in (string[])["Compression", "Encryption", "Signature"])
            {
                foreach (var step in transforms.Where(t => t.Kind == kind))
                {
                    xml.WriteStartElement(Xplg, kind, ExtraUris.PlugInsNamespace);
                    xml.WriteAttributeString("order", step.Order.ToString(CultureInfo.InvariantCulture));
                    xml.WriteStartElement(Xplg, "Algorithm", ExtraUris.PlugInsNamespace);
                    xml.WriteAttributeString("id", step.Algorithm);
                    if (kind != "Compression")
                    {
                        xml.WriteStartElement(Xplg, "Specification", ExtraUris.PlugInsNamespace);
                        xml.WriteAttributeString("url", "http://www.datenaustausch.de");
                        xml.WriteAttributeString("name", "Security-Schnittstelle fuer den Datenaustausch im Gesundheitswesen");
                        xml.WriteEndElement();
                    }

                    xml.WriteEndElement();

                    // The schema gives Signature no sizes.
                    if (kind != "Signature")
                    {
                        WriteBytes(xml, "InputData", step.InputBytes);
                        WriteBytes(xml, "OutputData", step.OutputBytes);
                    }

                    xml.WriteEndElement();
                }
            }

            xml.WriteEndElement();
        }

        if (dataSource is not null)
        {
            xml.WriteStartElement(Xplg, "DataSource", ExtraUris.PlugInsNamespace);
            xml.WriteAttributeString("version", "1.0");
            xml.WriteStartElement(Xplg, "DataContainer", ExtraUris.PlugInsNamespace);
            xml.WriteAttributeString("type", dataSource.Type);
            xml.WriteAttributeString("name", dataSource.Name);
            if (dataSource.Created is { } created)
            {
                xml.WriteAttributeString("created", Format(created));
            }

            if (dataSource.Encoding is not null)
            {
                xml.WriteAttributeString("encoding", dataSource.Encoding);
            }

            if (dataSource.DataSetType is not null || dataSource.DataSetName is not null)
            {
                xml.WriteStartElement(Xplg, "DataSet", ExtraUris.PlugInsNamespace);
                if (dataSource.DataSetType is not null)
                {
                    xml.WriteAttributeString("type", dataSource.DataSetType);
                }

                if (dataSource.DataSetName is not null)
                {
                    xml.WriteAttributeString("name", dataSource.DataSetName);
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }
    }

    private static void WriteBytes(XmlWriter xml, string element, long? bytes)
    {
        if (bytes is { } value)
        {
            xml.WriteStartElement(Xplg, element, ExtraUris.PlugInsNamespace);
            xml.WriteAttributeString("bytes", value.ToString(CultureInfo.InvariantCulture));
            xml.WriteEndElement();
        }
    }

    private static void WriteError(XmlWriter xml, ExtraError error)
    {
        xml.WriteStartElement(Xsrv, "ExtraError", ExtraUris.ServiceNamespace);
        xml.WriteAttributeString("version", "1.0");
        xml.WriteAttributeString("xmlns", Xcpt, null, ExtraUris.ComponentsNamespace);
        xml.WriteElementString(Xsrv, "Reason", ExtraUris.ServiceNamespace, ReasonUri(error.Reason));
        WriteOptional(xml, "RequestID", error.RequestId);
        WriteOptional(xml, "ResponseID", error.ResponseId);
        xml.WriteElementString(Xcpt, "TimeStamp", ExtraUris.ComponentsNamespace, Format(error.TimeStamp));
        WriteReport(xml, error.Report);
        xml.WriteEndElement();
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
