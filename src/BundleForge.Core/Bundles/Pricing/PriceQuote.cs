namespace BundleForge.Bundles.Pricing;

/// <summary>The pricing decision for one bundle: the whole expected-profit curve, the chosen point (when the bundle is
/// offered) and why it is not offered otherwise.</summary>
public sealed class PriceQuote
{
    public required double ListPrice { get; init; }
    public required double Cost { get; init; }
    /// <summary>Expected profit from the bundle's items the user would buy anyway at list price.</summary>
    public required double OrganicProfit { get; init; }
    /// <summary>Largest discount the strategy allows for this bundle.</summary>
    public required double MaxDiscount { get; init; }
    public required IReadOnlyList<PricePoint> Curve { get; init; }
    /// <summary>Index of the chosen point in <see cref="Curve"/>, -1 when not offered.</summary>
    public required int Chosen { get; init; }
    /// <summary>Why the bundle is not offered (null when it is).</summary>
    public string? Reason { get; init; }
    /// <summary>Why the bundle is not offered, typed (<see cref="WithholdReason.None"/> when it is).</summary>
    public WithholdReason Withheld { get; init; }
    /// <summary>The offer's observable features (send them back with <see cref="OfferEvent"/> feedback).</summary>
    public OfferFeatures Features { get; init; }

    /// <summary>Labelled offer responses (accepted or declined) the acceptance estimate has learned from: the per-offer
    /// learner's, or the customer segment's when the per-cell calibration prices.</summary>
    public long Responses { get; init; }

    public bool Offered => Chosen >= 0;

    /// <summary>The point that maximises this bundle's own expected profit, when <see cref="Chosen"/> is another one
    /// because the offer was priced together with others (<see cref="OfferAssortment"/>); -1 otherwise.</summary>
    public int BestAlone { get; init; } = -1;

    /// <summary>The same quote with <paramref name="point"/> chosen instead, because it earns more beside the other
    /// offers shown (<see cref="BestAlone"/> keeps the stand-alone choice).</summary>
    public PriceQuote WithChosen(int point) => point == Chosen ? this : new()
    {
        ListPrice = ListPrice,
        Cost = Cost,
        OrganicProfit = OrganicProfit,
        MaxDiscount = MaxDiscount,
        Curve = Curve,
        Chosen = point,
        Reason = Reason,
        Withheld = Withheld,
        Features = Features,
        Responses = Responses,
        BestAlone = BestAlone >= 0 ? BestAlone : Chosen,
    };
    public PricePoint Point => Offered ? Curve[Chosen] : throw new InvalidOperationException("The bundle is not offered: " + Reason);

    /// <summary>The feasible point with the smallest discount (list price, or the nearest rounding) or null.</summary>
    public PricePoint? AtList => Curve.Where(p => p.Feasible).OrderBy(p => p.Discount).Cast<PricePoint?>().FirstOrDefault();
    /// <summary>The feasible point with the largest discount, or null.</summary>
    public PricePoint? AtMaxDiscount => Curve.Where(p => p.Feasible).OrderByDescending(p => p.Discount).Cast<PricePoint?>().FirstOrDefault();
}
