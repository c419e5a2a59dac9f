namespace BundleForge.Bundles.Candidates;

/// <summary>A candidate source that keeps per-item work (an item's complements) once computed, and can do that work
/// ahead of requests, so the first shopper on a product page does not pay for it.</summary>
public interface IWarmableSource
{
    /// <summary>Computes and keeps what requests seeded by <paramref name="item"/> will need (no-op when kept already).</summary>
    void Warm(int item);
}
