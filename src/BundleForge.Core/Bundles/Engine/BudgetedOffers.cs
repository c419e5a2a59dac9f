namespace BundleForge.Bundles.Engine;

/// <summary>The offers of a request made within a <see cref="RequestBudget"/>, and what the budget left out (null when
/// nothing was).</summary>
public sealed record BudgetedOffers(IReadOnlyList<BundleOffer> Offers, Degradation? Degraded);
