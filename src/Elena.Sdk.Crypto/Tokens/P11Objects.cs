using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Elena.Sdk.Crypto.Tokens;

/// <summary>An object found on the token, with the attributes read from it.</summary>
/// <param name="Handle">The object handle (valid within the session and login it was found in).</param>
/// <param name="Label">CKA_LABEL, or empty.</param>
/// <param name="Id">CKA_ID, or empty.</param>
/// <param name="Modulus">CKA_MODULUS without leading zeros (keys), or <see langword="null"/>.</param>
/// <param name="Exponent">CKA_PUBLIC_EXPONENT without leading zeros (keys), or <see langword="null"/>.</param>
/// <param name="Value">CKA_VALUE (certificates), or <see langword="null"/>.</param>
internal sealed record P11Object(IObjectHandle Handle, string Label, byte[] Id, byte[]? Modulus, byte[]? Exponent, byte[]? Value);

/// <summary>Finds and creates token objects; callers hold the connection's gate.</summary>
internal static class P11Objects
{
    /// <summary>Finds RSA keys or X.509 certificates of a class, optionally by label and id, and reads their attributes.</summary>
    /// <param name="session">The session.</param>
    /// <param name="objectClass">CKO_PUBLIC_KEY, CKO_PRIVATE_KEY or CKO_CERTIFICATE.</param>
    /// <param name="label">CKA_LABEL to match, or <see langword="null"/>.</param>
    /// <param name="id">CKA_ID to match, or <see langword="null"/>.</param>
    /// <returns>The objects.</returns>
    public static List<P11Object> Find(ISession session, CKO objectClass, string? label, byte[]? id)
    {
        var factory = Pkcs11Runtime.Factories.ObjectAttributeFactory;
        var template = new List<IObjectAttribute> { factory.Create(CKA.CKA_CLASS, objectClass) };
        try
        {
            template.Add(objectClass == CKO.CKO_CERTIFICATE
                ? factory.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509)
                : factory.Create(CKA.CKA_KEY_TYPE, CKK.CKK_RSA));
            if (label is not null)
            {
                template.Add(factory.Create(CKA.CKA_LABEL, label));
            }

            if (id is not null)
            {
                template.Add(factory.Create(CKA.CKA_ID, id));
            }

            var handles = session.FindAllObjects(template);
            var wanted = objectClass == CKO.CKO_CERTIFICATE
                ? new List<CKA> { CKA.CKA_LABEL, CKA.CKA_ID, CKA.CKA_VALUE }
                : new List<CKA> { CKA.CKA_LABEL, CKA.CKA_ID, CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT };
            var found = new List<P11Object>(handles.Count);
            foreach (var handle in handles)
            {
                var values = session.GetAttributeValue(handle, wanted);
                try
                {
                    string objectLabel = values[0].CannotBeRead ? string.Empty : values[0].GetValueAsString() ?? string.Empty;
                    byte[] objectId = values[1].CannotBeRead ? [] : values[1].GetValueAsByteArray() ?? [];
                    found.Add(objectClass == CKO.CKO_CERTIFICATE
                        ? new P11Object(handle, objectLabel, objectId, null, null, Read(values[2]))
                        : new P11Object(handle, objectLabel, objectId, Unsigned(Read(values[2])), Unsigned(Read(values[3])), null));
                }
                finally
                {
                    DisposeAll(values);
                }
            }

            return found;
        }
        finally
        {
            DisposeAll(template);
        }
    }

    /// <summary>Creates an object from attributes (and disposes them).</summary>
    /// <param name="session">The session.</param>
    /// <param name="attributes">The template.</param>
    /// <returns>The new object's handle.</returns>
    public static IObjectHandle Create(ISession session, List<IObjectAttribute> attributes)
    {
        try
        {
            return session.CreateObject(attributes);
        }
        finally
        {
            DisposeAll(attributes);
        }
    }

    /// <summary>Disposes attributes.</summary>
    /// <param name="attributes">The attributes.</param>
    public static void DisposeAll(List<IObjectAttribute> attributes)
    {
        foreach (var attribute in attributes)
        {
            attribute.Dispose();
        }
    }

    /// <summary>A big-endian unsigned integer without leading zero bytes (at least one byte).</summary>
    /// <param name="value">The value, or <see langword="null"/>.</param>
    /// <returns>The trimmed value, or <see langword="null"/>.</returns>
    public static byte[]? Unsigned(byte[]? value)
    {
        if (value is null || value.Length == 0)
        {
            return null;
        }

        int start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }

        return value[start..];
    }

    private static byte[]? Read(IObjectAttribute attribute) =>
        attribute.CannotBeRead ? null : attribute.GetValueAsByteArray();
}
