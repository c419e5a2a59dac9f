using BundleForge.Embeddings;

namespace BundleForge.Bundles;

/// <summary>Co-purchase pair evidence mixed with item2vec's complement/substitute measure
/// (<see cref="PairRelationScorer"/>). Complementarity = (1 − w)·co-purchase + w·embedding, where the embedding part
/// is ½·(1 − 1/shrunk lift) + ½·max(0, 2·σ(in·out) − 1): the cross-context term only counts when SGNS predicts the
/// pair above even odds, so unrelated items stay at 0 and the composer's "must complement a member" rule still bites.
/// Substitutability is the larger of the two measures, so a pair either measure calls interchangeable is vetoed.
/// The raw co-purchase facts (count, lift, confidence) stay those of the co-purchase scorer.</summary>
public sealed class EmbeddingPairScorer(IPairScorer copurchase, PairRelationScorer relations) : IPairScorer
{
    /// <summary>Weight w of the embedding complement score (0 = co-purchase only).</summary>
    public float EmbeddingWeight { get; init; } = DefaultEmbeddingWeight;

    /// <summary>Chosen on the Online Retail validation period (docs/BENCHMARKS.md, "Bundles backtest").</summary>
    public const float DefaultEmbeddingWeight = 0.3f;

    public PairEvidence Score(int a, int b)
    {
        var e = copurchase.Score(a, b);
        if (a == b) return e;
        float emb = ComplementOf(a, b);
        float sub = relations.SubstituteScore(a, b);
        return e with
        {
            Complementarity = (1 - EmbeddingWeight) * e.Complementarity + EmbeddingWeight * emb,
            Substitutability = Math.Max(e.Substitutability, sub),
        };
    }

    /// <summary>The embedding complement score in [0, 1] described on the class.</summary>
    public float ComplementOf(int a, int b)
    {
        double lift = relations.Lift(a, b);
        float basket = lift > 1 ? (float)(1 - 1 / lift) : 0f;
        float cross = Math.Max(0f, 2 * relations.CrossContext(a, b) - 1);
        return 0.5f * basket + 0.5f * cross;
    }
}
