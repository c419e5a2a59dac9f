using System.Globalization;
using BundleForge.Bundles.Pricing;

namespace BundleForge.Bundles.Explanation;

/// <summary>Why this price, in terms of the allowed prices around it (the points of the profit curve the dashboard and
/// <c>price</c> draw): "price £12.99 instead of £14.99 (−13.3%): expected profit £1.23, against £1.10 at £13.49 (−10%)
/// and £1.05 at £12.49 (−16.7%)". With one allowed price there is no curve and the sentence says it is the only price
/// the strategy allows. <paramref name="Smaller"/> and <paramref name="Larger"/> are the allowed prices with the next
/// smaller and next larger discount (null at either end); <paramref name="BestAlone"/> the bundle's own best price when
/// another was chosen because the offers of one answer are priced together.</summary>
public sealed record PriceReason(string Currency, double ListPrice, PricePoint Chosen, PricePoint? Smaller, PricePoint? Larger, PricePoint? BestAlone = null)
    : ExplanationReason
{
    /// <inheritdoc/>
    public override string Kind => "price";

    /// <summary>True when the chosen price is the only one the strategy allows.</summary>
    public bool OnlyAllowedPrice => Smaller is null && Larger is null;

    /// <inheritdoc/>
    public override bool IsComplete => Filled(Currency) && ListPrice > 0 && Chosen.Price > 0 && double.IsFinite(Chosen.ExpectedProfit);

    /// <inheritdoc/>
    public override string Text
    {
        get
        {
            bool atList = IsList(Chosen);
            string head = atList ? $"price {Money(Chosen.Price)}, the list price" : $"price {Money(Chosen.Price)} instead of {Money(ListPrice)}";
            if (OnlyAllowedPrice)
                return $"{head}{(atList ? "" : $" ({Off(Chosen.Discount)})")}: the only price the strategy allows for this bundle, expected profit {Money(Chosen.ExpectedProfit)}";
            string edge = Larger is null ? "the largest discount the strategy allows" : Smaller is null && !atList ? "the smallest discount the strategy allows" : "";
            string detail = atList ? (edge.Length > 0 ? $" ({edge})" : "") : $" ({Off(Chosen.Discount)}{(edge.Length > 0 ? ", " + edge : "")})";
            var neighbours = new List<string>(2);
            foreach (var p in new[] { Smaller, Larger })
                if (p is { } x)
                    neighbours.Add(At(x));
            string alone = BestAlone is { } b
                ? $"; alone, {At(b)} would be its best, but shown beside this answer's other offers (a customer takes at most one) this price earns the most for the answer"
                : "";
            return $"{head}{detail}: expected profit {Money(Chosen.ExpectedProfit)}, against {string.Join(" and ", neighbours)}{alone}";
        }
    }

    private string At(PricePoint p) => $"{Money(p.ExpectedProfit)} at {Money(p.Price)} ({(IsList(p) ? "list" : Off(p.Discount))})";

    private string Money(double v) => MoneyFormat.Of(v, Currency);

    private static bool IsList(PricePoint p) => p.Discount < 0.0005;

    private static string Off(double d) => $"−{(d * 100).ToString("0.#", CultureInfo.InvariantCulture)}%";
}
