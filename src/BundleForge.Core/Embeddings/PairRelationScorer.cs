using BundleForge.Data;

namespace BundleForge.Embeddings;

/// <summary>Separates complements from substitutes (see docs/EMBEDDINGS.md). Evidence: shrunk basket lift
/// (n_ab + κ)/(E_ab + κ), the SGNS cross-context score σ(in_a·out_b) which models co-occurrence, the cosine of the
/// input vectors which models interchangeability, and a shared leaf category.</summary>
public sealed class PairRelationScorer
{
    private readonly ItemEmbeddings _embeddings;
    private readonly ItemCooccurrence _cooccurrence;
    private readonly int[]? _leafCategory;

    /// <summary>Scores pairs from trained vectors, basket counts and (optionally) the leaf category per item (-1 unknown).</summary>
    public PairRelationScorer(ItemEmbeddings embeddings, ItemCooccurrence cooccurrence, int[]? leafCategory = null)
    {
        if (embeddings.Count != cooccurrence.ItemCount)
            throw new ArgumentException("Embeddings and co-occurrence must cover the same items.");
        _embeddings = embeddings;
        _cooccurrence = cooccurrence;
        _leafCategory = leafCategory;
    }

    /// <summary>Pseudo-count κ that pulls lift towards 1 for rare pairs.</summary>
    public double PseudoCount { get; init; } = 5;
    /// <summary>Expected shared baskets needed before "bought together less than chance" counts as evidence.</summary>
    public double MinExpectedForSubstitute { get; init; } = 1;
    /// <summary>Shrunk lift above which a pair is a complement.</summary>
    public double ComplementLift { get; init; } = 1.5;
    /// <summary>Input-vector cosine from which two items count as similar.</summary>
    public float SimilarCosine { get; init; } = 0.5f;

    /// <summary>Shrunk basket lift of the pair.</summary>
    public double Lift(int a, int b) => _cooccurrence.ShrunkLift(a, b, PseudoCount);

    /// <summary>Cosine of the input vectors (0 when either has none).</summary>
    public float Similarity(int a, int b) =>
        _embeddings.HasVector(a) && _embeddings.HasVector(b) ? VectorMath.Cosine(_embeddings.InputOf(a), _embeddings.InputOf(b)) : 0f;

    /// <summary>Symmetric SGNS co-occurrence probability ½(σ(in_a·out_b) + σ(in_b·out_a)); 0 without trained vectors.</summary>
    public float CrossContext(int a, int b)
    {
        if (_embeddings.Source[a] != ItemVectorSource.Trained || _embeddings.Source[b] != ItemVectorSource.Trained)
            return 0f;
        float ab = System.Numerics.Tensors.TensorPrimitives.Dot(_embeddings.InputOf(a), _embeddings.OutputOf(b));
        float ba = System.Numerics.Tensors.TensorPrimitives.Dot(_embeddings.InputOf(b), _embeddings.OutputOf(a));
        return 0.5f * (Logistic(ab) + Logistic(ba));
    }

    /// <summary>0–1: how much the pair completes each other. Half from the basket evidence
    /// (1 − 1/shrunk lift, 0 at or below chance), half from the cross-context score.</summary>
    public float ComplementScore(int a, int b)
    {
        Check(a);
        Check(b);
        if (a == b)
            return 0f;
        double lift = Lift(a, b);
        float basket = lift > 1 ? (float)(1 - 1 / lift) : 0f;
        return 0.5f * basket + 0.5f * CrossContext(a, b);
    }

    /// <summary>0–1: how interchangeable the pair is: similarity (cosine, or 1 for a shared leaf category, whichever is
    /// larger) times how much less than chance they share baskets (1 − shrunk lift, 0 at or above chance).</summary>
    public float SubstituteScore(int a, int b)
    {
        Check(a);
        Check(b);
        if (a == b)
            return 0f;
        float similar = Math.Max(0f, Similarity(a, b));
        if (SameLeaf(a, b))
            similar = 1f;
        double lift = Lift(a, b);
        float apart = lift < 1 ? (float)(1 - lift) : 0f;
        return similar * apart;
    }

    /// <summary>The pair's relation: complement when the shrunk lift clears <see cref="ComplementLift"/>; substitute
    /// when similar (or same leaf) and bought together less than chance with enough expected support.</summary>
    public PairRelation Classify(int a, int b)
    {
        Check(a);
        Check(b);
        if (a == b)
            return PairRelation.Unrelated;
        double lift = Lift(a, b);
        if (lift >= ComplementLift)
            return PairRelation.Complement;
        bool similar = SameLeaf(a, b) || Similarity(a, b) >= SimilarCosine;
        if (similar && _cooccurrence.Count(a, b) < _cooccurrence.Expected(a, b) && _cooccurrence.Expected(a, b) >= MinExpectedForSubstitute)
            return PairRelation.Substitute;
        return PairRelation.Unrelated;
    }

    private bool SameLeaf(int a, int b) => _leafCategory is not null && _leafCategory[a] >= 0 && _leafCategory[a] == _leafCategory[b];

    private void Check(int item)
    {
        if ((uint)item >= (uint)_embeddings.Count)
            throw new DataException($"Unknown item {item}: the model has {_embeddings.Count} items.");
    }

    private static float Logistic(float x) => 1f / (1f + MathF.Exp(-x));
}
