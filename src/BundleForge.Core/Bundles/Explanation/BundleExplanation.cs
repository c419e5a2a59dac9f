using System.Globalization;
using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Pricing;
using BundleForge.Data;

namespace BundleForge.Bundles.Explanation;

/// <summary>Why these items and why this price, as data (<see cref="Reasons"/>) and in words (<see cref="Sentences"/>).</summary>
public sealed class BundleExplanation
{
    public required IReadOnlyList<ExplanationReason> Reasons { get; init; }

    public IEnumerable<string> Sentences => Reasons.Select(r => r.Text);

    public override string ToString() => string.Join(" ", Sentences.Select(s => s.EndsWith('.') ? s : s + "."));

    /// <summary>Explains a priced bundle. <paramref name="assumedMargin"/> is the margin costs were derived from
    /// (null when the catalog's costs are real).</summary>
    public static BundleExplanation For(ComposedBundle bundle, PriceQuote quote, UserContext user, ItemCatalog catalog,
        double? assumedMargin = null, string currency = "")
    {
        var reasons = new List<ExplanationReason>();
        var inv = CultureInfo.InvariantCulture;
        string Money(double v) => MoneyFormat.Of(v, currency);

        // The strongest co-purchase evidence inside the bundle.
        foreach (var (a, b, e) in bundle.Pairs.OrderByDescending(p => p.Evidence.Lift * Math.Min(1, p.Evidence.CoCount / 5.0)).Take(2))
        {
            if (e.CoCount <= 0 || e.Lift <= 1)
                continue;
            reasons.Add(new ExplanationReason("co_purchase",
                $"{catalog.NameOf(a)} and {catalog.NameOf(b)} were bought together in {e.CoCount.ToString("N0", inv)} orders, {e.Lift.ToString("0.0", inv)}× more often than chance",
                a, b, e.CoCount, e.Lift));
        }

        long now = user.Now > 0 ? user.Now : (user.HistoryTime.Length > 0 ? user.HistoryTime[^1] : 0);
        foreach (int i in bundle.Items)
        {
            if (i == user.Anchor)
            {
                reasons.Add(new ExplanationReason("anchor", $"goes with {catalog.NameOf(i)}, which you are looking at", i));
                continue;
            }
            if (Array.IndexOf(user.Cart, i) >= 0)
            {
                reasons.Add(new ExplanationReason("cart", $"completes {catalog.NameOf(i)} in your cart", i));
                continue;
            }
            int times = user.TimesBought(i);
            if (times > 0)
            {
                long last = user.LastBought(i);
                int days = last >= 0 && now >= last ? (int)((now - last) / 86_400) : -1;
                string when = days < 0 ? "before" : days <= 1 ? "recently" : days < 14 ? $"{days} days ago" : days < 60 ? "last month" : $"{days / 30} months ago";
                string again = times > 1 ? $" ({times} times; it is a repeat purchase)" : "";
                reasons.Add(new ExplanationReason("history", $"you bought {catalog.NameOf(i)} {when}{again}", i, Count: times, DaysAgo: days));
            }
        }
        // A recent purchase that led to a complement in the bundle. (A repurchase is already said by the history reason.)
        for (int k = 0; k < bundle.Items.Length; k++)
        {
            var (source, evidence) = bundle.ItemSources[k];
            if (evidence is null || source == "anchor" || source == "popular")
                continue;
            if (source == "repurchase" && user.TimesBought(bundle.Items[k]) > 0)
                continue;
            reasons.Add(new ExplanationReason("signal", $"{catalog.NameOf(bundle.Items[k])}: {evidence} ({source})", bundle.Items[k]));
        }
        if (!bundle.Personalised)
            reasons.Add(new ExplanationReason("popular", "popular complements (no purchase history for this visitor, not personalised)"));

        if (quote.Offered)
        {
            var chosen = quote.Point;
            string Profit(PricePoint? p) => p is { } x ? $"{Money(x.ExpectedProfit)} at {Off(x.Discount)}" : "n/a";
            string Off(double d) => d < 0.0005 ? "list" : $"−{(d * 100).ToString("0.#", inv)}%";
            var list = quote.AtList;
            var max = quote.AtMaxDiscount;
            // Compare only with prices that differ from the chosen one: with price endings and a margin floor the
            // lowest allowed discount (or the highest) can be the chosen price itself.
            static bool Same(PricePoint a, PricePoint b) => Math.Abs(a.Discount - b.Discount) < 1e-9;
            var others = new List<string>();
            if (list is { } l && !Same(l, chosen))
                others.Add($"{Profit(l)}{(l.Discount < 0.0005 ? "" : " (the smallest allowed discount)")}");
            if (max is { } mx && !Same(mx, chosen))
                others.Add($"{Profit(mx)} (maximum discount)");
            string atMax = max is { } m2 && Same(m2, chosen) && chosen.Discount >= 0.0005 ? ", the maximum discount" : "";
            string comparison = others.Count == 0 ? "the only price the strategy allows" : "against " + string.Join(" and ", others);
            string together = quote.BestAlone >= 0 && quote.BestAlone != quote.Chosen
                ? $"; alone, {Profit(quote.Curve[quote.BestAlone])} would be its best, but shown beside this answer's other offers (a customer takes at most one) this price earns the most for the answer"
                : "";
            reasons.Add(new ExplanationReason("price",
                $"price {Money(chosen.Price)} instead of {Money(quote.ListPrice)} ({Off(chosen.Discount)}{atMax}): expected profit {Money(chosen.ExpectedProfit)}, {comparison}{together}",
                Lift: chosen.Discount));
        }
        else
            reasons.Add(new ExplanationReason("price", $"not offered: {quote.Reason}"));

        if (assumedMargin is double m)
            reasons.Add(new ExplanationReason("cost_assumed", $"costs assumed at {(m * 100).ToString("0", inv)}% margin (the catalog has no costs)", Lift: m));
        return new BundleExplanation { Reasons = reasons };
    }

    /// <summary>The margin costs were derived from when <see cref="ItemCatalog.CostAssumed"/> (median of 1 − cost/price),
    /// or null when costs are real.</summary>
    public static double? AssumedMarginOf(ItemCatalog catalog)
    {
        if (!catalog.CostAssumed)
            return null;
        var margins = new List<double>();
        for (int i = 0; i < catalog.Count; i++)
            if (catalog.Price[i] > 0 && catalog.Cost[i] >= 0)
                margins.Add(1 - catalog.Cost[i] / catalog.Price[i]);
        if (margins.Count == 0)
            return null;
        margins.Sort();
        return Math.Round(margins[margins.Count / 2], 3);
    }
}
