using BundleForge.Privacy;
using BundleForge.Server.Events;
using BundleForge.Server.Models;
using BundleForge.Server.Settings;
using BundleForge.Server.Telemetry;

namespace BundleForge.Server.Api;

/// <summary>Admin endpoints (API key): erase a user, reload the model.</summary>
internal static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapDelete("/v1/users/{userId}", async (string userId, ModelHost host, ICustomerEvents customers, Pseudonymizer pseudonymizer, LimitsOptions limits, ServerMetrics metrics, ILoggerFactory logs, CancellationToken cancel) =>
        {
            if (RequestValidation.IdError(userId, "userId", limits.MaxIdLength) is { } idError)
                return Problems.BadRequest(idError);
            var result = await host.EraseAsync(pseudonymizer.Key(userId), customers, cancel);
            if (result is { Error: not null, Failed: true })
                return Problems.Unavailable($"The user's events and session were erased ({result.EventsDeleted} events), but the model could not be loaded to remove their profile: {result.Error} Repeat the DELETE.");
            if (result.Error is not null)
                return Problems.Conflict($"The user's events and session were erased ({result.EventsDeleted} events), but the model on disk was refused, so its profile could not be removed: {result.Error} Fix or retrain the model and repeat the DELETE.");
            metrics.Erased();
            // Logged with a random erasure id, never the raw id nor the key (both would be a trace of the user).
            logs.CreateLogger("BundleForge.Server.Erasure").LogInformation(
                "User erased (erasure {ErasureId}): {Events} events deleted, session removed {Session}, profile removed {Profile}, model now {Version}",
                Guid.NewGuid().ToString("N")[..12], result.EventsDeleted, result.SessionRemoved, result.ProfileRemoved, result.ModelVersion);
            return Results.Ok(new ErasureResponse(true, result.EventsDeleted, result.SessionRemoved, result.ProfileRemoved, result.ModelVersion));
        })
        .AddEndpointFilter<AdminKeyFilter>()
        .WithName("EraseUser")
        .WithSummary("Admin (X-Api-Key): erases a user's events, session and profile; afterwards the user is unknown.")
        .Produces<ErasureResponse>()
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status409Conflict);

        app.MapPost("/v1/admin/reload", async (ModelHost host, ServerMetrics metrics, CancellationToken cancel) =>
        {
            var r = await host.ReloadAsync(cancel);
            metrics.Reload(r.Outcome switch { ModelHost.ReloadOutcome.Reloaded => "ok", ModelHost.ReloadOutcome.Refused => "refused", _ => "failed" });
            return r.Outcome switch
            {
                ModelHost.ReloadOutcome.Reloaded => Results.Ok(new ReloadResponse(true, r.PreviousVersion, r.Version)),
                ModelHost.ReloadOutcome.Refused => Problems.Conflict($"The model on disk was refused: {r.Error} Still serving {r.Version}."),
                _ => Problems.Unavailable($"The model could not be loaded: {r.Error} Still serving {r.Version}; retry later."),
            };
        })
        .AddEndpointFilter<AdminKeyFilter>()
        .WithName("Reload")
        .WithSummary("Admin (X-Api-Key): switches atomically to the model folder's current version; a model failing verification is refused (409), one the server cannot load (e.g. out of memory) is 503; either way the old version keeps serving.")
        .Produces<ReloadResponse>()
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }
}
