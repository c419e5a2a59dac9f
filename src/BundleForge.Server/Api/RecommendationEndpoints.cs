using BundleForge.Bundles.Composition;
using BundleForge.Privacy;
using BundleForge.Server.Events;
using BundleForge.Server.Serving;
using BundleForge.Server.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BundleForge.Server.Api;

/// <summary><c>GET /v1/users/{userId}/recommendations</c>: session-aware personalised items from the best recommender
/// the model has (<see cref="RecommenderOrder"/>; named in <c>source</c>), popularity for users the server knows
/// nothing about (marked as the fallback).</summary>
internal static class RecommendationEndpoints
{
    /// <summary>The <c>source</c> of an answer no recommender had anything for.</summary>
    public const string PopularitySource = "popularity";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/users/{userId}/recommendations", (string userId, string? k, ModelHost host, SessionTracker sessions, Pseudonymizer pseudonymizer, ServerSettings settings, ServerMetrics metrics) =>
        {
            if (RequestValidation.IdError(userId, "userId", settings.MaxIdLength) is { } idError) return Problems.BadRequest(idError);
            if (RequestValidation.IntError(k, "k", 10, 1, settings.MaxK, out int count) is { } kError) return Problems.BadRequest(kError);
            var model = host.Current;
            var user = ContextOf(model, pseudonymizer.Key(userId), sessions);
            var (items, fallback, source) = Recommend(model, user, count);
            if (fallback is not null) metrics.Fallback("recommendations");
            return Results.Ok(new RecommendationsResponse(model.Version, user.IsKnown, fallback, source, ItemView.From(items, model.Catalog)));
        })
        .WithName("Recommendations")
        .WithSummary("Personalised items for a user (k ≤ 100), reflecting the user's latest events.")
        .Produces<RecommendationsResponse>()
        .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    /// <summary>What the endpoint (and the dashboard) answers for a user: popularity for an unknown user, else the
    /// items of the first recommender in the configured order that has any (<c>Source</c> = its name), topped up with
    /// popular items the user has not bought; <c>Fallback</c> and <c>Source</c> are "popularity" when nothing personal
    /// was found.</summary>
    public static (List<Suggestion> Items, string? Fallback, string Source) Recommend(ServingModel model, UserContext user, int count)
    {
        if (!user.IsKnown) return (model.Baseline.Popular(count, _ => true), PopularitySource, PopularitySource);
        List<Suggestion>? items = null;
        string source = PopularitySource;
        foreach (var recommender in model.Recommenders)
        {
            var found = recommender.Recommend(user, count);
            if (found.Count == 0) continue;
            items = found as List<Suggestion> ?? new List<Suggestion>(found);
            source = recommender.Name;
            break;
        }
        items ??= new List<Suggestion>(count);
        string? fallback = null;
        if (items.Count < count)
        {
            // Too little signal for a full list: top up with popular items the user has not bought.
            var taken = new HashSet<int>();
            foreach (var s in items) taken.Add(s.Item);
            items.AddRange(model.Baseline.Popular(count - items.Count, i => !taken.Contains(i) && !user.IsExcluded(i)));
            if (taken.Count == 0) fallback = PopularitySource;
        }
        return (items, fallback, source);
    }

    /// <summary>The user's history from the model and live session from the event stream, under their pseudonymous key.</summary>
    public static UserContext ContextOf(ServingModel model, string userKey, SessionTracker sessions) =>
        new(userKey, model.Profiles.HistoryOf(userKey), sessions.Of(userKey, model.Catalog));
}
