using BundleForge.Privacy;
using BundleForge.Server.Events;
using BundleForge.Server.Models;
using BundleForge.Server.Settings;
using BundleForge.Server.Telemetry;

namespace BundleForge.Server.Api;

/// <summary><c>GET /v1/users/{userId}/recommendations</c>: session-aware personalised items from the best recommender
/// the model has (<see cref="Models.RecommenderOrder"/>; named in <c>source</c>), popularity for users the server knows
/// nothing about (marked as the fallback).</summary>
internal static class RecommendationEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/users/{userId}/recommendations", async (string userId, string? k, ModelLease lease, ICustomerEvents sessions, Pseudonymizer pseudonymizer, LimitsOptions limits, ServerMetrics metrics, RequestBudgetOptions budget, CancellationToken cancel) =>
        {
            if (RequestValidation.IdError(userId, "userId", limits.MaxIdLength) is { } idError)
                return Problems.BadRequest(idError);
            if (RequestValidation.IntError(k, "k", 10, 1, limits.MaxK, out int count) is { } kError)
                return Problems.BadRequest(kError);
            var model = lease.Model;
            var user = await Recommendations.ContextOfAsync(model, pseudonymizer.Key(userId), sessions, cancel);
            var (items, fallback, source) = Recommendations.For(model, user, count, budget.ToBudget().Time, out var degraded);
            if (fallback is not null)
                metrics.Fallback("recommendations");
            return Results.Ok(new RecommendationsResponse(model.Version, user.IsKnown, fallback, source, ItemView.From(items, model.Catalog), Degraded.View(degraded, budget)));
        })
        .WithName("Recommendations")
        .WithSummary("Personalised items for a user (k ≤ 100), reflecting the user's latest events.")
        .Produces<RecommendationsResponse>()
        .ProducesProblem(StatusCodes.Status400BadRequest);
    }
}
