namespace BundleForge.Server.Serving;

/// <summary>The bundles of a request made within a request budget, and what the budget left out (null when nothing).</summary>
public sealed record BundleOffersAnswer(IReadOnlyList<PricedBundle> Bundles, BundleForge.Bundles.Degradation? Degraded);
