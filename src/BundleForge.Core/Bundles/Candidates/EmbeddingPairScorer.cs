using System.Numerics.Tensors;
using BundleForge.Data;
using BundleForge.Embeddings;

namespace BundleForge.Bundles.Candidates;

/// <summary>Co-purchase pair evidence mixed with item2vec's complement/substitute measure
/// (<see cref="PairRelationScorer"/>). Complementarity = (1 − w)·co-purchase + w·embedding, where the embedding part
/// is ½·(1 − 1/shrunk lift) + ½·max(0, 2·σ(in·out) − 1): the cross-context term only counts when SGNS predicts the
/// pair above even odds, so unrelated items stay at 0 and the composer's "must complement a member" rule still bites.
/// Substitutability is the larger of the co-purchase one and <see cref="PairRelationScorer.SubstituteScore"/>, so a
/// pair either measure calls interchangeable is vetoed. The raw co-purchase facts (count, lift, confidence) stay those
/// of the co-purchase scorer. The composer calls this tens of thousands of times per request, so the measure is
/// computed here with one lift lookup and unit-length rows (same values as <see cref="PairRelationScorer"/>).</summary>
public sealed class EmbeddingPairScorer : IPairScorer
{
    private readonly IPairScorer _copurchase;
    private readonly ItemCooccurrence _cooccurrence;
    private readonly ItemEmbeddings _embeddings;
    private readonly Item2VecModel _model;
    private readonly int[] _leaf;
    private readonly bool[] _trained;
    private readonly double _pseudoCount;

    public EmbeddingPairScorer(IPairScorer copurchase, Item2VecModel model)
    {
        _copurchase = copurchase;
        _cooccurrence = model.Cooccurrence;
        _embeddings = model.Embeddings;
        _model = model;
        _pseudoCount = model.Relations.PseudoCount;
        int n = _embeddings.Count;
        _leaf = new int[n];
        _trained = new bool[n];
        for (int i = 0; i < n; i++)
        {
            _leaf[i] = model.Encodings.CategoryLevels.Count == 0 ? -1 : model.Encodings.LeafOf(i);
            _trained[i] = _embeddings.Source[i] == ItemVectorSource.Trained;
        }
    }

    /// <summary>Weight w of the embedding complement score (0 = co-purchase only).</summary>
    public float EmbeddingWeight { get; init; } = DefaultEmbeddingWeight;

    /// <summary>Chosen on the Online Retail validation period (docs/BENCHMARKS.md, "Bundles backtest").</summary>
    public const float DefaultEmbeddingWeight = 0.3f;

    public PairEvidence Score(int a, int b)
    {
        var e = _copurchase.Score(a, b);
        if (a == b || (uint)a >= (uint)_leaf.Length || (uint)b >= (uint)_leaf.Length)
            return e;
        double lift = _cooccurrence.ShrunkLift(a, b, _pseudoCount);
        float emb = Complement(a, b, lift);
        float sub = Substitute(a, b, lift);
        return e with
        {
            Complementarity = (1 - EmbeddingWeight) * e.Complementarity + EmbeddingWeight * emb,
            Substitutability = Math.Max(e.Substitutability, sub),
        };
    }

    [ThreadStatic] private static int[]? t_row;

    public void ScoreRow(int a, ReadOnlySpan<int> others, Span<PairEvidence> into)
    {
        _copurchase.ScoreRow(a, others, into);
        if ((uint)a >= (uint)_leaf.Length || (uint)a >= (uint)_cooccurrence.ItemCount)
            return;
        // The lift's shared-basket counts come from one scatter of a's neighbours, cleared again below.
        var c = _cooccurrence;
        var row = t_row is { } r && r.Length >= c.ItemCount ? r : (t_row = new int[c.ItemCount]);
        var neighbours = c.NeighborsOf(a);
        var counts = c.CountsOf(a);
        for (int k = 0; k < neighbours.Length; k++)
            row[neighbours[k]] = counts[k];
        for (int k = 0; k < others.Length; k++)
        {
            int b = others[k];
            if (a == b || (uint)b >= (uint)_leaf.Length || (uint)b >= (uint)c.ItemCount)
                continue;
            double lift = (row[b] + _pseudoCount) / (c.Expected(a, b) + _pseudoCount);
            var e = into[k];
            into[k] = e with
            {
                Complementarity = (1 - EmbeddingWeight) * e.Complementarity + EmbeddingWeight * Complement(a, b, lift),
                Substitutability = Math.Max(e.Substitutability, Substitute(a, b, lift)),
            };
        }
        for (int k = 0; k < neighbours.Length; k++)
            row[neighbours[k]] = 0;
    }

    /// <summary>The embedding complement score in [0, 1] described on the class.</summary>
    public float ComplementOf(int a, int b) => a == b ? 0f : Complement(a, b, _cooccurrence.ShrunkLift(a, b, _pseudoCount));

    private float Complement(int a, int b, double lift)
    {
        float basket = lift > 1 ? (float)(1 - 1 / lift) : 0f;
        float cross = 0f;
        if (_trained[a] && _trained[b])
        {
            float ab = TensorPrimitives.Dot(_embeddings.InputOf(a), _embeddings.OutputOf(b));
            float ba = TensorPrimitives.Dot(_embeddings.InputOf(b), _embeddings.OutputOf(a));
            cross = Math.Max(0f, 2 * (0.5f * (Logistic(ab) + Logistic(ba))) - 1);
        }
        return 0.5f * basket + 0.5f * cross;
    }

    private float Substitute(int a, int b, double lift)
    {
        if (lift >= 1)
            return 0f;
        float similar = _leaf[a] >= 0 && _leaf[a] == _leaf[b] ? 1f
            : _embeddings.HasVector(a) && _embeddings.HasVector(b) ? Math.Max(0f, TensorPrimitives.Dot(UnitRow(a), UnitRow(b))) : 0f;
        return similar * (float)(1 - lift);
    }

    private ReadOnlySpan<float> UnitRow(int item) => _model.UnitInputOf(item);

    private static float Logistic(float x) => 1f / (1f + MathF.Exp(-x));
}
