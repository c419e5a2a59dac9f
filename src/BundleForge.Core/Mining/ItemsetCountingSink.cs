namespace BundleForge.Mining;

/// <summary>Counts itemsets by size without keeping them.</summary>
public sealed class ItemsetCountingSink : IItemsetSink
{
    private long[] _bySize = new long[8];

    public long Count { get; private set; }

    /// <summary>Number of itemsets of each size (index = size).</summary>
    public ReadOnlySpan<long> BySize => _bySize;

    public void Add(ReadOnlySpan<int> items, int support)
    {
        if (items.Length >= _bySize.Length)
            Array.Resize(ref _bySize, Math.Max(items.Length + 1, _bySize.Length * 2));
        _bySize[items.Length]++;
        Count++;
    }
}
