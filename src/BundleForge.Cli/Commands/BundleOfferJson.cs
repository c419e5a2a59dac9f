using System.Text.Json.Nodes;
using BundleForge.Bundles.Engine;
using BundleForge.Data;

namespace BundleForge.Cli.Commands;

/// <summary>The JSON shape of a priced bundle shared by <c>bundles</c> and <c>price</c>.</summary>
internal static class BundleOfferJson
{
    public static JsonObject Of(BundleOffer offer, ItemCatalog catalog, bool curve)
    {
        var b = offer.Bundle;
        var q = offer.Quote;
        var items = new JsonArray();
        foreach (int i in b.Items)
            items.Add(new JsonObject { ["id"] = catalog.Ids[i], ["title"] = catalog.Titles[i], ["list_price"] = Math.Round(catalog.Price[i], 2) });
        var o = new JsonObject
        {
            ["items"] = items,
            ["list_price"] = Math.Round(q.ListPrice, 2),
            ["cost"] = Math.Round(q.Cost, 2),
            ["offered"] = q.Offered,
            ["personalised"] = b.Personalised,
            ["explanation"] = offer.Explanation.ToString(),
            ["reasons"] = new JsonArray(offer.Explanation.Reasons.Select(r => (JsonNode)new JsonObject { ["kind"] = r.Kind, ["text"] = r.Text }).ToArray()),
        };
        if (q.Offered)
        {
            var p = q.Point;
            o["price"] = Math.Round(p.Price, 2);
            o["discount"] = Math.Round(p.Discount, 4);
            o["acceptance"] = Math.Round(p.Acceptance, 4);
            o["expected_profit"] = Math.Round(p.ExpectedProfit, 4);
            o["margin"] = Math.Round(p.Margin, 4);
        }
        else
            o["reason"] = q.Reason;
        if (curve)
            o["curve"] = new JsonArray(q.Curve.Select(c => (JsonNode)new JsonObject
            {
                ["price"] = Math.Round(c.Price, 2),
                ["discount"] = Math.Round(c.Discount, 4),
                ["acceptance"] = Math.Round(c.Acceptance, 4),
                ["expected_profit"] = Math.Round(c.ExpectedProfit, 4),
                ["margin"] = Math.Round(c.Margin, 4),
                ["feasible"] = c.Feasible,
            }).ToArray());
        return o;
    }

    public static List<string> SplitIds(string? list) =>
        string.IsNullOrWhiteSpace(list) ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
