namespace Elena.Sdk.Testing.Rfv;

/// <summary>Communication states of the RFV the ZSS must handle (procedure.md §4).</summary>
public enum RfvState
{
    /// <summary>The RFV answers.</summary>
    Available,

    /// <summary>No network connection (transient).</summary>
    NoNetwork,

    /// <summary>No server connection, e.g. http errors or too many connections (transient).</summary>
    NoServer,

    /// <summary>Critical problem: send nothing until further notice.</summary>
    Halt,

    /// <summary>Temporary problem: repeat after a short wait (transient).</summary>
    RetryNeeded,

    /// <summary>DSRV error (per the DSRV catalogue, or no answer).</summary>
    DsrvError,
}

/// <summary>The RFV is not available in its current <see cref="RfvState"/>.</summary>
public sealed class RfvUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="state">The state.</param>
    /// <param name="dsrvCode">The DSRV status code for <see cref="RfvState.DsrvError"/>, if known.</param>
    /// <param name="innerException">The cause, if any.</param>
    public RfvUnavailableException(RfvState state, string? dsrvCode = null, Exception? innerException = null)
        : base($"RFV not available: {state}{(dsrvCode is null ? string.Empty : " (" + dsrvCode + ")")}.", innerException)
    {
        State = state;
        DsrvCode = dsrvCode;
    }

    /// <summary>Creates the exception (state <see cref="RfvState.NoServer"/>).</summary>
    public RfvUnavailableException()
        : this(RfvState.NoServer)
    {
    }

    /// <summary>Creates the exception (state <see cref="RfvState.NoServer"/>).</summary>
    /// <param name="message">The message.</param>
    public RfvUnavailableException(string message)
        : base(message)
    {
        State = RfvState.NoServer;
    }

    /// <summary>Creates the exception (state <see cref="RfvState.NoServer"/>).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RfvUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        State = RfvState.NoServer;
    }

    /// <summary>The RFV state.</summary>
    public RfvState State { get; }

    /// <summary>The DSRV status code (e.g. <c>D10</c>) when <see cref="State"/> is <see cref="RfvState.DsrvError"/>.</summary>
    public string? DsrvCode { get; }

    /// <summary>True when a repeat after a short wait may succeed: <see cref="RfvState.RetryNeeded"/>, <see cref="RfvState.NoServer"/>, <see cref="RfvState.NoNetwork"/>.</summary>
    public bool IsTransient => State is RfvState.RetryNeeded or RfvState.NoServer or RfvState.NoNetwork;
}
