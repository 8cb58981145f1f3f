using System.Reflection;
using System.Security.Cryptography;
using Elena.Sdk.Testing.Storage;

namespace Elena.Sdk.Testing.Tests.Storage;

public class InMemoryMasterKeyVaultTests
{
    [Fact]
    public void UnwrapKey_AfterWrap_ReturnsSessionKey()
    {
        using var vault = new InMemoryMasterKeyVault();
        var key = RandomNumberGenerator.GetBytes(32);

        var wrapped = vault.WrapKey(key);

        Assert.Equal(12 + 32 + 16, wrapped.Length);
        Assert.Equal(-1, wrapped.AsSpan().IndexOf(key));
        Assert.Equal(key, vault.UnwrapKey(wrapped));
        Assert.NotEqual(wrapped, vault.WrapKey(key));
    }

    [Fact]
    public void Ctor_SameSeed_SameKeyIdAndInteroperable()
    {
        using var a = new InMemoryMasterKeyVault(7);
        using var b = new InMemoryMasterKeyVault(7);
        using var c = new InMemoryMasterKeyVault(8);
        var key = RandomNumberGenerator.GetBytes(32);

        Assert.Equal(a.KeyId, b.KeyId);
        Assert.NotEqual(a.KeyId, c.KeyId);
        Assert.StartsWith("mk-", a.KeyId, StringComparison.Ordinal);
        Assert.Equal(key, b.UnwrapKey(a.WrapKey(key)));
        Assert.ThrowsAny<CryptographicException>(() => c.UnwrapKey(a.WrapKey(key)));
    }

    [Fact]
    public void UnwrapKey_TamperedOrShort_Throws()
    {
        using var vault = new InMemoryMasterKeyVault();
        var wrapped = vault.WrapKey(new byte[32]);
        wrapped[20] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => vault.UnwrapKey(wrapped));
        Assert.ThrowsAny<CryptographicException>(() => vault.UnwrapKey(new byte[28]));
    }

    [Fact]
    public void PublicSurface_NoMemberExposesMasterKey()
    {
        var members = typeof(InMemoryMasterKeyVault).GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static);

        Assert.DoesNotContain(members.OfType<PropertyInfo>(), p => p.PropertyType == typeof(byte[]) || p.PropertyType.Name.Contains("Span", StringComparison.Ordinal) || p.PropertyType.Name.Contains("Memory", StringComparison.Ordinal));
        Assert.DoesNotContain(members.OfType<FieldInfo>(), f => f.FieldType == typeof(byte[]));
        Assert.DoesNotContain(members.OfType<MethodInfo>(), m => m.ReturnType == typeof(byte[]) && m.GetParameters().Length == 0);
    }

    [Fact]
    public void WrapKey_AfterDispose_Throws()
    {
        var vault = new InMemoryMasterKeyVault();
        vault.Dispose();
        Assert.Throws<ObjectDisposedException>(() => vault.WrapKey(new byte[32]));
    }
}
