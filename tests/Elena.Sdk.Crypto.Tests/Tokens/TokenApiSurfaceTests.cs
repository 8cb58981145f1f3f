using System.Reflection;
using Elena.Sdk.Crypto.Tokens;

namespace Elena.Sdk.Crypto.Tests.Tokens;

/// <summary>The public API of the Tokens namespace shows no Pkcs11Interop or BouncyCastle type.</summary>
public sealed class TokenApiSurfaceTests
{
    private const BindingFlags Visible = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void PublicTypes_TokensNamespace_ExposeNoPkcs11InteropOrBouncyCastleType()
    {
        var types = typeof(Pkcs11Token).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == typeof(Pkcs11Token).Namespace).ToList();
        var offending = new List<string>();

        foreach (var type in types)
        {
            Check(type.BaseType, $"{type.Name} base type");
            foreach (var implemented in type.GetInterfaces())
            {
                Check(implemented, $"{type.Name} interface");
            }

            foreach (var member in type.GetMembers(Visible).Where(IsVisible))
            {
                switch (member)
                {
                    case FieldInfo field:
                        Check(field.FieldType, $"{type.Name}.{field.Name}");
                        break;
                    case PropertyInfo property:
                        Check(property.PropertyType, $"{type.Name}.{property.Name}");
                        break;
                    case EventInfo @event:
                        Check(@event.EventHandlerType, $"{type.Name}.{@event.Name}");
                        break;
                    case MethodBase method:
                        if (method is MethodInfo info)
                        {
                            Check(info.ReturnType, $"{type.Name}.{method.Name} return");
                        }

                        foreach (var parameter in method.GetParameters())
                        {
                            Check(parameter.ParameterType, $"{type.Name}.{method.Name}({parameter.Name})");
                        }

                        break;
                }
            }
        }

        Assert.Contains(typeof(Pkcs11Token), types);
        Assert.Contains(typeof(Pkcs11RsaKey), types);
        Assert.Contains(typeof(TokenException), types);
        Assert.DoesNotContain(typeof(TokenConnection), types);
        Assert.Empty(offending);

        void Check(Type? type, string where)
        {
            if (type is null)
            {
                return;
            }

            if (type.HasElementType)
            {
                Check(type.GetElementType(), where);
                return;
            }

            if (type.IsGenericType)
            {
                foreach (var argument in type.GetGenericArguments())
                {
                    Check(argument, where);
                }
            }

            string ns = type.Namespace ?? string.Empty;
            if (ns.StartsWith("Net.Pkcs11Interop", StringComparison.Ordinal) || ns.StartsWith("Org.BouncyCastle", StringComparison.Ordinal))
            {
                offending.Add($"{where}: {type.FullName}");
            }
        }
    }

    [Fact]
    public void Pkcs11RsaKey_Type_IsBclRsaWithoutPublicConstructor()
    {
        Assert.True(typeof(System.Security.Cryptography.RSA).IsAssignableFrom(typeof(Pkcs11RsaKey)));
        Assert.Empty(typeof(Pkcs11RsaKey).GetConstructors()); // made by Pkcs11Token only
    }

    private static bool IsVisible(MemberInfo member) => member switch
    {
        FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
        MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
        PropertyInfo p => (p.GetMethod is { } g && (g.IsPublic || g.IsFamily || g.IsFamilyOrAssembly))
            || (p.SetMethod is { } s && (s.IsPublic || s.IsFamily || s.IsFamilyOrAssembly)),
        EventInfo e => e.AddMethod is { } a && (a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
        Type t => t.IsNestedPublic || t.IsNestedFamily || t.IsNestedFamORAssem,
        _ => false,
    };
}
