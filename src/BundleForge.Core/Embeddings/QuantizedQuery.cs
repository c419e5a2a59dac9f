namespace BundleForge.Embeddings;

/// <summary>Per-thread query state of <see cref="ExactCosineIndex"/>: the unit query, its int8 quantization
/// q̂ = t·c packed as 4 unsigned bytes per int (c + 128), and the two per-query terms of the error bound.
/// Reused across queries so a search allocates nothing.</summary>
internal sealed class QuantizedQuery
{
    public QuantizedQuery(int dimensions, int groups)
    {
        Unit = new float[dimensions];
        PackedGroups = new int[groups];
    }

    /// <summary>The normalised query (what exact scores are computed with).</summary>
    public float[] Unit { get; }
    /// <summary>Bytes c_i + 128 of 4 consecutive dimensions per int, little-endian (padding dimensions hold 128, i.e. c = 0).</summary>
    public int[] PackedGroups { get; }
    /// <summary>t: the query's quantization step.</summary>
    public float Scale { get; private set; }
    /// <summary>‖q̂‖ + ‖q − q̂‖ rounded up: multiplies a row's error norm in the bound.</summary>
    public float ErrorFactor { get; private set; }
    /// <summary>max‖x̂‖·‖q − q̂‖ plus the float rounding slack, rounded up: the row-independent part of the bound.</summary>
    public float ErrorOffset { get; private set; }
    public TopKHeap? Heap { get; set; }

    /// <summary>Normalises and quantizes <paramref name="query"/>; false for a zero or non-finite query.</summary>
    public bool Prepare(ReadOnlySpan<float> query, float maxApproximateNorm)
    {
        query.CopyTo(Unit);
        if (!VectorMath.NormalizeInPlace(Unit))
            return false;
        float max = 0;
        foreach (var v in Unit)
            max = Math.Max(max, Math.Abs(v));
        float t = max / 127f;
        Scale = t;
        double residual = 0, approxNorm = 0;
        int d = Unit.Length;
        for (int g = 0; g < PackedGroups.Length; g++)
        {
            int packed = 0;
            for (int k = 0; k < QuantizedRowBlocks.GroupDims; k++)
            {
                int i = g * QuantizedRowBlocks.GroupDims + k;
                int c = 0;
                if (i < d)
                {
                    c = Math.Clamp((int)MathF.Round(Unit[i] / t), -127, 127);
                    double approx = (double)t * c;
                    residual += (Unit[i] - approx) * (Unit[i] - approx);
                    approxNorm += approx * approx;
                }
                packed |= (c + 128) << (8 * k);
            }
            PackedGroups[g] = packed;
        }
        double f = QuantizedRowBlocks.RoundUp(Math.Sqrt(residual));
        ErrorFactor = QuantizedRowBlocks.RoundUp(QuantizedRowBlocks.RoundUp(Math.Sqrt(approxNorm)) + f);
        ErrorOffset = QuantizedRowBlocks.RoundUp(maxApproximateNorm * f + RoundingSlack(d));
        return true;
    }

    /// <summary>Covers the float rounding of the exact dot product of two unit vectors (at most d·2⁻²⁴ relative, the
    /// classic γ_d bound) and of the approximate score and bound arithmetic (a few ulps): (d + 16)·2⁻²², 4× more.</summary>
    public static double RoundingSlack(int dimensions) => (dimensions + 16) * Math.ScaleB(1.0, -22);
}
