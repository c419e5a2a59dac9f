using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Pricing;
using BundleForge.Data;

namespace BundleForge.Bundles.Explanation;

/// <summary>Why these items and why this price, as typed reasons (<see cref="Reasons"/>) and in words
/// (<see cref="Sentences"/>). Only complete reasons are kept: a reason with an empty slot is dropped, never shown
/// with a gap.</summary>
public sealed class BundleExplanation
{
    public required IReadOnlyList<ExplanationReason> Reasons { get; init; }

    public IEnumerable<string> Sentences => Reasons.Select(r => r.Text);

    public override string ToString() => string.Join(" ", Sentences.Select(s => s.EndsWith('.') ? s : s + "."));

    /// <summary>Explains a priced bundle. <paramref name="assumedMargin"/> is the margin costs were derived from (null
    /// when the catalog's costs are real); <paramref name="organic"/> the organic demand the pricer deducted (for the
    /// sentence on why discounting a repeat purchase still pays).</summary>
    public static BundleExplanation For(ComposedBundle bundle, PriceQuote quote, UserContext user, ItemCatalog catalog,
        double? assumedMargin = null, string currency = CurrencyCode.Default, IOrganicDemand? organic = null)
    {
        var reasons = new List<ExplanationReason>();
        string Name(int i) => (uint)i < (uint)catalog.Count ? catalog.NameOf(i) : "";

        // The strongest co-purchase evidence inside the bundle.
        foreach (var (a, b, e) in bundle.Pairs.OrderByDescending(p => p.Evidence.Lift * Math.Min(1, p.Evidence.CoCount / 5.0)).Take(2))
            reasons.Add(new CoPurchaseReason(a, Name(a), b, Name(b), e.CoCount, e.Lift));

        // What the customer is doing or did with each item.
        long now = user.Now > 0 ? user.Now : (user.HistoryTime.Length > 0 ? user.HistoryTime[^1] : 0);
        foreach (int i in bundle.Items)
        {
            if (i == user.Anchor)
                reasons.Add(new AnchorReason(i, Name(i)));
            else if (Array.IndexOf(user.Cart, i) >= 0)
                reasons.Add(new CartReason(i, Name(i)));
            else if (user.TimesBought(i) is var times and > 0)
            {
                long last = user.LastBought(i);
                int days = last >= 0 && now >= last ? (int)((now - last) / 86_400) : -1;
                reasons.Add(new HistoryReason(i, Name(i), times, days));
            }
        }

        // Which signal proposed each item, once per item with the signal's name once. Best sellers are said once for the
        // whole bundle when nothing personal built it; an item's own repurchase is the history reason above.
        for (int k = 0; k < bundle.Items.Length; k++)
        {
            int i = bundle.Items[k];
            var (source, evidence) = bundle.ItemSources[k];
            if (!evidence.HasEvidence || i == user.Anchor)
                continue;
            if (evidence.Kind == EvidenceKind.NewProduct)
            {
                var relation = evidence.Seed == user.Anchor ? NewProductRelation.LookingAt
                    : Array.IndexOf(user.Cart, evidence.Seed) >= 0 ? NewProductRelation.InCart : NewProductRelation.Bought;
                reasons.Add(new NewProductReason(i, Name(i), evidence.Seed, evidence.Seed >= 0 ? Name(evidence.Seed) : "", relation));
                continue;
            }
            if (evidence.Kind == EvidenceKind.BestSeller && !bundle.Personalised)
                continue;
            if (evidence.Kind == EvidenceKind.BoughtBefore && user.TimesBought(i) > 0)
                continue;
            string? subject = evidence.Kind switch
            {
                EvidenceKind.BoughtWith or EvidenceKind.Complements => evidence.Seed >= 0 ? Name(evidence.Seed) : null,
                EvidenceKind.BuysCategory => evidence.Group,
                _ => null,
            };
            reasons.Add(new SignalReason(i, Name(i), evidence.Kind, subject, evidence.Count, source));
        }
        if (!bundle.Personalised && bundle.ItemSources.Any(s => s.Evidence.Kind == EvidenceKind.BestSeller))
            reasons.Add(new PopularReason(UnknownVisitor: !user.IsKnown && user.History.Length == 0 && user.Cart.Length == 0 && user.Anchor < 0));

        if (quote.Offered)
        {
            var allowed = AllowedPrices.Of(quote);
            int at = Array.IndexOf(allowed, quote.Chosen);
            PricePoint? smaller = at > 0 ? quote.Curve[allowed[at - 1]] : null;
            PricePoint? larger = at >= 0 && at + 1 < allowed.Length ? quote.Curve[allowed[at + 1]] : null;
            PricePoint? alone = quote.BestAlone >= 0 && quote.BestAlone != quote.Chosen ? quote.Curve[quote.BestAlone] : null;
            reasons.Add(new PriceReason(currency, quote.ListPrice, quote.Point, smaller, larger, alone));
            if (OrganicReason(bundle, quote, user, organic, currency, Name) is { } o)
                reasons.Add(o);
        }
        else
            reasons.Add(new NotOfferedReason(quote.Reason ?? "no allowed price meets the strategy"));

        if (assumedMargin is double m)
            reasons.Add(new CostAssumedReason(m));
        return new BundleExplanation { Reasons = reasons.Where(r => r.IsComplete).ToList() };
    }

    /// <summary>The sentence on the organic-demand deduction, for a discounted bundle holding a repeat purchase or a
    /// cart item (what would sell anyway): about the one most likely to sell anyway. Null otherwise.</summary>
    private static OrganicDemandReason? OrganicReason(ComposedBundle bundle, PriceQuote quote, UserContext user, IOrganicDemand? organic,
        string currency, Func<int, string> name)
    {
        if (organic is null || quote.Point.Discount < 0.0005 || !(quote.OrganicProfit > 0))
            return null;
        int best = -1;
        double bestP = 0;
        foreach (int i in bundle.Items)
        {
            if (user.TimesBought(i) < 2 && Array.IndexOf(user.Cart, i) < 0)
                continue;
            double p = organic.Probability(user, i);
            if (p > bestP)
            { best = i; bestP = p; }
        }
        return best < 0 ? null : new OrganicDemandReason(best, name(best), bestP, organic.BasisOf(user, best), quote.OrganicProfit, quote.Point.ExpectedProfit, currency);
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
