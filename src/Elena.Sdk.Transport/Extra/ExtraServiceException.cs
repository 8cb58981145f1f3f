namespace Elena.Sdk.Transport.Extra;

/// <summary>
/// The eXTra server refused a request (an <c>ExtraError</c>, or an http failure that persisted): its reason, flag
/// code and text. <see cref="IsTransient"/> says whether the same request may succeed later ("retry later");
/// <see cref="IsHalt"/> that the server wants nothing sent until further notice.
/// </summary>
public sealed class ExtraServiceException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">The server's reason.</param>
    /// <param name="code">The flag code (e.g. <c>E90</c>), or the http status for failures without an eXTra answer.</param>
    /// <param name="text">The flag text.</param>
    /// <param name="isTransient">Whether the request may succeed later.</param>
    /// <param name="retryAfter">How long the server asked to wait, if it did.</param>
    /// <param name="statusCode">The http status code, if there was a response.</param>
    public ExtraServiceException(ExtraErrorReason reason, string code, string text, bool isTransient, TimeSpan? retryAfter = null, int? statusCode = null)
        : base($"The eXTra server refused the request: {code} {text}".TrimEnd())
    {
        Reason = reason;
        Code = code;
        Text = text;
        IsTransient = isTransient;
        RetryAfter = retryAfter;
        StatusCode = statusCode;
    }

    /// <summary>The server's reason.</summary>
    public ExtraErrorReason Reason { get; }

    /// <summary>The flag code (e.g. <c>E90</c>, <c>E96</c>), or the http status code.</summary>
    public string Code { get; }

    /// <summary>The flag text.</summary>
    public string Text { get; }

    /// <summary>True when the same request may succeed later (the client already retried <see cref="ExtraClientOptions.MaxAttempts"/> times).</summary>
    public bool IsTransient { get; }

    /// <summary>True when the server said "halt": send nothing until further notice.</summary>
    public bool IsHalt => Reason == ExtraErrorReason.ServicePermanentlyUnavailable;

    /// <summary>How long the server asked to wait, if it did.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The http status code, if there was a response.</summary>
    public int? StatusCode { get; }
}
