using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BundleForge.Embeddings;

/// <summary>Draws negative items in proportion to count^0.75 (the smoothed unigram distribution of word2vec) with
/// Walker's alias method: one slot per item (8 bytes: a 16-bit acceptance threshold and the alias), so the whole table
/// of a 16k-item catalog is 128 KB and stays in the core's L2 cache, where word2vec's 100M-slot unigram table (or a
/// 4 MB one) costs a cache miss per draw.</summary>
public sealed class NegativeSamplingTable
{
    private const int CoinBits = 16;
    private readonly Slot[] _slots;

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Slot(uint Threshold, int Alias);

    public NegativeSamplingTable(ReadOnlySpan<long> counts, double power = 0.75)
    {
        int n = counts.Length;
        if (n == 0)
            throw new DataException("item2vec has no items to train on (check --min-count and the data).");
        var scaled = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++)
            total += scaled[i] = Math.Pow(Math.Max(counts[i], 0), power);
        if (!(total > 0))
            throw new DataException("item2vec has no item with a positive count.");
        // Vose: scaled[i] = n·p_i; slots below 1 are topped up by an alias from a slot above 1
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (int i = 0; i < n; i++)
        {
            scaled[i] *= n / total;
            (scaled[i] < 1 ? small : large).Push(i);
        }
        _slots = new Slot[n];
        while (small.Count > 0 && large.Count > 0)
        {
            int s = small.Pop(), l = large.Pop();
            _slots[s] = new Slot(ToThreshold(scaled[s]), l);
            scaled[l] -= 1 - scaled[s];
            (scaled[l] < 1 ? small : large).Push(l);
        }
        while (large.Count > 0)
        { int l = large.Pop(); _slots[l] = new Slot(1u << CoinBits, l); }
        while (small.Count > 0)
        { int s = small.Pop(); _slots[s] = new Slot(1u << CoinBits, s); } // rounding leftovers
    }

    /// <summary>Number of items (slots).</summary>
    public int Length => _slots.Length;

    /// <summary>The vocabulary id drawn for random bits <paramref name="random"/> (bits 32–63 pick the slot, bits
    /// 16–31 toss the coin: the high bits of a 64-bit LCG are the good ones).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Draw(ulong random)
    {
        int slot = (int)(((random >> 32) * (ulong)(uint)_slots.Length) >> 32);
        ref readonly var s = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), slot);
        return ((uint)(random >> 16) & ((1u << CoinBits) - 1)) < s.Threshold ? slot : s.Alias;
    }

    /// <summary>The exact probability the table gives <paramref name="item"/> (for tests).</summary>
    internal double Probability(int item)
    {
        double p = 0, unit = 1.0 / _slots.Length, coin = 1 << CoinBits;
        for (int i = 0; i < _slots.Length; i++)
        {
            double keep = Math.Min(_slots[i].Threshold, coin) / coin;
            if (i == item)
                p += unit * keep;
            if (_slots[i].Alias == item)
                p += unit * (1 - keep);
        }
        return p;
    }

    private static uint ToThreshold(double share) => (uint)Math.Clamp(Math.Round(share * (1 << CoinBits)), 0, 1 << CoinBits);
}
