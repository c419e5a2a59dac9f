using BundleForge.Data;

namespace BundleForge.Evaluation.BasketCompletion;

/// <summary>Baseline: an item scores the number of training baskets it shared with each visible item, summed;
/// popularity breaks ties (it never outweighs one shared basket).</summary>
public sealed class CooccurrenceScorer(ItemCooccurrence cooccurrence) : IBasketCompletionScorer
{
    private readonly float _popularityScale = 0.5f / Math.Max(1, cooccurrence.BasketCount);

    public string Name => "cooccurrence";

    public void Score(ReadOnlySpan<int> visible, Span<float> scores)
    {
        var counts = cooccurrence.ItemCounts;
        for (int i = 0; i < scores.Length; i++)
            scores[i] = counts[i] * _popularityScale;
        foreach (var v in visible)
        {
            if ((uint)v >= (uint)cooccurrence.ItemCount)
                continue;
            var ns = cooccurrence.NeighborsOf(v);
            var cs = cooccurrence.CountsOf(v);
            for (int k = 0; k < ns.Length; k++)
                scores[ns[k]] += cs[k];
        }
    }
}
