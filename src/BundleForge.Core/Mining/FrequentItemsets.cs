namespace BundleForge.Mining;

/// <summary>Frequent itemsets kept in memory in flat arrays (each itemset sorted ascending) with a hash index, so that
/// rule generation can look up the support of any subset in O(size).</summary>
public sealed class FrequentItemsets : IItemsetSink
{
    private const long BytesPerItem = 4;
    private const long BytesPerSet = 16;
    private readonly MemoryGuard? _guard;
    private int[] _items = new int[1024];
    private int[] _offsets = new int[257];
    private int[] _support = new int[256];
    private int[] _slots = new int[512];
    private int _count;
    private long _reserved;

    /// <summary>An empty collection; <paramref name="guard"/> (optional) bounds its memory.</summary>
    public FrequentItemsets(MemoryGuard? guard = null) => _guard = guard;

    public int Count => _count;

    /// <summary>The items of itemset <paramref name="index"/>, sorted ascending.</summary>
    public ReadOnlySpan<int> this[int index] => _items.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);

    public int SupportAt(int index) => _support[index];

    public int SizeAt(int index) => _offsets[index + 1] - _offsets[index];

    /// <summary>Support count of the itemset with exactly these items (sorted ascending), or -1 when it is not frequent.</summary>
    public int SupportOf(ReadOnlySpan<int> sortedItems)
    {
        int i = Find(sortedItems, Hash(sortedItems));
        return i < 0 ? -1 : _support[i];
    }

    public void Add(ReadOnlySpan<int> items, int support)
    {
        int start = _offsets[_count];
        EnsureCapacity(start + items.Length, _count + 1);
        var dst = _items.AsSpan(start, items.Length);
        items.CopyTo(dst);
        dst.Sort();
        ulong h = Hash(dst);
        if (Find(dst, h) >= 0)
            return;
        _support[_count] = support;
        _offsets[_count + 1] = start + items.Length;
        _count++;
        if (_count * 2 > _slots.Length)
            Rehash();
        else
            Insert(_count - 1, h);
    }

    private void EnsureCapacity(int items, int sets)
    {
        long before = _items.LongLength * BytesPerItem + _support.LongLength * BytesPerSet;
        if (items > _items.Length)
            Array.Resize(ref _items, (int)Math.Min(Array.MaxLength, Math.Max(items, (long)_items.Length * 2)));
        if (sets >= _support.Length)
        {
            int n = (int)Math.Min(Array.MaxLength - 1, (long)_support.Length * 2);
            Array.Resize(ref _support, n);
            Array.Resize(ref _offsets, n + 1);
        }
        long after = _items.LongLength * BytesPerItem + _support.LongLength * BytesPerSet;
        if (after != before && _guard is not null)
        {
            _guard.Reserve(after - before, "keeping the frequent itemsets in memory for rules");
            _reserved += after - before;
        }
    }

    private void Rehash()
    {
        _slots = new int[_slots.Length * 2];
        for (int i = 0; i < _count; i++)
            Insert(i, Hash(this[i]));
    }

    private void Insert(int index, ulong hash)
    {
        int mask = _slots.Length - 1;
        int s = (int)(hash & (uint)mask);
        while (_slots[s] != 0)
            s = (s + 1) & mask;
        _slots[s] = index + 1;
    }

    private int Find(ReadOnlySpan<int> sortedItems, ulong hash)
    {
        int mask = _slots.Length - 1;
        for (int s = (int)(hash & (uint)mask); ; s = (s + 1) & mask)
        {
            int v = _slots[s];
            if (v == 0)
                return -1;
            if (this[v - 1].SequenceEqual(sortedItems))
                return v - 1;
        }
    }

    private static ulong Hash(ReadOnlySpan<int> items)
    {
        ulong h = 0xCBF29CE484222325UL ^ (ulong)items.Length;
        foreach (int x in items)
            h = (h ^ (uint)x) * 0x100000001B3UL + 0x9E3779B97F4A7C15UL;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        return h ^ (h >> 32);
    }

    /// <summary>Returns the reserved memory to the guard (the collection stays usable).</summary>
    public void ReleaseGuard()
    {
        _guard?.Release(_reserved);
        _reserved = 0;
    }
}
