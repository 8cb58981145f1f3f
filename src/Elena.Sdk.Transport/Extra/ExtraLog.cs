using Microsoft.Extensions.Logging;

namespace Elena.Sdk.Transport.Extra;

/// <summary>Event ids of the eXTra client's log messages (stable; never carry keys, PINs or record contents).</summary>
public static class ExtraLogEvents
{
    /// <summary>Debug: a request was answered (operation, http status, transport flag, milliseconds).</summary>
    public const int Exchanged = 5101;

    /// <summary>Warning: a request failed transiently and is sent again (attempt, reason, delay).</summary>
    public const int Retrying = 5102;

    /// <summary>Error: the server said halt; nothing is sent until the pause ends.</summary>
    public const int Halted = 5103;
}

internal static partial class ExtraLog
{
    [LoggerMessage(EventId = ExtraLogEvents.Exchanged, Level = LogLevel.Debug, Message = "eXTra {Operation} answered: http {Status}, flag {Flag}, {Milliseconds} ms")]
    public static partial void Exchanged(ILogger logger, string operation, int status, string flag, long milliseconds);

    [LoggerMessage(EventId = ExtraLogEvents.Retrying, Level = LogLevel.Warning, Message = "eXTra {Operation} attempt {Attempt} failed ({Reason}); sending again in {Delay}")]
    public static partial void Retrying(ILogger logger, string operation, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(EventId = ExtraLogEvents.Halted, Level = LogLevel.Error, Message = "eXTra server said halt ({Code}); nothing is sent before {Until:u}")]
    public static partial void Halted(ILogger logger, string code, DateTimeOffset until);
}
