using System.Buffers;
using System.Security.Cryptography;

namespace Elena.Sdk.Crypto.Cms;

/// <summary>
/// Decrypts AES-256-CBC ciphertext read from a stream. Large reads are decrypted straight into the caller's
/// buffer; the last block is held back until the end, where the padding is checked and removed.
/// </summary>
internal sealed class DecryptingStream : ForwardReadStream
{
    private const int BufferSize = 1 << 20;

    private readonly Stream _ciphertext;
    private readonly Aes _aes;
    private readonly byte[] _iv = new byte[16];
    private readonly byte[] _input = ArrayPool<byte>.Shared.Rent(BufferSize + 16);
    private readonly byte[] _output = ArrayPool<byte>.Shared.Rent(BufferSize + 16);
    private int _inputCount;      // ciphertext bytes held, not yet decrypted
    private int _outputPosition;
    private int _outputCount;
    private bool _finished;
    private bool _disposed;

    public DecryptingStream(Stream ciphertext, byte[] key, byte[] iv)
    {
        _ciphertext = ciphertext;
        _aes = Aes.Create();
        _aes.Key = key;
        iv.CopyTo(_iv, 0);
    }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            if (_outputPosition < _outputCount)
            {
                int n = Math.Min(buffer.Length, _outputCount - _outputPosition);
                _output.AsSpan(_outputPosition, n).CopyTo(buffer);
                _outputPosition += n;
                return n;
            }

            if (_finished)
            {
                return 0;
            }

            // Gather ciphertext: fill the input buffer, or stop at the end of the ciphertext.
            while (_inputCount < BufferSize)
            {
                int read = _ciphertext.Read(_input, _inputCount, BufferSize - _inputCount);
                if (read == 0)
                {
                    Finish();
                    break;
                }

                _inputCount += read;
            }

            if (_finished)
            {
                continue;
            }

            // Decrypt all whole blocks but the last (it may carry the padding).
            int whole = (_inputCount - 16) / 16 * 16;
            if (buffer.Length >= whole)
            {
                int n = DecryptBlocks(whole, buffer);
                return n;
            }

            _outputCount = DecryptBlocks(whole, _output);
            _outputPosition = 0;
        }
    }

    private int DecryptBlocks(int count, Span<byte> destination)
    {
        int n = _aes.DecryptCbc(_input.AsSpan(0, count), _iv, destination, PaddingMode.None);
        _input.AsSpan(count - 16, 16).CopyTo(_iv);
        Buffer.BlockCopy(_input, count, _input, 0, _inputCount - count);
        _inputCount -= count;
        return n;
    }

    private void Finish()
    {
        _finished = true;
        if (_inputCount % 16 != 0 || _inputCount == 0)
        {
            throw new SecureMessageException(SecureMessageError.Tampered, "The encrypted content is not a whole number of AES blocks: the message was cut or altered.");
        }

        try
        {
            _outputCount = _aes.DecryptCbc(_input.AsSpan(0, _inputCount), _iv, _output, PaddingMode.PKCS7);
            _outputPosition = 0;
            _inputCount = 0;
        }
        catch (CryptographicException ex)
        {
            throw new SecureMessageException(SecureMessageError.Tampered, "The encrypted content does not decrypt cleanly (bad padding): the message was altered or the wrong key was used.", ex);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _aes.Dispose();
            ArrayPool<byte>.Shared.Return(_input, clearArray: true);
            ArrayPool<byte>.Shared.Return(_output, clearArray: true);
        }

        base.Dispose(disposing);
    }
}
