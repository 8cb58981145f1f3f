namespace Elena.Sdk.Testing.Dsrv;

/// <summary>DSRV status codes that can be injected (procedure.md §4), plus a timeout.</summary>
public enum DsrvFault
{
    /// <summary>Request schema invalid.</summary>
    D01,

    /// <summary>Body not found.</summary>
    D02,

    /// <summary>MVDS layout in the package invalid (record counter).</summary>
    D03,

    /// <summary>DSRV connector could not be called.</summary>
    D04,

    /// <summary>Host transaction could not be called.</summary>
    D05,

    /// <summary>Technical error in the connector.</summary>
    D08,

    /// <summary>Error building the response.</summary>
    D09,

    /// <summary>Timeout in the connector.</summary>
    D10,

    /// <summary>Error after successful takeover.</summary>
    E10,

    /// <summary>Error after successful processing.</summary>
    E11,

    /// <summary>Wrong character set in the transport header (not ISO 8859-1).</summary>
    E96,

    /// <summary>Read error in SMSZ data.</summary>
    T01,

    /// <summary>Read error in person data.</summary>
    T02,

    /// <summary>Read error in alpha search data.</summary>
    T04,

    /// <summary>Duplicate-suspicion check, bad request key.</summary>
    T05,

    /// <summary>Wrong data in the request record.</summary>
    T06,

    /// <summary>No answer at all.</summary>
    Timeout,
}

/// <summary>The simulated DSRV answered with a status code other than <c>000</c>, or not at all.</summary>
public sealed class DsrvException : Exception
{
    /// <summary>Creates the exception for an injected fault.</summary>
    /// <param name="fault">The fault.</param>
    public DsrvException(DsrvFault fault)
        : base($"DSRV status {fault}.")
    {
        Fault = fault;
    }

    /// <summary>Creates the exception (fault <see cref="DsrvFault.D08"/>).</summary>
    public DsrvException()
        : this(DsrvFault.D08)
    {
    }

    /// <summary>Creates the exception (fault <see cref="DsrvFault.D08"/>).</summary>
    /// <param name="message">The message.</param>
    public DsrvException(string message)
        : base(message)
    {
        Fault = DsrvFault.D08;
    }

    /// <summary>Creates the exception (fault <see cref="DsrvFault.D08"/>).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DsrvException(string message, Exception innerException)
        : base(message, innerException)
    {
        Fault = DsrvFault.D08;
    }

    /// <summary>The fault.</summary>
    public DsrvFault Fault { get; }

    /// <summary>The status code, e.g. <c>D01</c>, or <c>Timeout</c>.</summary>
    public string Code => Fault.ToString();
}
