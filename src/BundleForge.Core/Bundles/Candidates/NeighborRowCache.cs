using BundleForge.Embeddings;

namespace BundleForge.Bundles.Candidates;

/// <summary>Per-item neighbor lists (best first) computed on first use and kept for the life of the model: serving
/// asks for the same popular items' complements over and over, and a list costs a scan of the item's co-purchases or of
/// the whole catalog. Rows are published with a volatile write, so concurrent readers see either nothing (and compute
/// the same row themselves) or a complete row; no locks. Requests deeper than <see cref="Depth"/> bypass the cache.</summary>
public sealed class NeighborRowCache
{
    private readonly Neighbor[]?[] _rows;
    private readonly Func<int, int, Neighbor[]> _compute;

    /// <param name="items">Number of items (rows).</param>
    /// <param name="depth">Neighbors kept per item.</param>
    /// <param name="compute">The best <c>k</c> neighbors of an item, best first.</param>
    public NeighborRowCache(int items, int depth, Func<int, int, Neighbor[]> compute)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        _rows = new Neighbor[]?[items];
        Depth = depth;
        _compute = compute;
    }

    /// <summary>Neighbors kept per item.</summary>
    public int Depth { get; }

    /// <summary>Computes and keeps <paramref name="item"/>'s row unless it is kept already.</summary>
    public void Warm(int item)
    {
        if (Volatile.Read(ref _rows[item]) is null)
            Volatile.Write(ref _rows[item], _compute(item, Depth));
    }

    /// <summary>The best <paramref name="k"/> neighbors of <paramref name="item"/>, best first.</summary>
    public ReadOnlySpan<Neighbor> Get(int item, int k)
    {
        if (k > Depth)
            return _compute(item, k);
        var row = Volatile.Read(ref _rows[item]);
        if (row is null)
        {
            row = _compute(item, Depth);
            Volatile.Write(ref _rows[item], row);
        }
        return row.AsSpan(0, Math.Min(k, row.Length));
    }
}
