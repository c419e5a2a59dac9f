using BundleForge.Data;

namespace BundleForge.Evaluation.Bundles;

/// <summary>The <c>popularity</c> baseline of bundle ranking: every user gets the bundles with the most takers (in
/// the splits the judged model learned from) first.</summary>
public sealed class PopularityBundleBaseline : IBundleScorer
{
    private readonly float[] _takers;

    /// <summary>The baseline over <paramref name="bundles"/>' pairs of the <paramref name="known"/> splits.</summary>
    public PopularityBundleBaseline(BundleCatalog bundles, BundlePairs known = BundlePairs.Train)
    {
        ArgumentNullException.ThrowIfNull(bundles);
        _takers = new float[bundles.Count];
        foreach (var (_, b) in bundles.Pairs(known))
            _takers[b]++;
    }

    /// <inheritdoc />
    public void Score(int user, Span<float> scores) => _takers.AsSpan().CopyTo(scores);
}
