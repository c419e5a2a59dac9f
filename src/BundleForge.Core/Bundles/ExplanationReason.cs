namespace BundleForge.Bundles;

/// <summary>One reason in a bundle's explanation, as data and as a sentence. <see cref="Kind"/> is one of
/// co_purchase, history, anchor, cart, signal, popular, price, cost_assumed.</summary>
public readonly record struct ExplanationReason(string Kind, string Text, int ItemA = -1, int ItemB = -1, int Count = 0, double Lift = 0, int DaysAgo = -1);
