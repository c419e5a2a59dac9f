namespace BundleForge.Recommendation;

/// <summary>The candidates of one next-basket query with their feature rows (<see cref="NextBasketFeatures.Count"/>
/// values each, row-major) and the source that proposed each.</summary>
public sealed class CandidateSet
{
    private readonly List<int> _items = [];
    private readonly List<CandidateSource> _sources = [];
    private readonly Dictionary<int, int> _row = [];

    /// <summary>Candidates.</summary>
    public int Count => _items.Count;
    /// <summary>The item of each candidate.</summary>
    public IReadOnlyList<int> Items => _items;
    /// <summary>The source of each candidate.</summary>
    public IReadOnlyList<CandidateSource> Sources => _sources;
    /// <summary>Feature rows, <see cref="NextBasketFeatures.Count"/> per candidate.</summary>
    public float[] Features { get; private set; } = [];

    /// <summary>The feature row of candidate <paramref name="c"/>.</summary>
    public Span<float> RowOf(int c) => Features.AsSpan(c * NextBasketFeatures.Count, NextBasketFeatures.Count);

    /// <summary>Row of <paramref name="item"/>, or −1.</summary>
    public int IndexOf(int item) => _row.TryGetValue(item, out var r) ? r : -1;

    /// <summary>Adds <paramref name="item"/> from <paramref name="source"/> unless already present.</summary>
    internal void Add(int item, CandidateSource source)
    {
        if (_row.ContainsKey(item))
            return;
        _row[item] = _items.Count;
        _items.Add(item);
        _sources.Add(source);
    }

    internal void AllocateFeatures() => Features = new float[_items.Count * NextBasketFeatures.Count];
}
