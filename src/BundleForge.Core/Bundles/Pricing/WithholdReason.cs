namespace BundleForge.Bundles.Pricing;

/// <summary>Why a priced bundle is not offered (typed, so an answer can count its withheld bundles by reason).</summary>
public enum WithholdReason
{
    /// <summary>The bundle is offered.</summary>
    None,
    /// <summary>An item has no known price or cost.</summary>
    PriceUnknown,
    /// <summary>No price meets the strategy's rules: the margin floor, the maximum discount and the minimum discount
    /// (<c>min_discount</c>, at least one rounding step) cannot all hold.</summary>
    NoAllowedPrice,
    /// <summary>Every allowed price has an expected incremental profit of zero or less: the customer would likely buy
    /// the items anyway, or rarely takes the offer.</summary>
    NoIncrementalProfit,
    /// <summary>The best expected incremental profit is positive but not above the strategy's <c>min_expected_profit</c>.</summary>
    BelowMinExpectedProfit,
}
