using BundleForge.Bundles.Strategy;
using BundleForge.Data;
using BundleForge.Privacy;
using BundleForge.Server.Events;
using BundleForge.Server.Models;
using BundleForge.Server.Serving;
using BundleForge.Server.Settings;

namespace BundleForge.Server.Api;

/// <summary>Priced bundles for a user, and pricing a given set of items. Both answer 503 until the model carries a
/// bundle engine (<see cref="IBundleOffers"/> / <see cref="IBundlePricer"/>); inputs are validated first either way.</summary>
internal static class BundleEndpoints
{
    public const string NoEngine = "The bundle engine is not in this model: train it into the model folder and reload.";
    // One limit with the strategy's bundles_per_request (a request composes and prices 3n bundles).
    private const int MaxBundles = MarketStrategy.MaxBundlesPerRequest;
    private const int MaxBundleItems = 20;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/users/{userId}/bundles", async (string userId, string? cart, string? item, string? n, ModelLease lease, ICustomerEvents sessions, Pseudonymizer pseudonymizer, LimitsOptions limits, RequestBudgetOptions budget, CancellationToken cancel) =>
        {
            // An empty parameter (item=) is the same as none, like k= and n=.
            if (string.IsNullOrEmpty(item))
                item = null;
            if (RequestValidation.IdError(userId, "userId", limits.MaxIdLength) is { } idError)
                return Problems.BadRequest(idError);
            if (RequestValidation.IntError(n, "n", 3, 1, MaxBundles, out int count) is { } nError)
                return Problems.BadRequest(nError);
            var cartIds = cart is null ? [] : cart.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (cartIds.Length > limits.MaxCartItems)
                return Problems.BadRequest($"cart has {cartIds.Length} items; at most {limits.MaxCartItems} are allowed.");
            foreach (var id in cartIds)
                if (RequestValidation.IdError(id, "cart item", limits.MaxIdLength) is { } e)
                    return Problems.BadRequest(e);
            if (item is not null && RequestValidation.IdError(item, "item", limits.MaxIdLength) is { } itemError)
                return Problems.BadRequest(itemError);
            var model = lease.Model;
            if (model.BundleOffers is not { } engine)
                return Problems.Unavailable(NoEngine);
            int focus = -1;
            if (item is not null && (focus = model.Catalog.IndexOf(item)) < 0)
                return Problems.NotFound("Unknown item: it is not in the served model's catalog.");
            var dense = new List<int>();
            foreach (var id in cartIds)
                if (model.Catalog.IndexOf(id) is >= 0 and var i && !dense.Contains(i))
                    dense.Add(i);
            var user = await Recommendations.ContextOfAsync(model, pseudonymizer.Key(userId), sessions, cancel);
            var answer = engine.Offers(user, dense.ToArray(), focus, count, budget.ToBudget());
            var views = new List<BundleView>(answer.Bundles.Count);
            foreach (var b in answer.Bundles)
                views.Add(View(b, model.Catalog));
            var w = answer.Withheld;
            return Results.Ok(new BundlesResponse(model.Version, engine.Currency, views,
                new WithheldView(w.Composed, w.NoAllowedPrice, w.NoIncrementalProfit, w.BelowMinExpectedProfit, w.PriceUnknown, w.Summary()),
                Degraded.View(answer.Degraded, budget)));
        })
        .WithName("Bundles")
        .WithSummary("Priced bundles with explanations for a user, around a cart (cart=A,B) and/or a product (item=X); n ≤ 10. An answer the request budget cut short says so in degraded.")
        .Produces<BundlesResponse>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        app.MapPost("/v1/bundles/price", async (HttpRequest request, ModelLease lease, ICustomerEvents sessions, Pseudonymizer pseudonymizer, LimitsOptions limits, CancellationToken cancel) =>
        {
            var (body, error) = await JsonRequest.ReadAsync(request, limits.MaxBodyBytes, cancel);
            if (error is not null)
                return error;
            if (body.Root != System.Text.Json.JsonTokenType.StartObject)
                return Problems.BadRequest($"The body must be a JSON object with \"user_id\" and \"items\", not {JsonRequest.Kind(body.Root)}.");
            var (priceRequest, typeError) = JsonRequest.Deserialize(body, ApiJsonContext.Default.BundlePriceRequest);
            if (typeError is not null)
                return Problems.BadRequest(typeError);
            if (RequestValidation.IdError(priceRequest!.UserId, "user_id", limits.MaxIdLength) is { } idError)
                return Problems.BadRequest(idError);
            var ids = priceRequest.Items;
            if (ids is null || ids.Length < 2)
                return Problems.BadRequest("items is required: an array of 2 to 20 item ids.");
            if (ids.Length > MaxBundleItems)
                return Problems.BadRequest($"items has {ids.Length} entries; at most {MaxBundleItems} are allowed.");
            for (int x = 0; x < ids.Length; x++)
            {
                if (RequestValidation.IdError(ids[x], $"items[{x}]", limits.MaxIdLength) is { } e)
                    return Problems.BadRequest(e);
                if (Array.IndexOf(ids, ids[x], 0, x) is >= 0 and var first)
                    return Problems.BadRequest($"items[{x}] repeats items[{first}] ('{ids[x]}'); a bundle's items must be distinct.");
            }
            var model = lease.Model;
            if (model.Pricer is not { } pricer)
                return Problems.Unavailable(NoEngine);
            var dense = new List<int>(ids.Length);
            for (int x = 0; x < ids.Length; x++)
            {
                int i = model.Catalog.IndexOf(ids[x]!);
                if (i < 0)
                    return Problems.NotFound($"Unknown item '{ids[x]}': it is not in the served model's catalog.");
                dense.Add(i);
            }
            var user = await Recommendations.ContextOfAsync(model, pseudonymizer.Key(priceRequest.UserId!), sessions, cancel);
            return Results.Ok(new BundlePriceResponse(model.Version, pricer.Currency, View(pricer.Price(user, dense.ToArray()), model.Catalog)));
        })
        .WithName("PriceBundle")
        .WithSummary("Prices a given set of 2–20 items as a bundle for a user.")
        .Accepts<BundlePriceRequest>("application/json")
        .Produces<BundlePriceResponse>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static BundleView View(PricedBundle b, ItemCatalog catalog)
    {
        var items = new List<BundleItemView>(b.Items.Length);
        for (int k = 0; k < b.Items.Length; k++)
        {
            int i = b.Items[k];
            items.Add(new BundleItemView(catalog.Ids[i], catalog.Titles[i], float.IsNaN(catalog.Price[i]) ? null : Math.Round(catalog.Price[i], 2),
                b.IsNewAt(k) ? INewItems.Source : null));
        }
        double discount = b.ListPrice > 0 ? Math.Round(100 * (1 - b.Price / b.ListPrice), 2) : 0;
        return new BundleView(b.BundleId, items, Math.Round(b.ListPrice, 2), Math.Round(b.Price, 2), discount,
            b.ExpectedProfit, [b.ExpectedProfitInterval.Low, b.ExpectedProfitInterval.High], b.Acceptance, [b.AcceptanceInterval.Low, b.AcceptanceInterval.High],
            b.LittleEvidence, b.Responses, b.Explanation);
    }
}
