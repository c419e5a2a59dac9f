using System.Numerics.Tensors;
using BundleForge.Embeddings;

namespace BundleForge.Bundles.Candidates;

/// <summary>Adds the text signal to another pair scorer's substitutability: two items close in text (the same kind of
/// product, say two colours of one lunch bag) that the data do not show being bought together are substitutes
/// (<see cref="TextRelationScorer.Closeness"/> × <see cref="TextRelationScorer.Apart"/>), so the composer's veto keeps
/// two variants of one product out of a bundle unless customers do buy several variants together. Complementarity and
/// the co-purchase facts stay the wrapped scorer's.</summary>
public sealed class TextPairScorer(IPairScorer inner, ItemTextVectors vectors) : IPairScorer
{
    private readonly int _count = vectors.Count;

    public PairEvidence Score(int a, int b)
    {
        var e = inner.Score(a, b);
        return a == b || (uint)a >= (uint)_count || (uint)b >= (uint)_count ? e : WithText(a, b, e);
    }

    public void ScoreRow(int a, ReadOnlySpan<int> others, Span<PairEvidence> into)
    {
        inner.ScoreRow(a, others, into);
        if ((uint)a >= (uint)_count)
            return;
        for (int k = 0; k < others.Length; k++)
        {
            int b = others[k];
            if (a != b && (uint)b < (uint)_count)
                into[k] = WithText(a, b, into[k]);
        }
    }

    /// <summary>The text substitute score of a pair given the wrapped scorer's co-purchase facts.</summary>
    public float SubstituteOf(int a, int b, in PairEvidence e)
    {
        float closeness = TextRelationScorer.Closeness(TensorPrimitives.Dot(vectors.VectorOf(a), vectors.VectorOf(b)));
        if (closeness <= 0)
            return 0f;
        return closeness * TextRelationScorer.Apart(e.CoCount, ShrunkLift(e));
    }

    private PairEvidence WithText(int a, int b, PairEvidence e)
    {
        float sub = SubstituteOf(a, b, e);
        return sub > e.Substitutability ? e with { Substitutability = sub } : e;
    }

    /// <summary>The shrunk lift (n + κ)/(E + κ) from the raw count and lift (E = n / lift).</summary>
    private static double ShrunkLift(in PairEvidence e)
    {
        if (e.CoCount <= 0 || !(e.Lift > 0))
            return 0;
        double expected = e.CoCount / (double)e.Lift;
        return (e.CoCount + TextRelationScorer.PseudoCount) / (expected + TextRelationScorer.PseudoCount);
    }
}
