using System.Text.Json.Nodes;
using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Pricing;
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
        for (int k = 0; k < b.Items.Length; k++)
        {
            int i = b.Items[k];
            var item = new JsonObject { ["id"] = catalog.Ids[i], ["title"] = catalog.Titles[i], ["list_price"] = Math.Round(catalog.Price[i], 2) };
            // Marked as the server marks it: a new product placed from its text (absent for every other item).
            if (b.IsNewAt(k))
                item["source"] = NewItemCandidateSource.SourceName;
            items.Add(item);
        }
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
            var (low, high) = p.ExpectedProfitInterval;
            o["expected_profit"] = Math.Round(p.ExpectedProfit, 4);
            o["expected_profit_interval"] = new JsonArray(Math.Round(low, 4), Math.Round(high, 4));
            o["acceptance"] = Math.Round(p.Acceptance, 4);
            o["acceptance_interval"] = new JsonArray(Math.Round(p.AcceptanceLow, 4), Math.Round(p.AcceptanceHigh, 4));
            // As the API says it: an interval too wide to read as evidence, and the responses behind the estimate.
            o["little_evidence"] = AcceptanceEvidence.IsLittle(p.AcceptanceLow, p.AcceptanceHigh);
            o["responses"] = q.Responses;
            o["margin"] = Math.Round(p.Margin, 4);
        }
        else
        {
            o["reason"] = q.Reason;
            o["withheld"] = WithheldCode(q.Withheld);
        }
        if (curve)
            o["curve"] = new JsonArray(q.Curve.Select(c => (JsonNode)new JsonObject
            {
                ["price"] = Math.Round(c.Price, 2),
                ["discount"] = Math.Round(c.Discount, 4),
                ["acceptance"] = Math.Round(c.Acceptance, 4),
                ["acceptance_interval"] = new JsonArray(Math.Round(c.AcceptanceLow, 4), Math.Round(c.AcceptanceHigh, 4)),
                ["expected_profit"] = Math.Round(c.ExpectedProfit, 4),
                ["margin"] = Math.Round(c.Margin, 4),
                ["feasible"] = c.Feasible,
            }).ToArray());
        return o;
    }

    /// <summary>The counts of the composed bundles not offered, by reason (snake_case, as in the API).</summary>
    public static JsonObject Withheld(WithheldBundles w) => new()
    {
        ["composed"] = w.Composed,
        ["no_allowed_price"] = w.NoAllowedPrice,
        ["no_incremental_profit"] = w.NoIncrementalProfit,
        ["below_min_expected_profit"] = w.BelowMinExpectedProfit,
        ["price_unknown"] = w.PriceUnknown,
        ["summary"] = w.Summary(),
    };

    private static string WithheldCode(WithholdReason r) => r switch
    {
        WithholdReason.PriceUnknown => "price_unknown",
        WithholdReason.NoAllowedPrice => "no_allowed_price",
        WithholdReason.NoIncrementalProfit => "no_incremental_profit",
        WithholdReason.BelowMinExpectedProfit => "below_min_expected_profit",
        _ => "none",
    };

    public static List<string> SplitIds(string? list) =>
        string.IsNullOrWhiteSpace(list) ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
