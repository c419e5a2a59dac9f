using BundleForge.Data;

namespace BundleForge.Evaluation.BasketCompletion;

/// <summary>The engine's basket-completion scorer: a mixture of two estimates of P(i | visible items),
/// (1 − w)·P_cooc + w·P_item2vec. P_cooc is the mean over visible items v with basket history of
/// n(v,i) / Σ_j n(v,j) (how often i shared a basket with v); P_item2vec is <see cref="EmbeddingContextScorer"/>,
/// which generalises to pairs never seen together. When no visible item has co-occurrence evidence the embedding
/// estimate alone decides.</summary>
public sealed class BlendedBasketScorer(ItemCooccurrence cooccurrence, EmbeddingContextScorer embedding, float embeddingWeight = 0.5f) : IBasketCompletionScorer
{
    private readonly float[] _rowTotals = RowTotals(cooccurrence);

    public string Name => "blend";
    public float EmbeddingWeight => embeddingWeight;

    public void Score(ReadOnlySpan<int> visible, Span<float> scores)
    {
        embedding.Score(visible, scores);
        int withEvidence = 0;
        foreach (var v in visible)
            if ((uint)v < (uint)cooccurrence.ItemCount && _rowTotals[v] > 0)
                withEvidence++;
        if (withEvidence == 0)
            return;
        System.Numerics.Tensors.TensorPrimitives.Multiply(scores, embeddingWeight, scores);
        float share = (1 - embeddingWeight) / withEvidence;
        foreach (var v in visible)
        {
            if ((uint)v >= (uint)cooccurrence.ItemCount || _rowTotals[v] <= 0)
                continue;
            float scale = share / _rowTotals[v];
            var ns = cooccurrence.NeighborsOf(v);
            var cs = cooccurrence.CountsOf(v);
            for (int k = 0; k < ns.Length; k++)
                scores[ns[k]] += cs[k] * scale;
        }
    }

    private static float[] RowTotals(ItemCooccurrence c)
    {
        var totals = new float[c.ItemCount];
        for (int i = 0; i < totals.Length; i++)
        {
            long sum = 0;
            foreach (var n in c.CountsOf(i))
                sum += n;
            totals[i] = sum;
        }
        return totals;
    }
}
