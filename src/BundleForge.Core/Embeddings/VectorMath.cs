using System.Numerics.Tensors;

namespace BundleForge.Embeddings;

/// <summary>Row-wise vector operations shared by the indexes and scorers.</summary>
public static class VectorMath
{
    /// <summary>A copy of <paramref name="rows"/> (rows × dims) with every row scaled to unit length; a row that cannot
    /// be (all zeros, or a non-finite norm) becomes zeros, so no reader ever meets NaN from it.</summary>
    public static float[] NormalizeRows(ReadOnlySpan<float> rows, int dimensions)
    {
        var result = rows.ToArray();
        int n = result.Length / dimensions;
        for (int r = 0; r < n; r++)
            if (!NormalizeInPlace(result.AsSpan(r * dimensions, dimensions)))
                result.AsSpan(r * dimensions, dimensions).Clear();
        return result;
    }

    /// <summary>Scales <paramref name="v"/> to unit length; returns false (leaving it unchanged) for a zero or non-finite vector.</summary>
    public static bool NormalizeInPlace(Span<float> v)
    {
        float norm = TensorPrimitives.Norm(v);
        if (!(norm > 0) || !float.IsFinite(norm))
            return false;
        TensorPrimitives.Divide(v, norm, v);
        return true;
    }

    /// <summary>Cosine similarity; 0 when either vector is zero.</summary>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float na = TensorPrimitives.Norm(a), nb = TensorPrimitives.Norm(b);
        if (!(na > 0) || !(nb > 0))
            return 0f;
        return TensorPrimitives.Dot(a, b) / (na * nb);
    }
}
