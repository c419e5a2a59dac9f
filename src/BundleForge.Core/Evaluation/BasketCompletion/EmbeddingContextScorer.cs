using System.Numerics.Tensors;
using BundleForge.Embeddings;

namespace BundleForge.Evaluation.BasketCompletion;

/// <summary>item2vec's own prediction of a basket's missing item. At its optimum SGNS sets in_v·out_i to
/// log P(i|v) − log(k·P_n(i)) with P_n ∝ count^0.75, so P(i | visible) ∝ exp(q·out_i + 0.75·log count_i) with q the
/// mean input vector of the visible items (a product of the per-item predictions). Scores are normalised to a
/// probability distribution over the catalog so they blend with co-occurrence probabilities.</summary>
public sealed class EmbeddingContextScorer : IBasketCompletionScorer
{
    private readonly ItemEmbeddings _embeddings;
    private readonly float[] _logPrior;
    private readonly bool[] _trained;

    public EmbeddingContextScorer(ItemEmbeddings embeddings, double priorPower = 0.75)
    {
        _embeddings = embeddings;
        _logPrior = new float[embeddings.Count];
        _trained = new bool[embeddings.Count];
        for (int i = 0; i < _logPrior.Length; i++)
        {
            _trained[i] = embeddings.Source[i] == ItemVectorSource.Trained;
            _logPrior[i] = _trained[i] ? (float)(priorPower * Math.Log(Math.Max(1, embeddings.Counts[i]))) : float.NegativeInfinity;
        }
    }

    public string Name => "item2vec";

    /// <summary>Writes P(i | visible) for every item (0 for untrained items).</summary>
    public void Score(ReadOnlySpan<int> visible, Span<float> scores)
    {
        int d = _embeddings.Dimensions;
        Span<float> q = stackalloc float[d];
        q.Clear();
        int known = 0;
        foreach (var v in visible)
        {
            if ((uint)v >= (uint)_embeddings.Count || !_trained[v])
                continue;
            TensorPrimitives.Add(q, _embeddings.InputOf(v), q);
            known++;
        }
        if (known > 0)
            TensorPrimitives.Divide(q, known, q);
        var output = _embeddings.Output;
        float max = float.NegativeInfinity;
        for (int i = 0; i < scores.Length; i++)
        {
            float s = _trained[i] ? TensorPrimitives.Dot(q, output.AsSpan(i * d, d)) + _logPrior[i] : float.NegativeInfinity;
            scores[i] = s;
            if (s > max)
                max = s;
        }
        if (float.IsNegativeInfinity(max))
        { scores.Clear(); return; }
        double total = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            float e = _trained[i] ? MathF.Exp(scores[i] - max) : 0f;
            scores[i] = e;
            total += e;
        }
        TensorPrimitives.Multiply(scores, (float)(1 / total), scores);
    }
}
