using System.Diagnostics;
using BundleForge.Server.Models;

namespace BundleForge.Server.Api;

/// <summary><c>GET /health</c>: live while the process answers, ready once a verified model is loaded (which start-up
/// guarantees).</summary>
internal static class HealthEndpoints
{
    private static readonly long Started = Stopwatch.GetTimestamp();

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/health", (ModelLease lease) =>
        {
            var model = lease.Model;
            return Results.Ok(new HealthResponse("ok", true, true, model.Version, model.Components.Select(c => c.Name).ToArray(),
                model.BundleOffers is not null, (long)Stopwatch.GetElapsedTime(Started).TotalSeconds,
                model.Recommenders.Select(r => r.Name).ToArray(), model.Unavailable.Count == 0 ? null : model.Unavailable.Select(u => u.Name).ToArray()));
        })
        .WithName("Health")
        .WithSummary("Liveness and readiness with the served model version.")
        .Produces<HealthResponse>();

        app.MapGet("/ping", () => Results.Text("pong"))
            .WithName("Ping")
            .WithSummary("The cheapest endpoint (load-test reference).")
            .ExcludeFromDescription();
    }
}
