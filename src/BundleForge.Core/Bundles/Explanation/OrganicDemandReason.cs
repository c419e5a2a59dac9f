using System.Globalization;

namespace BundleForge.Bundles.Explanation;

/// <summary>Why a discount on what the customer buys anyway still pays, in one sentence: the pricer's expected profit
/// is incremental, P(accept) · (price − cost − <paramref name="Deducted"/>), where <paramref name="Deducted"/> is the
/// profit the bundle's items would earn at full price without any offer (<see cref="Pricing.IOrganicDemand"/>), so a
/// discount is chosen only when the bundle still adds profit over not offering it. <paramref name="Item"/> is the
/// repeat purchase (or cart item) most likely to sell anyway, <paramref name="Probability"/> its chance of doing so and
/// <paramref name="Basis"/> where that chance comes from (null when the demand model does not say).</summary>
public sealed record OrganicDemandReason(int Item, string Name, double Probability, string? Basis, double Deducted, double ExpectedProfit, string Currency)
    : ExplanationReason
{
    /// <inheritdoc/>
    public override string Kind => "organic";

    /// <inheritdoc/>
    public override bool IsComplete => Filled(Name) && Filled(Currency) && Probability > 0 && Deducted >= 0.005 && double.IsFinite(ExpectedProfit);

    /// <inheritdoc/>
    public override string Text
    {
        get
        {
            var inv = CultureInfo.InvariantCulture;
            string chance = Probability < 0.095 ? Probability.ToString("0.#%", inv) : Probability.ToString("0%", inv);
            string basis = Filled(Basis) ? $" ({Basis})" : "";
            return $"why discount what sells anyway: {Name} has a {chance} chance of selling at full price without any offer{basis}, "
                + $"so the expected profit deducts the {MoneyFormat.Of(Deducted, Currency)} the bundle's items would earn anyway from every accepted bundle, "
                + $"and this price still adds {MoneyFormat.Of(ExpectedProfit, Currency)} over not offering it";
        }
    }
}
