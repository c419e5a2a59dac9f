namespace BundleForge.Embeddings;

/// <summary>Draws negative items in proportion to count^0.75 (the smoothed unigram distribution of word2vec) with
/// one array lookup per draw.</summary>
public sealed class NegativeSamplingTable
{
    private readonly int[] _table;
    private readonly ulong _mask;

    public NegativeSamplingTable(ReadOnlySpan<long> counts, double power = 0.75)
    {
        if (counts.Length == 0) throw new DataException("item2vec has no items to train on (check --min-count and the data).");
        // a power of two, so a draw is a mask instead of a 64-bit division
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(counts.Length * 64L, 1 << 16, 1 << 24));
        _table = new int[size];
        _mask = (ulong)size - 1;
        double total = 0;
        foreach (var c in counts) total += Math.Pow(c, power);
        int v = 0;
        double cumulative = Math.Pow(counts[0], power) / total;
        for (int a = 0; a < size; a++)
        {
            _table[a] = v;
            if ((a + 1) / (double)size > cumulative && v < counts.Length - 1)
            {
                v++;
                cumulative += Math.Pow(counts[v], power) / total;
            }
        }
    }

    public int Length => _table.Length;

    /// <summary>The vocabulary id drawn for random bits <paramref name="random"/>.</summary>
    public int Draw(ulong random) => _table[(int)((random >> 16) & _mask)];
}
