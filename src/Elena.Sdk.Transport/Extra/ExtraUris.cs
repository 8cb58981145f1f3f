namespace Elena.Sdk.Transport.Extra;

/// <summary>Namespaces and URIs of the eXTra standard and of the ELENA profile as the SDK writes them (wire-formats §6, §9).</summary>
public static class ExtraUris
{
    /// <summary>Request namespace (<c>xreq</c>).</summary>
    public const string RequestNamespace = "http://www.extra-standard.de/namespace/request/1";

    /// <summary>Response namespace (<c>xres</c>).</summary>
    public const string ResponseNamespace = "http://www.extra-standard.de/namespace/response/1";

    /// <summary>Components namespace (<c>xcpt</c>).</summary>
    public const string ComponentsNamespace = "http://www.extra-standard.de/namespace/components/1";

    /// <summary>Plug-ins namespace (<c>xplg</c>).</summary>
    public const string PlugInsNamespace = "http://www.extra-standard.de/namespace/plugins/1";

    /// <summary>Messages namespace (<c>xmsg</c>): DataRequest, ConfirmationOfReceipt.</summary>
    public const string MessageNamespace = "http://www.extra-standard.de/namespace/message/1";

    /// <summary>Service namespace (<c>xsrv</c>): ExtraError.</summary>
    public const string ServiceNamespace = "http://www.extra-standard.de/namespace/service/1";

    /// <summary>The ELENA profile (semantics of eXTra 1.1 on a 1.4 envelope, wire-formats §9).</summary>
    public const string ElenaProfile = "http://www.extra-standard.de/profile/ELENA/1.1";

    /// <summary>Procedure for earnings reports (MVDS) and their replies.</summary>
    public const string ProcedureMvds = "http://www.extra-standard.de/procedures/elena_mvds";

    /// <summary>Procedure for number requests (DSVV) and the assigned numbers.</summary>
    public const string ProcedureDsvv = "http://www.extra-standard.de/procedures/elena_dsvv";

    /// <summary>Data type of a send (one package per file).</summary>
    public const string DataTypeSend = "http://www.extra-standard.de/datatypes/DataSend";

    /// <summary>Data type of a fetch (DataRequest).</summary>
    public const string DataTypeRequest = "http://www.extra-standard.de/datatypes/DataRequest";

    /// <summary>Data type of an acknowledgement (ConfirmationOfReceipt).</summary>
    public const string DataTypeConfirmation = "http://www.extra-standard.de/datatypes/ConfirmationOfReceipt";

    /// <summary>Scenario of sends and acknowledgements.</summary>
    public const string ScenarioAcknowledgement = "http://www.extra-standard.de/scenario/request-with-acknowledgement";

    /// <summary>Scenario of fetches.</summary>
    public const string ScenarioResponse = "http://www.extra-standard.de/scenario/request-with-response";

    /// <summary>Test indicator: production.</summary>
    public const string TestNone = "http://www.extra-standard.de/test/NONE";

    /// <summary>Test indicator: test data, processed but not kept.</summary>
    public const string TestProcess = "http://www.extra-standard.de/test/PROCESS";

    /// <summary>The ResponseID property of DataRequest and ConfirmationOfReceipt.</summary>
    public const string PropertyResponseId = "http://www.extra-standard.de/property/ResponseID";

    /// <summary>A file data container.</summary>
    public const string ContainerFile = "http://www.extra-standard.de/container/FILE";

    /// <summary>No compression.</summary>
    public const string CompressionNone = "http://www.extra-standard.de/transforms/compression/NONE";

    /// <summary>PKCS#7 (CMS) encryption.</summary>
    public const string EncryptionPkcs7 = "http://www.extra-standard.de/transforms/encryption/PKCS7";

    /// <summary>PKCS#7 (CMS) signature.</summary>
    public const string SignaturePkcs7 = "http://www.extra-standard.de/transforms/signature/PKCS7";

    /// <summary>Prefix of the SDK's reply-kind URIs in <c>DataSource/DataContainer/DataSet/@type</c> (docs/decisions.md TX3).</summary>
    public const string ReplyKindPrefix = "urn:elena-sdk:reply:";

    internal const string WeightPrefix = "http://www.extra-standard.de/weight/";
    internal const string ReasonPrefix = "http://www.extra-standard.de/reason/";
}

/// <summary>Flag codes of the ELENA profile as the reference server writes them and the client reads them (wire-formats §9; docs/decisions.md TX4).</summary>
public static class ExtraFlagCodes
{
    /// <summary>Transport level: the send was accepted.</summary>
    public const string TransportAccepted = "T000";

    /// <summary>Transport level: the fetch or acknowledgement was answered.</summary>
    public const string TransportOk = "T010";

    /// <summary>Package level: final status OK (file taken; reply delivered).</summary>
    public const string PackageOk = "D000";

    /// <summary>Package level: the file was taken over but could not be processed (rejection: cannot decrypt, signer not admitted, …).</summary>
    public const string PackageRejected = "E10";

    /// <summary>Fetch: nothing to fetch (weight INFO, not an error).</summary>
    public const string NothingToFetch = "E98";

    /// <summary>Acknowledgement accepted.</summary>
    public const string ConfirmationAccepted = "E85";

    /// <summary>Request not valid against the eXTra schema or the profile.</summary>
    public const string SchemaInvalid = "D01";

    /// <summary>Request body (file, DataRequest, ConfirmationOfReceipt) missing.</summary>
    public const string BodyMissing = "D02";

    /// <summary>The request could not be authenticated: not sealed to the office, not openable, or the signer is not admitted.</summary>
    public const string NotAuthenticated = "E90";

    /// <summary>Wrong character set in the transport header (not ISO 8859-1).</summary>
    public const string WrongCharacterSet = "E96";

    /// <summary>Service temporarily unavailable: retry later.</summary>
    public const string RetryLater = "E97";

    /// <summary>Service halted: send nothing until further notice.</summary>
    public const string Halt = "E99";

    /// <summary>KomServer: ask again in 24 hours (data being prepared); a package without data.</summary>
    public const string AskAgainLater = "I002";
}
