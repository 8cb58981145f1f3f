using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elena.Sdk.Testing.TrustCenter;

/// <summary>A <see cref="SimulatedTrustCenter"/> served by Kestrel on a loopback port (POST <c>/ostcv2/{endpoint}</c>).</summary>
public sealed class SimulatedTrustCenterServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private SimulatedTrustCenterServer(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The OSTC base address (<c>http://127.0.0.1:&lt;port&gt;/ostcv2/</c>).</summary>
    public Uri BaseAddress { get; }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    internal static async Task<SimulatedTrustCenterServer> StartAsync(SimulatedTrustCenter trustCenter, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/ostcv2/{endpoint}", async (HttpContext context, string endpoint) =>
        {
            if (endpoint is not ("antrag.php" or "auftrag.php" or "schluessel.php" or "liste.php"))
            {
                return Results.NotFound();
            }

            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            byte[] answer = await trustCenter.HandleAsync(buffer.ToArray(), context.RequestAborted).ConfigureAwait(false);
            return Results.Bytes(answer, "application/xml; charset=ISO-8859-1");
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new SimulatedTrustCenterServer(app, new Uri(address.TrimEnd('/') + "/ostcv2/"));
    }
}
