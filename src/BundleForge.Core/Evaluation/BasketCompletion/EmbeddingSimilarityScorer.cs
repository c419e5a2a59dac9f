using BundleForge.Embeddings;

namespace BundleForge.Evaluation.BasketCompletion;

/// <summary>Classic item2vec completion: cosine between each item's input vector and the sum of the visible items'
/// unit input vectors. Items without a vector rank last; with no known visible item it falls back to popularity.</summary>
public sealed class EmbeddingSimilarityScorer : IBasketCompletionScorer
{
    private readonly ItemEmbeddings _embeddings;
    private readonly ExactCosineIndex _index;
    private readonly float[] _fallback;

    public EmbeddingSimilarityScorer(ItemEmbeddings embeddings)
    {
        _embeddings = embeddings;
        _index = new ExactCosineIndex(embeddings.Input, embeddings.Dimensions);
        long max = 1;
        foreach (var c in embeddings.Counts)
            max = Math.Max(max, c);
        _fallback = new float[embeddings.Count];
        for (int i = 0; i < _fallback.Length; i++)
            _fallback[i] = embeddings.HasVector(i) ? -2f + embeddings.Counts[i] / (float)max : -4f;
    }

    public string Name => "item2vec_cosine";

    public void Score(ReadOnlySpan<int> visible, Span<float> scores)
    {
        int d = _embeddings.Dimensions;
        Span<float> q = stackalloc float[d];
        q.Clear();
        bool any = false;
        foreach (var v in visible)
        {
            if (!_embeddings.HasVector(v))
                continue;
            System.Numerics.Tensors.TensorPrimitives.Add(q, _index.Row(v), q);
            any = true;
        }
        _fallback.CopyTo(scores);
        if (!any || !VectorMath.NormalizeInPlace(q))
            return;
        for (int i = 0; i < scores.Length; i++)
            if (_embeddings.HasVector(i))
                scores[i] = System.Numerics.Tensors.TensorPrimitives.Dot(q, _index.Row(i));
    }
}
