using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Explanation;
using BundleForge.Bundles.Pricing;

namespace BundleForge.Bundles.Engine;

/// <summary>A bundle ready to show: its items and scores, its price decision and its explanation.</summary>
public sealed record BundleOffer(ComposedBundle Bundle, PriceQuote Quote, BundleExplanation Explanation);
