namespace BundleForge.Embeddings;

/// <summary>A precomputed logistic function on [-<see cref="MaxExp"/>, <see cref="MaxExp"/>]; SGNS only needs a few
/// digits and a table lookup is much cheaper than <c>exp</c> in the inner loop.</summary>
public sealed class SigmoidTable
{
    public const float MaxExp = 6f;
    private const int Size = 1024;
    private readonly float[] _values = new float[Size + 1];

    public SigmoidTable()
    {
        for (int i = 0; i <= Size; i++)
        {
            double x = (i / (double)Size * 2 - 1) * MaxExp;
            _values[i] = (float)(1 / (1 + Math.Exp(-x)));
        }
    }

    /// <summary>σ(x), clipped to 0 and 1 outside the table's range.</summary>
    public float this[float x]
    {
        get
        {
            if (x >= MaxExp)
                return 1f;
            if (x <= -MaxExp)
                return 0f;
            return _values[(int)((x + MaxExp) * (Size / MaxExp / 2))];
        }
    }
}
