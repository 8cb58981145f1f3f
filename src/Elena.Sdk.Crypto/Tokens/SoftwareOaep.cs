using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Encodings;

namespace Elena.Sdk.Crypto.Tokens;

/// <summary>
/// Removes RSAES-OAEP (SHA-256, MGF1-SHA-256, empty label) padding from a block the token decrypted with raw RSA
/// (<c>CKM_RSA_X_509</c>). Used only with <see cref="Pkcs11TokenOptions.AllowRawRsaDecryptFallback"/>.
/// </summary>
internal static class SoftwareOaep
{
    /// <summary>Decodes the OAEP-SHA256 block.</summary>
    /// <param name="rawBlock">The raw RSA result (k bytes, or fewer when the token strips leading zeros); cleared afterwards.</param>
    /// <param name="modulusBytes">k, the modulus length in bytes.</param>
    /// <returns>The plaintext.</returns>
    /// <exception cref="CryptographicException">The padding is invalid.</exception>
    public static byte[] DecodeSha256(byte[] rawBlock, int modulusBytes)
    {
        var oaep = new OaepEncoding(new IdentityCipher(modulusBytes), new Sha256Digest());
        oaep.Init(false, NoKey.Instance);
        try
        {
            return oaep.ProcessBlock(rawBlock, 0, rawBlock.Length);
        }
        catch (InvalidCipherTextException e)
        {
            throw new CryptographicException("The RSA-OAEP (SHA-256) padding is invalid: the data was not encrypted for this key, or it is damaged.", e);
        }
        catch (DataLengthException e)
        {
            throw new CryptographicException("The RSA-OAEP (SHA-256) block has the wrong length for this key.", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(rawBlock);
        }
    }

    /// <summary>Marker parameters for <see cref="IdentityCipher"/> (it needs no key).</summary>
    private sealed class NoKey : ICipherParameters
    {
        public static readonly NoKey Instance = new();
    }

    /// <summary>
    /// An "RSA engine" that returns its input: the token already did the RSA operation. Like BouncyCastle's RSA engine
    /// it returns at most k−1 bytes, so a leading zero byte of the k-byte block is dropped.
    /// </summary>
    private sealed class IdentityCipher(int modulusBytes) : IAsymmetricBlockCipher
    {
        public string AlgorithmName => "RSA";

        public void Init(bool forEncryption, ICipherParameters parameters)
        {
            if (forEncryption)
            {
                throw new NotSupportedException("The identity cipher only decodes.");
            }
        }

        public int GetInputBlockSize() => modulusBytes;

        public int GetOutputBlockSize() => modulusBytes - 1;

        public byte[] ProcessBlock(byte[] inBuf, int inOff, int inLen)
        {
            var block = inBuf.AsSpan(inOff, inLen);
            if (block.Length == modulusBytes && block[0] == 0)
            {
                block = block[1..];
            }

            // A block longer than k−1 bytes is invalid; OaepEncoding rejects it in constant time.
            return block.ToArray();
        }
    }
}
