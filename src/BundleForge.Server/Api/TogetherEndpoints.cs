using System.Text.Json;
using BundleForge.Server.Models;
using BundleForge.Server.Serving;
using BundleForge.Server.Settings;

namespace BundleForge.Server.Api;

/// <summary>Frequently bought together, for one product (GET) or a whole cart (POST).</summary>
internal static class TogetherEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/items/{itemId}/frequently-bought-together", (string itemId, string? k, string? mode, ModelLease lease, LimitsOptions limits) =>
        {
            if (RequestValidation.IdError(itemId, "itemId", limits.MaxIdLength) is { } idError)
                return Problems.BadRequest(idError);
            if (RequestValidation.IntError(k, "k", 10, 1, limits.MaxK, out int count) is { } kError)
                return Problems.BadRequest(kError);
            if (ModeError(mode, out var m) is { } modeError)
                return Problems.BadRequest(modeError);
            var model = lease.Model;
            int item = model.Catalog.IndexOf(itemId);
            if (item < 0)
                return Problems.NotFound("Unknown item: it is not in the served model's catalog.");
            long key = ((long)item << 9) | ((long)count << 1) | (m == TogetherMode.Strict ? 1L : 0L);
            if (!model.ResponseCache.TryGetValue(key, out var body))
            {
                var items = model.TogetherWith([item], count, m);
                body = JsonSerializer.SerializeToUtf8Bytes(new TogetherResponse(model.Version, ModeName(m), [itemId], null, ItemView.From(items, model.Catalog)), ApiJsonContext.Default.TogetherResponse);
                if (model.ResponseCache.Count < ServingModel.MaxCachedResponses)
                    model.ResponseCache.TryAdd(key, body);
            }
            return Results.Bytes(body, "application/json");
        })
        .WithName("FrequentlyBoughtTogether")
        .WithSummary("Items frequently bought with a product; mode=strict (observed co-purchases only) or relaxed (filled with fallbacks).")
        .Produces<TogetherResponse>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/v1/frequently-bought-together", async (HttpRequest request, ModelLease lease, LimitsOptions limits, CancellationToken cancel) =>
        {
            var (body, error) = await JsonRequest.ReadAsync(request, limits.MaxBodyBytes, cancel);
            if (error is not null)
                return error;
            if (body.Root != JsonTokenType.StartObject)
                return Problems.BadRequest($"The body must be a JSON object with \"items\", not {JsonRequest.Kind(body.Root)}.");
            var (cartRequest, typeError) = JsonRequest.Deserialize(body, ApiJsonContext.Default.TogetherRequest);
            if (typeError is not null)
                return Problems.BadRequest(typeError);
            var ids = cartRequest!.Items;
            if (ids is null || ids.Length == 0)
                return Problems.BadRequest("items is required: a non-empty array of item ids.");
            if (ids.Length > limits.MaxCartItems)
                return Problems.BadRequest($"items has {ids.Length} entries; at most {limits.MaxCartItems} are allowed.");
            if (cartRequest.K is < 1 || cartRequest.K > limits.MaxK)
                return Problems.BadRequest($"k must be an integer from 1 to {limits.MaxK}.");
            if (ModeError(cartRequest.Mode, out var m) is { } modeError)
                return Problems.BadRequest(modeError);
            var model = lease.Model;
            var cart = new List<int>(ids.Length);
            var unknown = new List<string>();
            for (int x = 0; x < ids.Length; x++)
            {
                if (RequestValidation.IdError(ids[x], $"items[{x}]", limits.MaxIdLength) is { } idError)
                    return Problems.BadRequest(idError);
                int i = model.Catalog.IndexOf(ids[x]!);
                if (i < 0)
                    unknown.Add(ids[x]!);
                else if (!cart.Contains(i))
                    cart.Add(i);
            }
            if (cart.Count == 0)
                return Problems.NotFound("None of the cart's items is in the served model's catalog.");
            var anchors = new string[cart.Count];
            for (int x = 0; x < anchors.Length; x++)
                anchors[x] = model.Catalog.Ids[cart[x]];
            var items = model.TogetherWith(cart.ToArray(), cartRequest.K ?? 10, m);
            return Results.Ok(new TogetherResponse(model.Version, ModeName(m), anchors, unknown.Count > 0 ? unknown.ToArray() : null, ItemView.From(items, model.Catalog)));
        })
        .WithName("FrequentlyBoughtTogetherCart")
        .WithSummary("Items frequently bought with a cart. Unknown cart items are listed and ignored; 404 when none is known.")
        .Accepts<TogetherRequest>("application/json")
        .Produces<TogetherResponse>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }

    private static string? ModeError(string? raw, out TogetherMode mode)
    {
        mode = TogetherMode.Relaxed;
        switch (raw)
        {
            case null or "" or "relaxed":
                return null;
            case "strict":
                mode = TogetherMode.Strict;
                return null;
            default:
                return "mode must be 'strict' or 'relaxed'.";
        }
    }

    private static string ModeName(TogetherMode m) => m == TogetherMode.Strict ? "strict" : "relaxed";
}
