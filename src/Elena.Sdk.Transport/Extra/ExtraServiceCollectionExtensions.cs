using Elena.Sdk.Transport.Extra;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the eXTra client with <c>IHttpClientFactory</c>.</summary>
public static class ExtraServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ExtraClient"/> as a typed http client with the standard resilience handler (timeouts, circuit
    /// breaker, rate limiting). The handler does not retry: every eXTra request is a POST, and the client retries by
    /// itself with the same RequestID, rebuilding the streamed body (docs/decisions.md TX7).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="server">The server's eXTra endpoint.</param>
    /// <param name="configure">Sets keys, certificates and identities.</param>
    /// <returns>The http client builder, to add handlers or change the resilience settings.</returns>
    public static IHttpClientBuilder AddElenaExtraClient(this IServiceCollection services, Uri server, Action<ExtraClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ExtraClientOptions>().Configure(configure);
        var builder = services.AddHttpClient<ExtraClient>(http => http.BaseAddress = server)
            .AddTypedClient((http, provider) => new ExtraClient(http, provider.GetRequiredService<IOptions<ExtraClientOptions>>().Value, provider.GetService<ILogger<ExtraClient>>()));
        builder.AddStandardResilienceHandler(options =>
        {
            options.Retry.DisableForUnsafeHttpMethods();

            // A 20,000-MVDS file is about 16 MB of base64: allow slow uplinks.
            options.AttemptTimeout.Timeout = TimeSpan.FromMinutes(5);
            options.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(10);
            options.CircuitBreaker.SamplingDuration = TimeSpan.FromMinutes(10);
        });
        return builder;
    }
}
