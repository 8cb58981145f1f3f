using System.Reflection;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Elena.Sdk.Crypto.Tokens;

/// <summary>
/// The process-wide Pkcs11Interop factories. Creating them first registers (once, thread-safe) a native-library
/// resolver for Pkcs11Interop: version 5.3.0 P/Invokes <c>libdl</c>, but glibc 2.34+ (Debian 12) ships only
/// <c>libdl.so.2</c>.
/// </summary>
internal static class Pkcs11Runtime
{
    private static readonly Lazy<Pkcs11InteropFactories> LazyFactories = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The factories; the first access registers the resolver.</summary>
    public static Pkcs11InteropFactories Factories => LazyFactories.Value;

    private static Pkcs11InteropFactories Create()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, ResolveLibdl);
            }
            catch (InvalidOperationException)
            {
                // The host application already set a resolver for Pkcs11Interop; it takes care of libdl itself.
            }
        }

        return new Pkcs11InteropFactories();
    }

    private static IntPtr ResolveLibdl(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName == "libdl" && NativeLibrary.TryLoad("libdl.so.2", assembly, searchPath, out IntPtr handle))
        {
            return handle;
        }

        return IntPtr.Zero; // default probing
    }
}
