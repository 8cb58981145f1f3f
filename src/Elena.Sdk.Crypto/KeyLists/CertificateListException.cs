using System.Globalization;

namespace Elena.Sdk.Crypto.KeyLists;

/// <summary>
/// A certificate list (<see cref="CertificateList"/>) could not be read. Names the 1-based block and the byte
/// offset where that block starts; the message never contains any of the block's content.
/// </summary>
public sealed class CertificateListException : FormatException
{
    /// <summary>Creates the exception without a position (for serialisation frameworks and tests).</summary>
    public CertificateListException()
        : base("The certificate list could not be read.")
    {
    }

    /// <summary>Creates the exception with a message and no position.</summary>
    /// <param name="message">The message.</param>
    public CertificateListException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message, an inner exception and no position.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CertificateListException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a block that could not be read.</summary>
    /// <param name="blockNumber">The 1-based number of the block in the list.</param>
    /// <param name="byteOffset">The 0-based byte offset at which the block starts.</param>
    /// <param name="problem">What is wrong, without any of the block's content.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public CertificateListException(int blockNumber, long byteOffset, string problem, Exception? innerException = null)
        : base(
            string.Create(CultureInfo.InvariantCulture, $"Block {blockNumber} of the certificate list (byte offset {byteOffset}) could not be read: {problem}"),
            innerException)
    {
        BlockNumber = blockNumber;
        ByteOffset = byteOffset;
    }

    /// <summary>The 1-based number of the block that could not be read; 0 when unknown.</summary>
    public int BlockNumber { get; }

    /// <summary>The 0-based byte offset at which that block starts; -1 when unknown.</summary>
    public long ByteOffset { get; } = -1;
}
