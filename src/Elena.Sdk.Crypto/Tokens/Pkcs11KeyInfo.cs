namespace Elena.Sdk.Crypto.Tokens;

/// <summary>An RSA key on a token, as listed by <see cref="Pkcs11Token.ListKeys"/>.</summary>
/// <param name="Label">The key's <c>CKA_LABEL</c> (empty when it has none).</param>
/// <param name="IdHex">The key's <c>CKA_ID</c> as lower-case hex (empty when it has none).</param>
/// <param name="KeySize">The modulus length in bits.</param>
/// <param name="HasCertificate">Whether an X.509 certificate with the same <c>CKA_ID</c> is on the token.</param>
public sealed record Pkcs11KeyInfo(string Label, string IdHex, int KeySize, bool HasCertificate);
