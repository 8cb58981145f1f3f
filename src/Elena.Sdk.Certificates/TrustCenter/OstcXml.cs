using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Elena.Sdk.Certificates.TrustCenter;

/// <summary>One flag of an eXTra report.</summary>
/// <param name="Weight">The weight URI (<see cref="OstcXml.WeightError"/> …).</param>
/// <param name="Code">The code.</param>
/// <param name="Text">The text.</param>
public sealed record OstcFlag(string Weight, string Code, string Text)
{
    /// <summary>Whether the flag has weight ERROR.</summary>
    public bool IsError => Weight == OstcXml.WeightError;
}

/// <summary>An OSTC v2 request: an eXTra 1.1 transport (profile DEUEVGKV/1.1) with the inner OSTC XML in base64.</summary>
/// <param name="DataType">The data type URI (one of the <c>DataType…</c> constants).</param>
/// <param name="SenderId">The sender's Betriebsnummer.</param>
/// <param name="SenderName">The sender's name.</param>
/// <param name="RequestId">The request id (a GUID).</param>
/// <param name="TimeStamp">When the request was made.</param>
/// <param name="Body">The inner OSTC XML, or the CMS message that seals it.</param>
/// <param name="Encrypted">Whether <paramref name="Body"/> is PKCS#7 (signed and enveloped), announced by the <c>DataTransforms</c> plug-in.</param>
public sealed record OstcRequest(string DataType, string SenderId, string SenderName, string RequestId, DateTimeOffset TimeStamp, byte[] Body, bool Encrypted);

/// <summary>An OSTC v2 response.</summary>
/// <param name="ResponseIdClass">The class of the response id (<c>Auftragsnummer</c>, <c>Auftragsbestätigung</c>, <c>Zertifikat</c>, <c>Liste</c> or <c>Fehler</c>).</param>
/// <param name="ResponseId">The response id (the order number for an application).</param>
/// <param name="Flags">The report's flags.</param>
/// <param name="Body">The body (certificate data or list), if any.</param>
public sealed record OstcResponse(string ResponseIdClass, string ResponseId, IReadOnlyList<OstcFlag> Flags, byte[]? Body)
{
    /// <summary>Whether any flag has weight ERROR or the class is <c>Fehler</c>.</summary>
    public bool IsError => ResponseIdClass == OstcXml.ClassError || Flags.Any(f => f.IsError);
}

/// <summary>
/// The OSTC v2 wire format (wire-formats §5.2–§5.3): eXTra 1.1 envelopes, serialised ISO-8859-1, and the inner OSTC
/// documents. Shared by <see cref="TrustCenterClient"/> and the simulated trust center of <c>Elena.Sdk.Testing</c>.
/// </summary>
public static class OstcXml
{
    /// <summary>The eXTra request namespace.</summary>
    public const string RequestNamespace = "http://www.extra-standard.de/namespace/request/1";

    /// <summary>The eXTra response namespace.</summary>
    public const string ResponseNamespace = "http://www.extra-standard.de/namespace/response/1";

    /// <summary>The eXTra components namespace.</summary>
    public const string ComponentsNamespace = "http://www.extra-standard.de/namespace/components/1";

    /// <summary>The eXTra plug-ins namespace.</summary>
    public const string PluginsNamespace = "http://www.extra-standard.de/namespace/plugins/1";

    /// <summary>The OSTC profile.</summary>
    public const string Profile = "http://www.extra-standard.de/profile/DEUEVGKV/1.1";

    /// <summary>The OSTC procedure URI.</summary>
    public const string Procedure = "http://www.itsg.de/ostc";

    /// <summary>Step 1: application (antrag.php).</summary>
    public const string DataTypeApplication = "http://www.itsg.de/ostc/Antrag";

    /// <summary>Step 2: order confirmation with the key hash (auftrag.php).</summary>
    public const string DataTypeOrder = "http://www.itsg.de/ostc/Auftrag";

    /// <summary>Step 3: certificate download (schluessel.php).</summary>
    public const string DataTypeCertificate = "http://www.itsg.de/ostc/SchlüsselAnfragen";

    /// <summary>Step 4: certificate lists (liste.php).</summary>
    public const string DataTypeList = "http://www.itsg.de/ostc/ListenAnfragen";

    /// <summary>The trust center's Betriebsnummer (receiver, and <c>OU=BN17046976</c> of its encryption certificate).</summary>
    public const string TrustCenterBetriebsnummer = "17046976";

    /// <summary>Response class of a failure.</summary>
    public const string ClassError = "Fehler";

    /// <summary>Weight ERROR.</summary>
    public const string WeightError = "http://www.extra-standard.de/weight/ERROR";

    /// <summary>Weight WARNING.</summary>
    public const string WeightWarning = "http://www.extra-standard.de/weight/WARNING";

    /// <summary>Weight INFO.</summary>
    public const string WeightInfo = "http://www.extra-standard.de/weight/INFO";

    /// <summary>Weight OK.</summary>
    public const string WeightOk = "http://www.extra-standard.de/weight/OK";

    private static readonly XNamespace Xreq = RequestNamespace;
    private static readonly XNamespace Xres = ResponseNamespace;
    private static readonly XNamespace Xcpt = ComponentsNamespace;
    private static readonly XNamespace Xplg = PluginsNamespace;

    /// <summary>The endpoint (relative to the OSTC base address) of a data type.</summary>
    /// <param name="dataType">The data type URI.</param>
    /// <returns><c>antrag.php</c>, <c>auftrag.php</c>, <c>schluessel.php</c> or <c>liste.php</c>.</returns>
    public static string Endpoint(string dataType) => dataType switch
    {
        DataTypeApplication => "antrag.php",
        DataTypeOrder => "auftrag.php",
        DataTypeCertificate => "schluessel.php",
        DataTypeList => "liste.php",
        _ => throw new ArgumentException("Unknown OSTC data type.", nameof(dataType)),
    };

    /// <summary>Writes a request envelope.</summary>
    /// <param name="request">The request.</param>
    /// <param name="product">Product name (≤ 120).</param>
    /// <param name="manufacturer">Manufacturer (≤ 80).</param>
    /// <param name="registrationId">The 5-digit registration id the OSTC assigned to the software.</param>
    /// <param name="test">Whether the test indicator is PROCESS (test) rather than NONE.</param>
    /// <returns>ISO-8859-1 XML.</returns>
    public static byte[] WriteRequest(OstcRequest request, string product, string manufacturer, string registrationId, bool test)
    {
        ArgumentNullException.ThrowIfNull(request);
        string scenario = request.DataType is DataTypeApplication or DataTypeOrder
            ? "http://www.extra-standard.de/scenario/request-with-acknowledgement"
            : "http://www.extra-standard.de/scenario/request-with-response";
        var root = new XElement(Xreq + "XMLTransport",
            new XAttribute(XNamespace.Xmlns + "xreq", Xreq.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "xcpt", Xcpt.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "xplg", Xplg.NamespaceName),
            new XAttribute("version", "1.1"),
            new XAttribute("profile", Profile),
            new XElement(Xreq + "TransportHeader",
                new XElement(Xcpt + "TestIndicator", test ? "http://www.extra-standard.de/test/PROCESS" : "http://www.extra-standard.de/test/NONE"),
                new XElement(Xcpt + "Sender",
                    new XElement(Xcpt + "SenderID", new XAttribute("class", "BNR"), request.SenderId),
                    new XElement(Xcpt + "Name", Truncate(request.SenderName, 80))),
                new XElement(Xcpt + "Receiver", new XElement(Xcpt + "ReceiverID", new XAttribute("class", "BNR"), TrustCenterBetriebsnummer)),
                new XElement(Xcpt + "RequestDetails",
                    new XElement(Xcpt + "RequestID", request.RequestId),
                    new XElement(Xcpt + "TimeStamp", request.TimeStamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
                    new XElement(Xcpt + "Application",
                        new XElement(Xcpt + "Product", Truncate(product, 120)),
                        new XElement(Xcpt + "Manufacturer", Truncate(manufacturer, 80)),
                        new XElement(Xcpt + "RegistrationID", registrationId)),
                    new XElement(Xcpt + "Procedure", Procedure),
                    new XElement(Xcpt + "DataType", request.DataType),
                    new XElement(Xcpt + "Scenario", scenario))));
        if (request.Encrypted)
        {
            root.Add(new XElement(Xreq + "TransportPlugIns",
                new XElement(Xplg + "DataTransforms", new XAttribute("version", "1.1"),
                    new XElement(Xplg + "Encryption", new XAttribute("order", "1"),
                        new XElement(Xplg + "Algorithm", new XAttribute("id", "http://www.extra-standard.de/transforms/encryption/PKCS7"),
                            new XElement(Xplg + "Specification", new XAttribute("url", "http://www.gkv-datenaustausch.de"),
                                new XAttribute("name", "Security-Schnittstelle fuer den Datenaustausch im Gesundheitswesen"))))),
                new XElement(Xplg + "DataSource", new XAttribute("version", "1.1"),
                    new XElement(Xplg + "DataContainer",
                        new XAttribute("type", "http://www.extra-standard.de/container/FILE"),
                        new XAttribute("name", $"BN{request.SenderId}_{request.TimeStamp.UtcDateTime.ToString("ddMMyyyy", CultureInfo.InvariantCulture)}.xml"),
                        new XAttribute("created", request.TimeStamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
                        new XAttribute("encoding", "I8")))));
        }

        root.Add(new XElement(Xreq + "TransportBody", new XElement(Xcpt + "Data", new XElement(Xcpt + "Base64CharSequence", Convert.ToBase64String(request.Body)))));
        return Serialize(root);
    }

    /// <summary>Reads a request envelope.</summary>
    /// <param name="xml">The XML.</param>
    /// <returns>The request.</returns>
    /// <exception cref="FormatException">The XML is not an OSTC request.</exception>
    public static OstcRequest ReadRequest(ReadOnlySpan<byte> xml)
    {
        var root = Parse(xml);
        if (root.Name != Xreq + "XMLTransport")
        {
            throw new FormatException("Not an eXTra request (root xreq:XMLTransport).");
        }

        var header = Required(root, Xreq + "TransportHeader");
        var details = Required(header, Xcpt + "RequestDetails");
        var sender = Required(Required(header, Xcpt + "Sender"), Xcpt + "SenderID");
        bool encrypted = root.Element(Xreq + "TransportPlugIns")?.Descendants(Xplg + "Algorithm")
            .Any(a => (string?)a.Attribute("id") == "http://www.extra-standard.de/transforms/encryption/PKCS7") ?? false;
        string body = Required(Required(Required(root, Xreq + "TransportBody"), Xcpt + "Data"), Xcpt + "Base64CharSequence").Value;
        return new OstcRequest(
            Required(details, Xcpt + "DataType").Value,
            sender.Value,
            header.Element(Xcpt + "Sender")?.Element(Xcpt + "Name")?.Value ?? string.Empty,
            Required(details, Xcpt + "RequestID").Value,
            DateTimeOffset.Parse(Required(details, Xcpt + "TimeStamp").Value, CultureInfo.InvariantCulture),
            Base64(body),
            encrypted);
    }

    /// <summary>Writes a response envelope.</summary>
    /// <param name="response">The response.</param>
    /// <param name="timeStamp">When it was made.</param>
    /// <returns>ISO-8859-1 XML.</returns>
    public static byte[] WriteResponse(OstcResponse response, DateTimeOffset timeStamp)
    {
        ArgumentNullException.ThrowIfNull(response);
        string highest = response.Flags.Any(f => f.IsError) ? WeightError
            : response.Flags.Any(f => f.Weight == WeightWarning) ? WeightWarning
            : response.Flags.Any(f => f.Weight == WeightInfo) ? WeightInfo : WeightOk;
        var root = new XElement(Xres + "XMLTransport",
            new XAttribute(XNamespace.Xmlns + "xres", Xres.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "xcpt", Xcpt.NamespaceName),
            new XAttribute("version", "1.1"),
            new XAttribute("profile", Profile),
            new XElement(Xres + "TransportHeader",
                new XElement(Xcpt + "ResponseDetails",
                    new XElement(Xcpt + "ResponseID", new XAttribute("class", response.ResponseIdClass), response.ResponseId),
                    new XElement(Xcpt + "TimeStamp", timeStamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
                    new XElement(Xcpt + "Report", new XAttribute("highestWeight", highest),
                        response.Flags.Select(f => new XElement(Xcpt + "Flag", new XAttribute("weight", f.Weight),
                            new XElement(Xcpt + "Code", f.Code), new XElement(Xcpt + "Text", f.Text)))))));
        if (response.Body is not null)
        {
            root.Add(new XElement(Xres + "TransportBody", new XElement(Xcpt + "Data", new XElement(Xcpt + "Base64CharSequence", Convert.ToBase64String(response.Body)))));
        }

        return Serialize(root);
    }

    /// <summary>Reads a response envelope.</summary>
    /// <param name="xml">The XML.</param>
    /// <returns>The response.</returns>
    /// <exception cref="FormatException">The XML is not an OSTC response.</exception>
    public static OstcResponse ReadResponse(ReadOnlySpan<byte> xml)
    {
        var root = Parse(xml);
        if (root.Name != Xres + "XMLTransport")
        {
            throw new FormatException("Not an eXTra response (root xres:XMLTransport).");
        }

        var details = Required(Required(root, Xres + "TransportHeader"), Xcpt + "ResponseDetails");
        var id = Required(details, Xcpt + "ResponseID");
        var flags = details.Element(Xcpt + "Report")?.Elements(Xcpt + "Flag")
            .Select(f => new OstcFlag((string?)f.Attribute("weight") ?? WeightError, f.Element(Xcpt + "Code")?.Value ?? string.Empty, f.Element(Xcpt + "Text")?.Value ?? string.Empty))
            .ToList() ?? [];
        string? body = root.Element(Xres + "TransportBody")?.Element(Xcpt + "Data")?.Element(Xcpt + "Base64CharSequence")?.Value;
        return new OstcResponse((string?)id.Attribute("class") ?? ClassError, id.Value, flags, body is null ? null : Base64(body));
    }

    /// <summary>Serialises an inner OSTC document (ISO-8859-1).</summary>
    /// <param name="document">The root element (<c>OSTCAntrag</c>, <c>OSTCAuftrag</c>, …).</param>
    /// <returns>The bytes.</returns>
    public static byte[] WriteInner(XElement document) => Serialize(document);

    /// <summary>Parses an inner OSTC document.</summary>
    /// <param name="xml">The bytes.</param>
    /// <returns>The root element.</returns>
    /// <exception cref="FormatException">Not well-formed XML.</exception>
    public static XElement ReadInner(ReadOnlySpan<byte> xml) => Parse(xml);

    private static byte[] Serialize(XElement root)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = Encoding.Latin1, Indent = false }))
        {
            new XDocument(new XDeclaration("1.0", "ISO-8859-1", null), root).Save(writer);
        }

        return buffer.ToArray();
    }

    private static XElement Parse(ReadOnlySpan<byte> xml)
    {
        try
        {
            using var stream = new MemoryStream(xml.ToArray());
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            return XDocument.Load(reader).Root ?? throw new FormatException("Empty XML document.");
        }
        catch (XmlException e)
        {
            throw new FormatException($"Not well-formed XML (line {e.LineNumber}, position {e.LinePosition}).", e);
        }
    }

    private static XElement Required(XElement parent, XName name) =>
        parent.Element(name) ?? throw new FormatException($"Element {name.LocalName} is missing in {parent.Name.LocalName}.");

    private static byte[] Base64(string text)
    {
        try
        {
            return Convert.FromBase64String(text.Trim());
        }
        catch (FormatException e)
        {
            throw new FormatException("Base64CharSequence is not valid base64.", e);
        }
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
