namespace Elena.Sdk.Records.Models;

/// <summary>How the file creator wants error replies (FERUECK in DSKO v02).</summary>
public enum ReplyChannel
{
    /// <summary>By e-mail (<c>J</c>).</summary>
    Mail,

    /// <summary>Through the communication server (<c>K</c>).</summary>
    CommunicationServer,

    /// <summary>On paper (<c>N</c>).</summary>
    Paper,
}
