using System.Security.Cryptography;

namespace Elena.Sdk.Crypto.Cms;

/// <summary>Decrypts AES-256-CBC ciphertext read from a stream; the padding is checked and removed at the end.</summary>
internal sealed class DecryptingStream : Stream
{
    private const int BufferSize = 1 << 20;

    private readonly Stream _ciphertext;
    private readonly Aes _aes;
    private readonly ICryptoTransform _decryptor;
    private readonly byte[] _input = new byte[BufferSize + 16];
    private readonly byte[] _output = new byte[BufferSize + 32];
    private int _inputCount;      // ciphertext bytes held (not yet decrypted)
    private int _outputPosition;
    private int _outputCount;
    private bool _finished;

    public DecryptingStream(Stream ciphertext, byte[] key, byte[] iv)
    {
        _ciphertext = ciphertext;
        _aes = Aes.Create();
        _decryptor = _aes.CreateDecryptor(key, iv);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_outputPosition == _outputCount)
        {
            if (_finished)
            {
                return 0;
            }

            Refill();
        }

        int n = Math.Min(buffer.Length, _outputCount - _outputPosition);
        _output.AsSpan(_outputPosition, n).CopyTo(buffer);
        _outputPosition += n;
        return n;
    }

    private void Refill()
    {
        // Fill the input buffer as far as possible; keep at least the last block back for the final, padded one.
        while (_inputCount < BufferSize)
        {
            int n = _ciphertext.Read(_input, _inputCount, BufferSize - _inputCount);
            if (n == 0)
            {
                Finish();
                return;
            }

            _inputCount += n;
        }

        int whole = (_inputCount - 16) / 16 * 16;
        _outputCount = _decryptor.TransformBlock(_input, 0, whole, _output, 0);
        _outputPosition = 0;
        Buffer.BlockCopy(_input, whole, _input, 0, _inputCount - whole);
        _inputCount -= whole;
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
            byte[] last = _decryptor.TransformFinalBlock(_input, 0, _inputCount);
            last.CopyTo(_output, 0);
            _outputCount = last.Length;
            _outputPosition = 0;
            _inputCount = 0;
        }
        catch (CryptographicException ex)
        {
            throw new SecureMessageException(SecureMessageError.Tampered, "The encrypted content does not decrypt cleanly (bad padding): the message was altered or the wrong key was used.", ex);
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _decryptor.Dispose();
            _aes.Dispose();
            CryptographicOperations.ZeroMemory(_output);
        }

        base.Dispose(disposing);
    }
}
