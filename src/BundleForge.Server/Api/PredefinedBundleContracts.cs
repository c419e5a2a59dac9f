namespace BundleForge.Server.Api;

/// <summary>GET /v1/users/{userId}/predefined-bundles: the shop's predefined bundles ranked for the customer, best
/// first, each priced from its items by the bundle engine when the model has one (<c>currency</c> and the price fields
/// are absent otherwise, and <c>pricing</c> says why).</summary>
public sealed record PredefinedBundlesResponse(string ModelVersion, string? Currency, List<PredefinedBundleView> Bundles, string? Pricing);

/// <summary>One ranked predefined bundle. <c>new</c>: nobody took it in the training data, so it was ranked from its
/// items. <c>because</c> lists what led to it; <c>explanation</c> says it in a sentence.</summary>
public sealed record PredefinedBundleView(string BundleId, int Rank, double Score, bool New, List<BundleItemView> Items, double? ListPrice, double? Price,
    double? DiscountPercent, double? ExpectedProfit, PredefinedReasonsView Because, string Explanation);

/// <summary>The contributions to a predefined bundle's score: the customer's items (the bundle holds them, or customers
/// with them took it), the customer's own bundles (customers who took those took this one too), and popularity.</summary>
public sealed record PredefinedReasonsView(List<ReasonItemView> YourItems, List<ReasonBundleView> YourBundles, double Popularity);

/// <summary>One of the customer's items and what it added to the score.</summary>
public sealed record ReasonItemView(string ItemId, string? Title, double Weight);

/// <summary>One of the customer's bundles and what it added to the score.</summary>
public sealed record ReasonBundleView(string BundleId, double Weight);
