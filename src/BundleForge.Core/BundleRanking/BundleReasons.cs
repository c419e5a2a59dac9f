namespace BundleForge.BundleRanking;

/// <summary>Why a bundle scored what it did for one customer: the contribution of each bundle they took (through
/// customers who took both, and shared items), of each of their items (the bundle holds it, or customers with it took
/// the bundle), strongest first, of popularity, and of the learned vectors (customers like them took it, by CrossCBR).</summary>
public sealed record BundleReasons(IReadOnlyList<(int Bundle, float Weight)> FromBundles, IReadOnlyList<(int Item, float Weight)> FromItems, float FromPopularity,
    float FromLearned = 0);
