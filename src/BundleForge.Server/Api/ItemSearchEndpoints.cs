using BundleForge.Server.Models;
using BundleForge.Server.Settings;

namespace BundleForge.Server.Api;

/// <summary><c>GET /v1/items/search?q=...&amp;k=10</c>: catalog items for a typed query, by meaning when the served
/// model has text vectors (<c>method</c> = <c>meaning</c>), else by letters of ids and titles.</summary>
internal static class ItemSearchEndpoints
{
    /// <summary>Longest query accepted.</summary>
    public const int MaxQueryLength = 200;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/items/search", (string? q, string? k, ModelLease lease, LimitsOptions limits) =>
        {
            if (QueryError(q) is { } queryError)
                return Problems.BadRequest(queryError);
            if (RequestValidation.IntError(k, "k", 10, 1, limits.MaxK, out int count) is { } kError)
                return Problems.BadRequest(kError);
            var model = lease.Model;
            var search = model.ItemSearch;
            var catalog = model.Catalog;
            var items = new List<FoundItemView>();
            foreach (var f in search.Find(q!, count))
            {
                float price = catalog.Price[f.Item];
                items.Add(new FoundItemView(catalog.Ids[f.Item], catalog.Titles[f.Item], catalog.Categories[f.Item], float.IsNaN(price) ? null : Math.Round(price, 2), f.Score));
            }
            return Results.Ok(new ItemSearchResponse(model.Version, q!.Trim(), search.Method, items));
        })
        .WithName("ItemSearch")
        .WithSummary("Items for a typed query (k ≤ 100): by meaning with the model's text vectors (typos forgiven), else by letters.")
        .Produces<ItemSearchResponse>()
        .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    /// <summary>q is required, not blank, at most <see cref="MaxQueryLength"/> characters, without control characters.</summary>
    private static string? QueryError(string? q)
    {
        if (string.IsNullOrWhiteSpace(q))
            return "q is required: the words to search for.";
        if (q.Length > MaxQueryLength)
            return $"q is longer than {MaxQueryLength} characters.";
        foreach (var c in q)
            if (char.IsControl(c))
                return "q may not contain control characters.";
        return null;
    }
}
