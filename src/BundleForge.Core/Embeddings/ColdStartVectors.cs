using System.Numerics.Tensors;

namespace BundleForge.Embeddings;

/// <summary>Content vectors for items without history: each attribute feature gets the mean input vector of the
/// trained items that have it; an untrained item's vector is the feature-weighted average of its features'
/// means (a shared leaf category or brand pulls harder than a shared price band).</summary>
public static class ColdStartVectors
{
    /// <summary>Fills input vectors of untrained items with attributes and marks them <see cref="ItemVectorSource.Content"/>; returns how many were filled.</summary>
    public static int Fill(ItemEmbeddings embeddings, AttributeEncodings encodings)
    {
        if (encodings.ItemCount != embeddings.Count)
            throw new ArgumentException("Encodings and embeddings must cover the same items.");
        int d = embeddings.Dimensions;
        int features = encodings.FeatureCount;
        var sums = new float[(long)features * d];
        var counts = new int[features];
        var itemFeatures = new List<(int Feature, float Weight)>[embeddings.Count];
        for (int i = 0; i < embeddings.Count; i++)
        {
            itemFeatures[i] = encodings.FeaturesOf(i);
            if (embeddings.Source[i] != ItemVectorSource.Trained)
                continue;
            var unit = embeddings.InputOf(i).ToArray();
            if (!VectorMath.NormalizeInPlace(unit))
                continue;
            foreach (var (f, _) in itemFeatures[i])
            {
                TensorPrimitives.Add(sums.AsSpan(f * d, d), unit, sums.AsSpan(f * d, d));
                counts[f]++;
            }
        }
        int filled = 0;
        var v = new float[d];
        for (int i = 0; i < embeddings.Count; i++)
        {
            if (embeddings.Source[i] == ItemVectorSource.Trained)
                continue;
            Array.Clear(v);
            float total = 0;
            foreach (var (f, w) in itemFeatures[i])
            {
                if (counts[f] == 0)
                    continue;
                TensorPrimitives.MultiplyAdd(sums.AsSpan(f * d, d), w / counts[f], v, v);
                total += w;
            }
            if (total <= 0 || !VectorMath.NormalizeInPlace(v))
                continue;
            v.CopyTo(embeddings.Input.AsSpan(i * d, d));
            embeddings.Source[i] = ItemVectorSource.Content;
            filled++;
        }
        return filled;
    }
}
