namespace BundleForge.Embeddings;

/// <summary>Unit rows quantized to int8 for the first pass of <see cref="ExactCosineIndex"/>: row r is approximated by
/// x̂ = s_r·c (c ∈ [-127, 127]^d, s_r = max|x_r| / 127) and keeps the rounded-up norm of its quantization error
/// ‖x_r − x̂_r‖, which bounds how far the approximate score can be from the exact one. Codes are laid out for SIMD
/// without horizontal sums: blocks of <see cref="BlockRows"/> rows, each block stored group by group (4 dimensions ×
/// 16 rows = 64 bytes), so one widening multiply-add of 4 query bytes broadcast against a group scores 8 rows.</summary>
internal sealed class QuantizedRowBlocks
{
    public const int BlockRows = 16;
    public const int GroupDims = 4;
    public const int GroupBytes = BlockRows * GroupDims;
    /// <summary>Error norm given to rows without a vector, so their upper bound never reaches any real score.</summary>
    public const float AbsentRow = -1e30f;

    public QuantizedRowBlocks(float[] unitRows, bool[] valid, int dimensions)
    {
        int rows = valid.Length;
        Dimensions = dimensions;
        Groups = (dimensions + GroupDims - 1) / GroupDims;
        Blocks = (rows + BlockRows - 1) / BlockRows;
        int padded = Blocks * BlockRows;
        Codes = new sbyte[(long)Blocks * Groups * GroupBytes];
        Scales = new float[padded];
        ErrorNorms = new float[padded];
        OffsetCorrections = new int[padded];
        Array.Fill(ErrorNorms, AbsentRow);
        double maxNorm = 0;
        var codes = new sbyte[dimensions];
        for (int r = 0; r < rows; r++)
        {
            if (!valid[r])
                continue;
            var x = unitRows.AsSpan(r * dimensions, dimensions);
            float max = 0;
            foreach (var v in x)
                max = Math.Max(max, Math.Abs(v));
            float scale = max / 127f;
            if (!(scale > 0) || !float.IsFinite(scale))
                continue;
            double error = 0, approxNorm = 0;
            int sum = 0;
            for (int i = 0; i < dimensions; i++)
            {
                int c = Math.Clamp((int)MathF.Round(x[i] / scale), -127, 127);
                codes[i] = (sbyte)c;
                sum += c;
                double approx = (double)scale * c; // exact: a float times a small integer fits a double
                error += (x[i] - approx) * (x[i] - approx);
                approxNorm += approx * approx;
            }
            maxNorm = Math.Max(maxNorm, Math.Sqrt(approxNorm));
            Scales[r] = scale;
            ErrorNorms[r] = RoundUp(Math.Sqrt(error));
            OffsetCorrections[r] = 128 * sum;
            long block = (long)(r / BlockRows) * Groups * GroupBytes;
            int lane = r % BlockRows;
            for (int i = 0; i < dimensions; i++)
                Codes[block + (i / GroupDims) * GroupBytes + lane * GroupDims + i % GroupDims] = codes[i];
        }
        MaxApproximateNorm = RoundUp(maxNorm);
    }

    public int Dimensions { get; }
    /// <summary>Groups of <see cref="GroupDims"/> dimensions per row (the last one zero-padded).</summary>
    public int Groups { get; }
    public int Blocks { get; }
    /// <summary>Block-major, then group-major, then row-in-block, then the 4 dimensions of the group.</summary>
    public sbyte[] Codes { get; }
    /// <summary>s_r per row (padded to whole blocks; 0 for rows without a vector).</summary>
    public float[] Scales { get; }
    /// <summary>‖x_r − x̂_r‖ rounded up (<see cref="AbsentRow"/> for rows without a vector or padding).</summary>
    public float[] ErrorNorms { get; }
    /// <summary>128·Σc per row: the query is offset by 128 to unsigned bytes, this removes the offset's contribution.</summary>
    public int[] OffsetCorrections { get; }
    /// <summary>max_r ‖x̂_r‖ rounded up.</summary>
    public float MaxApproximateNorm { get; }

    /// <summary>The smallest float not below <paramref name="value"/>.</summary>
    public static float RoundUp(double value)
    {
        float f = (float)value;
        return f < value ? MathF.BitIncrement(f) : f;
    }
}
