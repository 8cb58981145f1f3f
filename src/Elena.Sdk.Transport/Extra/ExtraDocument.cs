namespace Elena.Sdk.Transport.Extra;

/// <summary>The weight of an eXTra flag (<c>http://www.extra-standard.de/weight/…</c>).</summary>
public enum ExtraWeight
{
    /// <summary>OK.</summary>
    Ok,

    /// <summary>Information.</summary>
    Info,

    /// <summary>Warning.</summary>
    Warning,

    /// <summary>Error.</summary>
    Error,
}

/// <summary>What kind of eXTra document it is.</summary>
public enum ExtraDocumentKind
{
    /// <summary>A request (<c>xreq:Transport</c> or the 1.1 root <c>xreq:XMLTransport</c>).</summary>
    Request,

    /// <summary>A response (<c>xres:Transport</c> / <c>xres:XMLTransport</c>).</summary>
    Response,

    /// <summary>A service error (<c>xsrv:ExtraError</c>).</summary>
    Error,
}

/// <summary>The reason of a service error (<c>http://www.extra-standard.de/reason/…</c>).</summary>
public enum ExtraErrorReason
{
    /// <summary>Reason not given or not known.</summary>
    Unspecified,

    /// <summary>The request is malformed, not valid or not authenticated.</summary>
    InvalidRequest,

    /// <summary>The service failed.</summary>
    ServiceFailure,

    /// <summary>"Retry later": the service is temporarily unavailable.</summary>
    ServiceTemporarilyUnavailable,

    /// <summary>"Halt": the service is unavailable until further notice; send nothing.</summary>
    ServicePermanentlyUnavailable,
}

/// <summary>The comparison of a DataRequest argument.</summary>
public enum ExtraOperator
{
    /// <summary>Equal: fetch one reply again.</summary>
    EQ,

    /// <summary>Greater than: fetch everything after the last fetched reply.</summary>
    GT,

    /// <summary>Greater or equal.</summary>
    GE,

    /// <summary>Less than.</summary>
    LT,

    /// <summary>Less or equal.</summary>
    LE,
}

/// <summary>One flag of a report.</summary>
/// <param name="Code">The code (e.g. <c>T000</c>, <c>E98</c>).</param>
/// <param name="Text">The text.</param>
/// <param name="Weight">The weight.</param>
public sealed record ExtraFlag(string Code, string Text, ExtraWeight Weight);

/// <summary>A report: the flags and the highest weight among them.</summary>
/// <param name="HighestWeight">The highest weight.</param>
/// <param name="Flags">The flags.</param>
public sealed record ExtraReport(ExtraWeight HighestWeight, IReadOnlyList<ExtraFlag> Flags)
{
    /// <summary>A report of one flag.</summary>
    /// <param name="code">The code.</param>
    /// <param name="text">The text.</param>
    /// <param name="weight">The weight.</param>
    /// <returns>The report.</returns>
    public static ExtraReport Of(string code, string text, ExtraWeight weight = ExtraWeight.Info) => new(weight, [new ExtraFlag(code, text, weight)]);

    /// <summary>True when a flag with this code is present.</summary>
    /// <param name="code">The code.</param>
    /// <returns>Whether it is present.</returns>
    public bool Has(string code) => Flags.Any(f => string.Equals(f.Code, code, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Sender or receiver: an id (Betriebsnummer) with its class and an optional name.</summary>
/// <param name="Id">The id.</param>
/// <param name="Name">The name, if given.</param>
/// <param name="IdClass">The id's class attribute (<c>Betriebsnummer</c>), if given.</param>
public sealed record ExtraParty(string Id, string? Name = null, string? IdClass = "Betriebsnummer");

/// <summary>The request details of a transport or package header.</summary>
public sealed record ExtraRequestDetails
{
    /// <summary>The RequestID: unique per request of a sender; the server's idempotency key for sends.</summary>
    public required string RequestId { get; init; }

    /// <summary>When the request was made.</summary>
    public DateTimeOffset? TimeStamp { get; init; }

    /// <summary>The sending product (Application/Product).</summary>
    public string? Product { get; init; }

    /// <summary>Its manufacturer (Application/Manufacturer).</summary>
    public string? Manufacturer { get; init; }

    /// <summary>The procedure (<see cref="ExtraUris.ProcedureMvds"/>, <see cref="ExtraUris.ProcedureDsvv"/>).</summary>
    public string? Procedure { get; init; }

    /// <summary>The data type.</summary>
    public string? DataType { get; init; }

    /// <summary>The scenario.</summary>
    public string? Scenario { get; init; }
}

/// <summary>The response details a server adds: its ResponseID, time and report.</summary>
/// <param name="ResponseId">The ResponseID (for a fetched package: the id to acknowledge and the next GT anchor).</param>
/// <param name="TimeStamp">When the server answered.</param>
/// <param name="Report">The report.</param>
public sealed record ExtraResponseDetails(string ResponseId, DateTimeOffset TimeStamp, ExtraReport Report);

/// <summary>A transport or package header.</summary>
public sealed record ExtraHeader
{
    /// <summary>The test indicator URI (<see cref="ExtraUris.TestNone"/> or <see cref="ExtraUris.TestProcess"/>), if given.</summary>
    public string? TestIndicator { get; init; }

    /// <summary>The sender.</summary>
    public required ExtraParty Sender { get; init; }

    /// <summary>The receiver.</summary>
    public required ExtraParty Receiver { get; init; }

    /// <summary>The request details.</summary>
    public required ExtraRequestDetails Request { get; init; }

    /// <summary>The response details (responses only).</summary>
    public ExtraResponseDetails? Response { get; init; }
}

/// <summary>One step of the DataTransforms plug-in (compression, encryption, signature).</summary>
/// <param name="Kind">Which kind of step: <c>Compression</c>, <c>Encryption</c> or <c>Signature</c>.</param>
/// <param name="Order">The step's position (1 first).</param>
/// <param name="Algorithm">The algorithm URI as written (readers compare it case-insensitively).</param>
/// <param name="InputBytes">Size before the step, if given.</param>
/// <param name="OutputBytes">Size after the step, if given.</param>
public sealed record ExtraTransform(string Kind, int Order, string Algorithm, long? InputBytes = null, long? OutputBytes = null);

/// <summary>The DataSource plug-in: the file a package carries.</summary>
public sealed record ExtraDataContainer
{
    /// <summary>The logical file name (e.g. <c>EENA0000001</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The container type URI. Default <see cref="ExtraUris.ContainerFile"/>.</summary>
    public string Type { get; init; } = ExtraUris.ContainerFile;

    /// <summary>When the file was created, if given.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>The character set code (<c>I1</c> ISO 8859-1, <c>I8</c>, …), if given.</summary>
    public string? Encoding { get; init; }

    /// <summary>The optional DataSet's type: the SDK writes the reply kind here (<see cref="ExtraUris.ReplyKindPrefix"/>).</summary>
    public string? DataSetType { get; init; }

    /// <summary>The optional DataSet's name: the SDK writes the seed-004 subject line of the reply here.</summary>
    public string? DataSetName { get; init; }
}

/// <summary>The data a writer streams into a <c>Base64CharSequence</c>.</summary>
public abstract class ExtraBody
{
    /// <summary>Copies the data to the writer's sink.</summary>
    /// <param name="write">Called with each chunk.</param>
    /// <param name="cancellationToken">Cancels copying.</param>
    /// <returns>A task.</returns>
    internal abstract Task CopyAsync(Func<ReadOnlyMemory<byte>, Task> write, CancellationToken cancellationToken);

    /// <summary>Data read from a stream, in chunks, from its current position (never all in memory).</summary>
    /// <param name="stream">The stream; it is not disposed.</param>
    /// <returns>The body.</returns>
    public static ExtraBody FromStream(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new StreamBody(stream);
    }

    /// <summary>Data held in memory.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The body.</returns>
    public static ExtraBody FromBytes(ReadOnlyMemory<byte> bytes) => new BytesBody(bytes);

    private sealed class StreamBody(Stream stream) : ExtraBody
    {
        internal override async Task CopyAsync(Func<ReadOnlyMemory<byte>, Task> write, CancellationToken cancellationToken)
        {
            // A multiple of 3, so every chunk but the last encodes without padding.
            byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(48 * 1024);
            try
            {
                int chunk = buffer.Length / 3 * 3;
                while (true)
                {
                    int filled = 0;
                    while (filled < chunk)
                    {
                        int read = await stream.ReadAsync(buffer.AsMemory(filled, chunk - filled), cancellationToken).ConfigureAwait(false);
                        if (read == 0)
                        {
                            break;
                        }

                        filled += read;
                    }

                    if (filled > 0)
                    {
                        await write(buffer.AsMemory(0, filled)).ConfigureAwait(false);
                    }

                    if (filled < chunk)
                    {
                        return;
                    }
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private sealed class BytesBody(ReadOnlyMemory<byte> bytes) : ExtraBody
    {
        internal override Task CopyAsync(Func<ReadOnlyMemory<byte>, Task> write, CancellationToken cancellationToken) => write(bytes);
    }
}

/// <summary>One package: one file (request) or one reply (response).</summary>
public sealed record ExtraPackage
{
    /// <summary>The package header.</summary>
    public required ExtraHeader Header { get; init; }

    /// <summary>The sender's contact e-mail (Contacts plug-in), if given.</summary>
    public string? ContactEmail { get; init; }

    /// <summary>The DataTransforms steps, in document order.</summary>
    public IReadOnlyList<ExtraTransform> Transforms { get; init; } = [];

    /// <summary>The DataSource plug-in, if given.</summary>
    public ExtraDataContainer? DataSource { get; init; }

    /// <summary>Writing: the data for <c>PackageBody/Data/Base64CharSequence</c>, or <see langword="null"/> for an empty body.</summary>
    public ExtraBody? Body { get; init; }

    /// <summary>Reading: whether the package had a <c>Base64CharSequence</c>.</summary>
    public bool HasBody { get; init; }

    /// <summary>Reading: how many bytes its base64 decoded to.</summary>
    public long BodyLength { get; init; }
}

/// <summary>A DataRequest (fetch): one argument and the maximum number of packages.</summary>
/// <param name="Operator">The comparison.</param>
/// <param name="Value">The value (a ResponseID).</param>
/// <param name="MaximumPackages">At most this many packages, if given.</param>
/// <param name="Property">The property compared. Default ResponseID.</param>
public sealed record ExtraDataRequest(ExtraOperator Operator, string Value, int? MaximumPackages = null, string Property = ExtraUris.PropertyResponseId);

/// <summary>A ConfirmationOfReceipt (acknowledgement) of fetched replies.</summary>
/// <param name="ResponseIds">The ResponseIDs acknowledged.</param>
public sealed record ExtraConfirmation(IReadOnlyList<string> ResponseIds);

/// <summary>A service error (<c>xsrv:ExtraError</c>).</summary>
/// <param name="Reason">The reason.</param>
/// <param name="RequestId">The RequestID it answers, if known.</param>
/// <param name="ResponseId">The server's id of the error, if given.</param>
/// <param name="TimeStamp">When it happened.</param>
/// <param name="Report">The flags.</param>
public sealed record ExtraError(ExtraErrorReason Reason, string? RequestId, string? ResponseId, DateTimeOffset TimeStamp, ExtraReport Report);

/// <summary>An eXTra document: request, response or service error.</summary>
public sealed record ExtraDocument
{
    /// <summary>Request, response or error.</summary>
    public required ExtraDocumentKind Kind { get; init; }

    /// <summary>The root's <c>version</c> (the SDK writes <c>1.4</c>; readers accept 1.1 to 1.4).</summary>
    public string Version { get; init; } = "1.4";

    /// <summary>The root's <c>profile</c>. Default <see cref="ExtraUris.ElenaProfile"/>.</summary>
    public string Profile { get; init; } = ExtraUris.ElenaProfile;

    /// <summary>Whether the root was the 1.1 name <c>XMLTransport</c> (reading only; the writer always writes <c>Transport</c>).</summary>
    public bool IsLegacyRoot { get; init; }

    /// <summary>The transport header (requests and responses).</summary>
    public ExtraHeader? Header { get; init; }

    /// <summary>Transport plug-ins: the sender's contact e-mail, if given.</summary>
    public string? ContactEmail { get; init; }

    /// <summary>Transport plug-ins: the DataTransforms steps.</summary>
    public IReadOnlyList<ExtraTransform> Transforms { get; init; } = [];

    /// <summary>The packages of the transport body.</summary>
    public IReadOnlyList<ExtraPackage> Packages { get; init; } = [];

    /// <summary>Writing: data for <c>TransportBody/Data/Base64CharSequence</c> (a sealed DataRequest or ConfirmationOfReceipt).</summary>
    public ExtraBody? Data { get; init; }

    /// <summary>Reading: the decoded <c>TransportBody/Data/Base64CharSequence</c>, if present.</summary>
    public ReadOnlyMemory<byte>? DataBytes { get; init; }

    /// <summary>A DataRequest carried in clear in <c>Data/ElementSequence</c> (ELENA 1.1 style), if present.</summary>
    public ExtraDataRequest? DataRequest { get; init; }

    /// <summary>A ConfirmationOfReceipt carried in clear in <c>Data/ElementSequence</c>, if present.</summary>
    public ExtraConfirmation? Confirmation { get; init; }

    /// <summary>The service error (kind <see cref="ExtraDocumentKind.Error"/>).</summary>
    public ExtraError? Error { get; init; }
}
