using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Elena.Sdk.Crypto.Certificates;

/// <summary>Loads certificates and software keys from files (PEM, DER, PKCS#12). Passwords are used, never kept.</summary>
public static class KeyFiles
{
    /// <summary>Loads a certificate from a PEM or DER file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The certificate.</returns>
    public static X509Certificate2 LoadCertificate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] data = File.ReadAllBytes(path);
        return data.Length > 0 && data[0] == 0x30
            ? X509CertificateLoader.LoadCertificate(data)
            : X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(data));
    }

    /// <summary>Loads all certificates of a PEM file (e.g. a CA bundle).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The certificates.</returns>
    public static IReadOnlyList<X509Certificate2> LoadCertificates(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] data = File.ReadAllBytes(path);
        if (data.Length > 0 && data[0] == 0x30)
        {
            return [X509CertificateLoader.LoadCertificate(data)];
        }

        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(System.Text.Encoding.ASCII.GetString(data));
        return [.. collection];
    }

    /// <summary>Loads a certificate with its private key from PEM files (PKCS#8 or PKCS#1 key; encrypted PKCS#8 with a password).</summary>
    /// <param name="certificatePath">The certificate file.</param>
    /// <param name="keyPath">The key file.</param>
    /// <param name="password">The key's password, if it is encrypted.</param>
    /// <returns>The certificate with its private key.</returns>
    /// <exception cref="CryptographicException">The key does not belong to the certificate, or the password is wrong.</exception>
    public static X509Certificate2 LoadPem(string certificatePath, string keyPath, ReadOnlySpan<char> password = default)
    {
        ArgumentNullException.ThrowIfNull(certificatePath);
        ArgumentNullException.ThrowIfNull(keyPath);
        string certificatePem = File.ReadAllText(certificatePath);
        string keyPem = File.ReadAllText(keyPath);
        return password.IsEmpty
            ? X509Certificate2.CreateFromPem(certificatePem, keyPem)
            : X509Certificate2.CreateFromEncryptedPem(certificatePem, keyPem, password);
    }

    /// <summary>Loads a certificate with its private key from a PKCS#12 file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="password">The file's password.</param>
    /// <returns>The certificate with its private key.</returns>
    /// <exception cref="CryptographicException">The password is wrong or the file holds no private key.</exception>
    public static X509Certificate2 LoadPkcs12(string path, ReadOnlySpan<char> password)
    {
        ArgumentNullException.ThrowIfNull(path);
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        if (!certificate.HasPrivateKey)
        {
            throw new CryptographicException("The PKCS#12 file holds no private key for its certificate.");
        }

        return certificate;
    }
}
