using System.Globalization;
using System.Xml;

namespace Elena.Sdk.Transport.Extra;

/// <summary>
/// Reads eXTra documents tolerantly: roots <c>Transport</c> and <c>XMLTransport</c> of versions 1.1 to 1.4,
/// <c>ExtraError</c>/<c>XMLError</c>, any encoding the declaration names, comments anywhere, URIs compared
/// case-insensitively, unknown elements skipped. Package data is decoded from <c>Base64CharSequence</c> straight into
/// a stream the caller chooses per package, chunk by chunk.
/// </summary>
public static class ExtraXmlReader
{
    private const int Chunk = 48 * 1024;

    /// <summary>The most the reader keeps in memory of a transport-level <c>Base64CharSequence</c> (a sealed DataRequest or ConfirmationOfReceipt).</summary>
    public const int MaxTransportDataBytes = 1024 * 1024;

    private static XmlReaderSettings Settings() => new()
    {
        Async = true,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
    };

    /// <summary>Reads a document.</summary>
    /// <param name="input">The XML; not disposed.</param>
    /// <param name="packageBody">
    /// Called for each package that has data, with the package as read so far (header and plug-ins); returns the stream
    /// the decoded data is written to, or <see langword="null"/> to skip it.
    /// </param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The document.</returns>
    /// <exception cref="FormatException">Not an eXTra document, or malformed (the message names the element).</exception>
    public static async Task<ExtraDocument> ReadAsync(Stream input, Func<ExtraPackage, Stream?>? packageBody = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var xml = XmlReader.Create(input, Settings());
        try
        {
            return await new Walker(xml, packageBody, cancellationToken).ReadAsync().ConfigureAwait(false);
        }
        catch (XmlException ex)
        {
            throw new FormatException($"The eXTra document is not well-formed XML (line {ex.LineNumber}, position {ex.LinePosition}).", ex);
        }
    }

    /// <summary>Reads a standalone message body: <c>xmsg:DataRequest</c> or <c>xmsg:ConfirmationOfReceipt</c> (also inside <c>ListOf…</c>).</summary>
    /// <param name="xmlBytes">The XML.</param>
    /// <returns>An <see cref="ExtraDataRequest"/> or an <see cref="ExtraConfirmation"/>.</returns>
    /// <exception cref="FormatException">Neither message, or malformed.</exception>
    public static object ReadMessage(ReadOnlyMemory<byte> xmlBytes)
    {
        using var stream = new MemoryStream(xmlBytes.ToArray(), writable: false);
        var settings = Settings();
        settings.Async = false;
        using var xml = XmlReader.Create(stream, settings);
        try
        {
            xml.MoveToContent();
            return xml.LocalName switch
            {
                "DataRequest" or "ListOfDataRequest" => ReadDataRequest(xml),
                "ConfirmationOfReceipt" or "ListOfConfirmationOfReceipt" => ReadConfirmation(xml),
                _ => throw new FormatException($"Expected DataRequest or ConfirmationOfReceipt, found {xml.LocalName}."),
            };
        }
        catch (XmlException ex)
        {
            throw new FormatException($"The message is not well-formed XML (line {ex.LineNumber}, position {ex.LinePosition}).", ex);
        }
    }

    private static ExtraDataRequest ReadDataRequest(XmlReader xml)
    {
        ExtraOperator? op = null;
        string? value = null;
        string property = ExtraUris.PropertyResponseId;
        int? max = null;
        int depth = xml.Depth;
        bool advance = true;
        while ((!advance || xml.Read()) && xml.Depth > depth)
        {
            advance = true;
            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (xml.LocalName)
            {
                case "Argument":
                    property = xml.GetAttribute("property") ?? property;
                    break;
                case "EQ" or "GT" or "GE" or "LT" or "LE" when op is null:
                    op = Enum.Parse<ExtraOperator>(xml.LocalName);
                    value = xml.ReadElementContentAsString().Trim();
                    advance = false;
                    break;
                case "MaximumPackages":
                    max = int.TryParse(xml.ReadElementContentAsString().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int m) && m > 0
                        ? m
                        : throw new FormatException("MaximumPackages is not a positive number.");
                    advance = false;
                    break;
            }
        }

        return op is { } o && value is not null
            ? new ExtraDataRequest(o, value, max, property)
            : new ExtraDataRequest(ExtraOperator.GT, "0", max, property);
    }

    private static ExtraConfirmation ReadConfirmation(XmlReader xml)
    {
        var ids = new List<string>();
        int depth = xml.Depth;
        bool advance = true;
        while ((!advance || xml.Read()) && xml.Depth > depth)
        {
            advance = true;
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "Value")
            {
                ids.Add(xml.ReadElementContentAsString().Trim());
                advance = false;
            }
        }

        return new ExtraConfirmation(ids);
    }

    /// <summary>Maps a weight URI (any case) to the enum; unknown weights read as <see cref="ExtraWeight.Error"/>.</summary>
    internal static ExtraWeight ParseWeight(string? uri)
    {
        string tail = Tail(uri).ToUpperInvariant();
        return tail switch
        {
            "OK" => ExtraWeight.Ok,
            "INFO" => ExtraWeight.Info,
            "WARNING" => ExtraWeight.Warning,
            _ => ExtraWeight.Error,
        };
    }

    internal static ExtraErrorReason ParseReason(string? uri) => Tail(uri).ToUpperInvariant() switch
    {
        "INVALID_REQUEST" => ExtraErrorReason.InvalidRequest,
        "SERVICE_FAILURE" => ExtraErrorReason.ServiceFailure,
        "SERVICE_TEMPORARILY_UNAVAILABLE" => ExtraErrorReason.ServiceTemporarilyUnavailable,
        "SERVICE_PERMANENTLY_UNAVAILABLE" => ExtraErrorReason.ServicePermanentlyUnavailable,
        _ => ExtraErrorReason.Unspecified,
    };

    /// <summary>The last path segment of a URI without a <c>#suffix</c>.</summary>
    private static string Tail(string? uri)
    {
        if (string.IsNullOrEmpty(uri))
        {
            return string.Empty;
        }

        string text = uri.Trim();
        int hash = text.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            text = text[..hash];
        }

        return text[(text.LastIndexOf('/') + 1)..];
    }

    private static DateTimeOffset? ParseTime(string? text)
        => DateTimeOffset.TryParse(text?.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;

    private static long? ParseLong(string? text)
        => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value : null;

    /// <summary>Builders for the parts of a header while its elements stream by.</summary>
    private sealed class HeaderBuilder
    {
        public string? TestIndicator;
        public string? SenderId;
        public string? SenderClass;
        public string? SenderName;
        public string? ReceiverId;
        public string? ReceiverClass;
        public string? ReceiverName;
        public string? RequestId;
        public DateTimeOffset? RequestTime;
        public string? Product;
        public string? Manufacturer;
        public string? Procedure;
        public string? DataType;
        public string? Scenario;
        public string? ResponseId;
        public DateTimeOffset? ResponseTime;
        public ReportBuilder? Report;

        public ExtraHeader Build() => new()
        {
            TestIndicator = TestIndicator,
            Sender = new ExtraParty(SenderId ?? string.Empty, SenderName, SenderClass),
            Receiver = new ExtraParty(ReceiverId ?? string.Empty, ReceiverName, ReceiverClass),
            Request = new ExtraRequestDetails
            {
                RequestId = RequestId ?? string.Empty,
                TimeStamp = RequestTime,
                Product = Product,
                Manufacturer = Manufacturer,
                Procedure = Procedure,
                DataType = DataType,
                Scenario = Scenario,
            },
            Response = ResponseId is null ? null : new ExtraResponseDetails(ResponseId, ResponseTime ?? default, Report?.Build() ?? new ExtraReport(ExtraWeight.Ok, [])),
        };
    }

    private sealed class ReportBuilder
    {
        public ExtraWeight Highest;
        public List<ExtraFlag> Flags { get; } = [];
        public ExtraWeight FlagWeight;
        public string? Code;
        public string? Text;

        public ExtraReport Build() => new(Highest, Flags);
    }

    private sealed class PlugInBuilder
    {
        public string? ContactEmail;
        public List<ExtraTransform> Transforms { get; } = [];
        public ExtraDataContainer? DataSource;
        public string? StepKind;
        public int StepOrder;
        public string? StepAlgorithm;
        public long? StepInput;
        public long? StepOutput;
    }

    private sealed class Walker(XmlReader xml, Func<ExtraPackage, Stream?>? packageBody, CancellationToken cancellationToken)
    {
        private readonly List<string> _path = [];
        private readonly List<ExtraPackage> _packages = [];
        private HeaderBuilder? _transportHeader;
        private HeaderBuilder? _packageHeader;
        private PlugInBuilder _transportPlugIns = new();
        private PlugInBuilder? _packagePlugIns;
        private ExtraPackage? _currentPackage;
        private ReadOnlyMemory<byte>? _data;
        private ExtraDataRequest? _dataRequest;
        private ExtraConfirmation? _confirmation;
        private ExtraErrorReason _reason;
        private string? _errorRequestId;
        private string? _errorResponseId;
        private DateTimeOffset? _errorTime;
        private ReportBuilder? _errorReport;

        public async Task<ExtraDocument> ReadAsync()
        {
            await xml.MoveToContentAsync().ConfigureAwait(false);
            if (xml.NodeType != XmlNodeType.Element)
            {
                throw new FormatException("The document has no root element.");
            }

            string root = xml.LocalName;
            string ns = xml.NamespaceURI;
            ExtraDocumentKind kind;
            if (root is "ExtraError" or "XMLError")
            {
                kind = ExtraDocumentKind.Error;
            }
            else if (root is "Transport" or "XMLTransport")
            {
                kind = ns.Equals(ExtraUris.ResponseNamespace, StringComparison.OrdinalIgnoreCase) ? ExtraDocumentKind.Response
                    : ns.Equals(ExtraUris.RequestNamespace, StringComparison.OrdinalIgnoreCase) ? ExtraDocumentKind.Request
                    : throw new FormatException($"The root {root} is in neither the eXTra request nor the response namespace.");
            }
            else
            {
                throw new FormatException($"The root element {root} is not an eXTra Transport, XMLTransport or ExtraError.");
            }

            string version = xml.GetAttribute("version") ?? (kind == ExtraDocumentKind.Error ? "1.0" : string.Empty);
            string profile = xml.GetAttribute("profile") ?? string.Empty;
            if (kind != ExtraDocumentKind.Error && !version.StartsWith("1.", StringComparison.Ordinal))
            {
                throw new FormatException($"eXTra version '{version}' is not supported (1.1 to 1.4 are).");
            }

            await WalkAsync().ConfigureAwait(false);
            if (kind == ExtraDocumentKind.Error)
            {
                return new ExtraDocument
                {
                    Kind = kind,
                    Version = version,
                    Profile = profile,
                    Error = new ExtraError(_reason, _errorRequestId, _errorResponseId, _errorTime ?? default, _errorReport?.Build() ?? new ExtraReport(ExtraWeight.Error, [])),
                };
            }

            if (_transportHeader is null)
            {
                throw new FormatException($"The {root} has no TransportHeader.");
            }

            return new ExtraDocument
            {
                Kind = kind,
                Version = version,
                Profile = profile,
                IsLegacyRoot = root == "XMLTransport",
                Header = _transportHeader.Build(),
                ContactEmail = _transportPlugIns.ContactEmail,
                Transforms = _transportPlugIns.Transforms,
                Packages = _packages,
                DataBytes = _data,
                DataRequest = _dataRequest,
                Confirmation = _confirmation,
            };
        }

        private string Parent(int up = 1) => _path.Count >= up ? _path[^up] : string.Empty;

        private bool Within(string name) => _path.Contains(name);

        private async Task WalkAsync()
        {
            // Positioned on the root element.
            int rootDepth = xml.Depth;
            if (xml.IsEmptyElement)
            {
                return;
            }

            _path.Add(xml.LocalName);
            bool advance = true;
            while (!advance || await xml.ReadAsync().ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                advance = true;
                switch (xml.NodeType)
                {
                    case XmlNodeType.EndElement:
                        Close(xml.LocalName);
                        _path.RemoveAt(_path.Count - 1);
                        if (xml.Depth == rootDepth)
                        {
                            return;
                        }

                        break;

                    case XmlNodeType.Element:
                        string name = xml.LocalName;
                        if (await LeafAsync(name).ConfigureAwait(false))
                        {
                            // The leaf was consumed; the reader is on the next node already.
                            advance = false;
                            break;
                        }

                        Open(name);
                        if (xml.IsEmptyElement)
                        {
                            _path.Add(name);
                            Close(name);
                            _path.RemoveAt(_path.Count - 1);
                        }
                        else
                        {
                            _path.Add(name);
                        }

                        break;
                }
            }
        }

        /// <summary>Handles an element whose whole content is read at once; returns true when it did.</summary>
        private async Task<bool> LeafAsync(string name)
        {
            switch (name)
            {
                case "Base64CharSequence":
                    await ReadBase64Async().ConfigureAwait(false);
                    return true;
                case "DataRequest" when Within("ElementSequence"):
                    _dataRequest = ReadDataRequest(await SubtreeAsync().ConfigureAwait(false));
                    return true;
                case "ConfirmationOfReceipt" when Within("ElementSequence"):
                    _confirmation = ReadConfirmation(await SubtreeAsync().ConfigureAwait(false));
                    return true;
                case "TestIndicator" or "SenderID" or "ReceiverID" or "Name" or "RequestID" or "ResponseID" or "TimeStamp" or "Product"
                    or "Manufacturer" or "Procedure" or "DataType" or "Scenario" or "Code" or "Text" or "Reason" or "Endpoint":
                    break;
                default:
                    return false;
            }

            string? idClass = xml.GetAttribute("class");
            string text = (await xml.ReadElementContentAsStringAsync().ConfigureAwait(false)).Trim();
            Assign(name, text, idClass);
            return true;
        }

        private async Task<XmlReader> SubtreeAsync()
        {
            // Messages are small: read the subtree into a DOM-free reader over its outer XML.
            string outer = await xml.ReadOuterXmlAsync().ConfigureAwait(false);
            var settings = Settings();
            settings.Async = false;
            var reader = XmlReader.Create(new StringReader(outer), settings);
            reader.MoveToContent();
            return reader;
        }

        private void Assign(string name, string text, string? idClass)
        {
            if (_path.Count == 1 && _path[0] is "ExtraError" or "XMLError" || Parent() is "ExtraError" or "XMLError")
            {
                switch (name)
                {
                    case "Reason":
                        _reason = ParseReason(text);
                        return;
                    case "RequestID":
                        _errorRequestId = text;
                        return;
                    case "ResponseID":
                        _errorResponseId = text;
                        return;
                    case "TimeStamp":
                        _errorTime = ParseTime(text);
                        return;
                }
            }

            if (Parent() == "Flag")
            {
                var report = CurrentReport();
                if (report is not null)
                {
                    if (name == "Code")
                    {
                        report.Code = text;
                    }
                    else if (name == "Text")
                    {
                        report.Text = text;
                    }
                }

                return;
            }

            if (name == "Endpoint")
            {
                (_packagePlugIns ?? _transportPlugIns).ContactEmail ??= text;
                return;
            }

            var header = Within("PackageHeader") ? _packageHeader : Within("TransportHeader") ? _transportHeader : null;
            if (header is null)
            {
                return;
            }

            bool inResponse = Within("ResponseDetails");
            switch (name)
            {
                case "TestIndicator":
                    header.TestIndicator = text;
                    break;
                case "SenderID":
                    header.SenderId = text;
                    header.SenderClass = idClass;
                    break;
                case "ReceiverID":
                    header.ReceiverId = text;
                    header.ReceiverClass = idClass;
                    break;
                case "Name" when Parent() == "Sender":
                    header.SenderName = text;
                    break;
                case "Name" when Parent() == "Receiver":
                    header.ReceiverName = text;
                    break;
                case "RequestID":
                    header.RequestId = text;
                    break;
                case "ResponseID":
                    header.ResponseId = text;
                    break;
                case "TimeStamp" when inResponse:
                    header.ResponseTime = ParseTime(text);
                    break;
                case "TimeStamp":
                    header.RequestTime = ParseTime(text);
                    break;
                case "Product" when !inResponse:
                    header.Product = text;
                    break;
                case "Manufacturer" when !inResponse:
                    header.Manufacturer = text;
                    break;
                case "Procedure":
                    header.Procedure = text;
                    break;
                case "DataType":
                    header.DataType = text;
                    break;
                case "Scenario":
                    header.Scenario = text;
                    break;
            }
        }

        private ReportBuilder? CurrentReport()
        {
            if (Within("ExtraError") || Within("XMLError"))
            {
                return _errorReport;
            }

            var header = Within("PackageHeader") ? _packageHeader : _transportHeader;
            return header?.Report;
        }

        private void Open(string name)
        {
            switch (name)
            {
                case "TransportHeader":
                    _transportHeader = new HeaderBuilder();
                    break;
                case "PackageHeader":
                    _packageHeader = new HeaderBuilder();
                    break;
                case "Package":
                    _packageHeader = null;
                    _packagePlugIns = null;
                    _currentPackage = null;
                    break;
                case "PackagePlugIns":
                    _packagePlugIns = new PlugInBuilder();
                    break;
                case "TransportPlugIns":
                    _transportPlugIns = new PlugInBuilder();
                    break;
                case "Report":
                    var report = new ReportBuilder { Highest = ParseWeight(xml.GetAttribute("highestWeight")) };
                    if (Within("ExtraError") || Within("XMLError"))
                    {
                        _errorReport = report;
                    }
                    else if ((Within("PackageHeader") ? _packageHeader : _transportHeader) is { } header)
                    {
                        header.Report = report;
                    }

                    break;
                case "Flag":
                    if (CurrentReport() is { } current)
                    {
                        current.FlagWeight = ParseWeight(xml.GetAttribute("weight"));
                        current.Code = null;
                        current.Text = null;
                    }

                    break;
                case "Compression" or "Encryption" or "Signature" when Parent() == "DataTransforms":
                    var plugIns = _packagePlugIns ?? _transportPlugIns;
                    plugIns.StepKind = name;
                    plugIns.StepOrder = int.TryParse(xml.GetAttribute("order"), NumberStyles.None, CultureInfo.InvariantCulture, out int order) ? order : 0;
                    plugIns.StepAlgorithm = null;
                    plugIns.StepInput = null;
                    plugIns.StepOutput = null;
                    break;
                case "Algorithm" when (_packagePlugIns ?? _transportPlugIns).StepKind is not null:
                    (_packagePlugIns ?? _transportPlugIns).StepAlgorithm = xml.GetAttribute("id");
                    break;
                case "InputData":
                    (_packagePlugIns ?? _transportPlugIns).StepInput = ParseLong(xml.GetAttribute("bytes"));
                    break;
                case "OutputData":
                    (_packagePlugIns ?? _transportPlugIns).StepOutput = ParseLong(xml.GetAttribute("bytes"));
                    break;
                case "DataContainer":
                    (_packagePlugIns ?? _transportPlugIns).DataSource = new ExtraDataContainer
                    {
                        Name = xml.GetAttribute("name") ?? string.Empty,
                        Type = xml.GetAttribute("type") ?? ExtraUris.ContainerFile,
                        Created = ParseTime(xml.GetAttribute("created")),
                        Encoding = xml.GetAttribute("encoding"),
                    };
                    break;
                case "DataSet" when (_packagePlugIns ?? _transportPlugIns).DataSource is { } container:
                    (_packagePlugIns ?? _transportPlugIns).DataSource = container with { DataSetType = xml.GetAttribute("type"), DataSetName = xml.GetAttribute("name") };
                    break;
            }
        }

        private void Close(string name)
        {
            switch (name)
            {
                case "Flag":
                    if (CurrentReport() is { } report)
                    {
                        report.Flags.Add(new ExtraFlag(report.Code ?? string.Empty, report.Text ?? string.Empty, report.FlagWeight));
                    }

                    break;
                case "Compression" or "Encryption" or "Signature" when Parent(2) == "DataTransforms":
                    var plugIns = _packagePlugIns ?? _transportPlugIns;
                    if (plugIns.StepKind is not null)
                    {
                        plugIns.Transforms.Add(new ExtraTransform(plugIns.StepKind, plugIns.StepOrder, plugIns.StepAlgorithm ?? string.Empty, plugIns.StepInput, plugIns.StepOutput));
                        plugIns.StepKind = null;
                    }

                    break;
                case "Package":
                    _packages.Add(_currentPackage ?? CurrentPackage(hasBody: false, 0));
                    _currentPackage = null;
                    break;
            }
        }

        private ExtraPackage CurrentPackage(bool hasBody, long length)
            => new()
            {
                Header = (_packageHeader ?? new HeaderBuilder()).Build(),
                ContactEmail = _packagePlugIns?.ContactEmail,
                Transforms = _packagePlugIns?.Transforms ?? [],
                DataSource = _packagePlugIns?.DataSource,
                HasBody = hasBody,
                BodyLength = length,
            };

        private async Task ReadBase64Async()
        {
            bool inPackage = Within("Package");
            Stream? target;
            MemoryStream? transportData = null;
            if (inPackage)
            {
                target = packageBody?.Invoke(CurrentPackage(hasBody: true, 0));
            }
            else
            {
                target = transportData = new MemoryStream();
            }

            long total = 0;
            byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Chunk);
            try
            {
                int read;
                while ((read = await xml.ReadElementContentAsBase64Async(buffer, 0, Chunk).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (transportData is not null && total > MaxTransportDataBytes)
                    {
                        throw new FormatException($"The transport data is larger than {MaxTransportDataBytes} bytes.");
                    }

                    if (target is not null)
                    {
                        await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }

            if (inPackage)
            {
                _currentPackage = CurrentPackage(hasBody: true, total);
            }
            else
            {
                _data = transportData!.ToArray();
            }
        }
    }
}
