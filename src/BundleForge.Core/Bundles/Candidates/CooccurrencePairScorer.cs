using BundleForge.Artifacts;
using BundleForge.Data;

namespace BundleForge.Bundles.Candidates;

/// <summary>Complementarity and substitutability of item pairs from basket co-occurrence counts. Complementarity
/// grows with lift (observed / expected co-purchases) and with the evidence behind it; two items of the same category
/// that customers buy together far less often than chance are substitutes.</summary>
public sealed class CooccurrencePairScorer : IPairScorer
{
    private readonly int[] _offsets;
    private readonly int[] _neighbours;
    private readonly int[] _coCounts;
    private readonly int[] _itemCounts;
    private readonly int[] _category;
    private readonly double _baskets;

    /// <summary>Baskets larger than this are skipped for pair counts (wholesale orders say little about pairs).</summary>
    public const int MaxBasketForPairs = 100;
    /// <summary>Co-purchases needed before a pair counts as complementary at all.</summary>
    public int MinSupport { get; init; } = 2;
    /// <summary>Lift at which complementarity saturates.</summary>
    public double LiftSaturation { get; init; } = 20;

    private CooccurrencePairScorer(int[] offsets, int[] neighbours, int[] coCounts, int[] itemCounts, int[] category, double baskets)
    {
        _offsets = offsets;
        _neighbours = neighbours;
        _coCounts = coCounts;
        _itemCounts = itemCounts;
        _category = category;
        _baskets = baskets;
    }

    /// <summary>Number of baskets (containing the item) per dense item.</summary>
    public ReadOnlySpan<int> ItemCounts => _itemCounts;

    /// <summary>Number of baskets counted.</summary>
    public double BasketCount => _baskets;

    /// <summary>Counts pairs in <paramref name="baskets"/>; <paramref name="catalog"/> supplies categories for
    /// substitutes (optional).</summary>
    public static CooccurrencePairScorer Build(BasketSet baskets, int itemCount, ItemCatalog? catalog = null, CancellationToken cancellation = default)
    {
        var pairs = ItemCooccurrence.Build(baskets, itemCount, MaxBasketForPairs, cancellation: cancellation);
        int used = 0;
        for (int b = 0; b < baskets.Count; b++)
            if (baskets.SizeOf(b) > 0)
                used++;

        var category = new int[itemCount];
        Array.Fill(category, -1);
        if (catalog is not null)
        {
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < Math.Min(itemCount, catalog.Count); i++)
            {
                var c = catalog.Categories[i];
                if (c is null)
                    continue;
                if (!ids.TryGetValue(c, out int id))
                    ids[c] = id = ids.Count;
                category[i] = id;
            }
        }
        return new CooccurrencePairScorer(pairs.Offsets, pairs.Neighbors, pairs.Counts, pairs.ItemCounts, category, Math.Max(1, used));
    }

    private static ReadOnlySpan<byte> Magic => "BFCO"u8; // once written as the uint 0x4F434642, the same four bytes
    private const int FormatVersion = 1;

    /// <summary>Writes the pair statistics (magic, version, then the arrays) for a model folder.</summary>
    public void Save(string path)
    {
        using var w = ArtifactCodec.Create(path, Magic, FormatVersion);
        w.Write(_baskets);
        w.WriteArray<int>(_offsets);
        w.WriteArray<int>(_neighbours);
        w.WriteArray<int>(_coCounts);
        w.WriteArray<int>(_itemCounts);
        w.WriteArray<int>(_category);
    }

    /// <summary>Reads statistics written by <see cref="Save"/>; a damaged or foreign file is a <see cref="DataException"/>.</summary>
    public static CooccurrencePairScorer Load(string path)
    {
        using var r = ArtifactCodec.Open(path, Magic, FormatVersion, "bundle pairs");
        double baskets = r.ReadDouble();
        var offsets = r.ReadArray<int>();
        var neighbours = r.ReadArray<int>();
        var co = r.ReadArray<int>();
        var counts = r.ReadArray<int>();
        var category = r.ReadArray<int>();
        r.ExpectEnd();
        if (offsets.Length != counts.Length + 1 || category.Length != counts.Length || neighbours.Length != co.Length)
            throw r.Corrupt("the pair arrays disagree in length");
        r.ExpectOffsets(offsets, neighbours.Length, "pair");
        r.ExpectIds(neighbours, counts.Length, "neighbour item");
        return new CooccurrencePairScorer(offsets, neighbours, co, counts, category, baskets);
    }

    /// <summary>Baskets containing both items.</summary>
    public int CoCount(int a, int b)
    {
        int k = Array.BinarySearch(_neighbours, _offsets[a], _offsets[a + 1] - _offsets[a], b);
        return k >= 0 ? _coCounts[k] : 0;
    }

    public PairEvidence Score(int a, int b) => a == b ? PairEvidence.None : Evidence(a, b, CoCount(a, b));

    [ThreadStatic] private static int[]? t_row;

    public void ScoreRow(int a, ReadOnlySpan<int> others, Span<PairEvidence> into)
    {
        // Scatter a's co-purchase counts into a dense row (cleared again below), so each pair is one array read.
        var row = t_row is { } r && r.Length >= _itemCounts.Length ? r : (t_row = new int[_itemCounts.Length]);
        int start = _offsets[a], end = _offsets[a + 1];
        for (int k = start; k < end; k++)
            row[_neighbours[k]] = _coCounts[k];
        for (int k = 0; k < others.Length; k++)
        {
            int b = others[k];
            into[k] = a == b ? PairEvidence.None : Evidence(a, b, row[b]);
        }
        for (int k = start; k < end; k++)
            row[_neighbours[k]] = 0;
    }

    private PairEvidence Evidence(int a, int b, int co)
    {
        int ca = _itemCounts[a], cb = _itemCounts[b];
        if (ca == 0 || cb == 0)
            return PairEvidence.None;
        double expected = (double)ca * cb / _baskets;
        float lift = (float)(co / expected);
        float confidence = (float)co / Math.Min(ca, cb);
        float comp = 0;
        if (co >= MinSupport && lift > 1)
            comp = (float)(co / (co + 3.0) * Math.Clamp(Math.Log(lift) / Math.Log(LiftSaturation), 0, 1));
        float sub = 0;
        if (_category[a] >= 0 && _category[a] == _category[b] && lift < 1)
            sub = (float)((1 - lift) * expected / (expected + 2));
        return new PairEvidence(comp, sub, co, lift, confidence);
    }

    /// <summary>The items most complementary to <paramref name="item"/>, best first.</summary>
    public void TopComplements(int item, int max, List<(int Item, float Complementarity)> into)
    {
        int start = into.Count;
        for (int k = _offsets[item]; k < _offsets[item + 1]; k++)
        {
            var e = Score(item, _neighbours[k]);
            if (e.Complementarity > 0)
                into.Add((_neighbours[k], e.Complementarity));
        }
        into.Sort(start, into.Count - start, Comparer<(int Item, float Complementarity)>.Create((x, y) => y.Complementarity.CompareTo(x.Complementarity)));
        if (into.Count - start > max)
            into.RemoveRange(start + max, into.Count - start - max);
    }
}
