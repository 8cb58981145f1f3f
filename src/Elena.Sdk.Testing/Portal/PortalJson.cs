using System.Text.Json;
using System.Text.Json.Serialization;

namespace Elena.Sdk.Testing.Portal;

/// <summary>The JSON shape of the portal API: camelCase names, enums as their names, no nulls left out.</summary>
internal static class PortalJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
