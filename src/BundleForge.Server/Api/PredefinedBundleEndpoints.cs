using BundleForge.Data;
using BundleForge.Privacy;
using BundleForge.Server.Components;
using BundleForge.Server.Events;
using BundleForge.Server.Models;
using BundleForge.Server.Settings;

namespace BundleForge.Server.Api;

/// <summary>The shop's predefined bundles (kits, outfits, lists it sells as they are) ranked per customer by the
/// <c>bundle-ranker</c> component, priced from their items by the bundle engine when the model has one. 503 until the
/// model carries the ranker; inputs are validated first either way.</summary>
internal static class PredefinedBundleEndpoints
{
    public const string NoRanker = "The predefined-bundle ranker is not in this model: train it with --models bundle-ranker on data with predefined bundles (crosscbr) and reload.";
    private const int MaxBundles = 50;
    private const int ReasonsShown = 3;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/users/{userId}/predefined-bundles", async (string userId, string? n, ModelLease lease, ICustomerEvents sessions, Pseudonymizer pseudonymizer, LimitsOptions limits, CancellationToken cancel) =>
        {
            if (RequestValidation.IdError(userId, "userId", limits.MaxIdLength) is { } idError)
                return Problems.BadRequest(idError);
            if (RequestValidation.IntError(n, "n", 5, 1, MaxBundles, out int count) is { } nError)
                return Problems.BadRequest(nError);
            var model = lease.Model;
            if (Ranker(model) is not { } ranker)
                return Problems.Unavailable(NoRanker);
            var user = await Recommendations.ContextOfAsync(model, pseudonymizer.Key(userId), sessions, cancel);
            var views = new List<PredefinedBundleView>(count);
            string? pricing = model.Pricer is null ? "The bundle engine is not in this model (train with --models bundles), so the bundles are not priced." : null;
            int rank = 0;
            foreach (var r in ranker.Rank(user, count))
                views.Add(View(r, ++rank, ranker, model, user));
            return Results.Ok(new PredefinedBundlesResponse(model.Version, model.Pricer?.Currency, views, pricing));
        })
        .WithName("PredefinedBundles")
        .WithSummary("The shop's predefined bundles ranked for a customer (n ≤ 50), each with what led to it and, when the model has the bundle engine, its price.")
        .Produces<PredefinedBundlesResponse>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>The model's predefined-bundle ranker, if it has one.</summary>
    public static PredefinedBundlesComponent? Ranker(ServingModel model)
    {
        foreach (var c in model.Components)
            if (c is PredefinedBundlesComponent p)
                return p;
        return null;
    }

    private static PredefinedBundleView View(RankedPredefinedBundle r, int rank, PredefinedBundlesComponent ranker, ServingModel model, Serving.UserSnapshot user)
    {
        var catalog = model.Catalog;
        var items = new List<BundleItemView>(r.Items.Length);
        foreach (int i in r.Items)
            items.Add(new BundleItemView(catalog.Ids[i], catalog.Titles[i], float.IsNaN(catalog.Price[i]) ? null : Math.Round(catalog.Price[i], 2)));
        double? list = null, price = null, discount = null, profit = null;
        if (model.Pricer is { } pricer && r.Items.Length >= 2)
        {
            var priced = pricer.Price(user, r.Items.Distinct().ToArray());
            list = Math.Round(priced.ListPrice, 2);
            price = Math.Round(priced.Price, 2);
            discount = priced.ListPrice > 0 ? Math.Round(100 * (1 - priced.Price / priced.ListPrice), 2) : 0;
            profit = priced.ExpectedProfit;
        }
        var because = Because(r, ranker, catalog);
        return new PredefinedBundleView(ranker.Model.BundleIds[r.Bundle], rank, Math.Round(r.Score, 6), ranker.Model.Takers[r.Bundle] == 0, items, list, price, discount,
            profit, because, Sentence(because, ranker.Model.Takers[r.Bundle] == 0, catalog));
    }

    /// <summary>The strongest reasons of a ranked bundle, as the API and the dashboard show them.</summary>
    public static PredefinedReasonsView Because(RankedPredefinedBundle r, PredefinedBundlesComponent ranker, ItemCatalog catalog)
    {
        var yourItems = new List<ReasonItemView>();
        foreach (var (item, weight) in r.Reasons.FromItems)
            if (weight > 0 && yourItems.Count < ReasonsShown)
                yourItems.Add(new ReasonItemView(catalog.Ids[item], catalog.Titles[item], Math.Round(weight, 6)));
        var yourBundles = new List<ReasonBundleView>();
        foreach (var (bundle, weight) in r.Reasons.FromBundles)
            if (weight > 0 && yourBundles.Count < ReasonsShown)
                yourBundles.Add(new ReasonBundleView(ranker.Model.BundleIds[bundle], Math.Round(weight, 6)));
        return new PredefinedReasonsView(yourItems, yourBundles, Math.Round(r.Reasons.FromPopularity, 6));
    }

    /// <summary>The reasons in one sentence.</summary>
    public static string Sentence(PredefinedReasonsView because, bool isNew, ItemCatalog catalog)
    {
        var parts = new List<string>();
        if (because.YourBundles.Count > 0)
            parts.Add("customers who took the bundle" + (because.YourBundles.Count > 1 ? "s " : " ") + string.Join(", ", because.YourBundles.Select(b => b.BundleId)) + " you took also took it");
        if (because.YourItems.Count > 0)
            parts.Add("it goes with " + string.Join(", ", because.YourItems.Select(i => catalog.NameOf(catalog.IndexOf(i.ItemId)))) + " you have");
        if (parts.Count == 0)
            parts.Add("it is popular");
        var sentence = string.Join("; ", parts);
        if (isNew)
            sentence += " (a new bundle: ranked from its items)";
        return char.ToUpperInvariant(sentence[0]) + sentence[1..] + ".";
    }
}
