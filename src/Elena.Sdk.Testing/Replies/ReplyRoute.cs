namespace Elena.Sdk.Testing.Replies;

/// <summary>How a reply reaches the employer.</summary>
public enum ReplyRoute
{
    /// <summary>By e-mail.</summary>
    Mail,

    /// <summary>On the communication server (eXTra): synchronous response or fetch-and-acknowledge.</summary>
    Server,

    /// <summary>On paper.</summary>
    Paper,

    /// <summary>Not sent at all (e.g. no processing confirmation without VERBEST = J).</summary>
    None,
}

/// <summary>The channel a file came by.</summary>
public enum SubmissionChannel
{
    /// <summary>eXTra over http(s).</summary>
    Extra,

    /// <summary>E-mail.</summary>
    Mail,
}
