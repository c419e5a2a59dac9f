namespace BundleForge.Evaluation.Metrics;

/// <summary>Sums ranking metrics over queries. A single-target query (<see cref="Add(long, ReadOnlySpan{int})"/>) gives
/// the 0-based rank of its target: HR@k and NDCG@k at each cut-off (1/log2(rank+2) when ranked within k), MRR over
/// the full ranking. A basket query (<see cref="AddList"/>) gives the list shown and the set of relevant items: HR@k
/// (any relevant item in the top k), NDCG@k with binary gains over the whole set (ideal DCG of min(|set|, k) hits),
/// Recall@k (share of the set in the top k) and the reciprocal rank of the first hit within the list; its top-K list
/// also counts towards personalisation (1 − mean share of top-K items two queries' lists have in common, over all
/// pairs). Catalog coverage of the recommended lists for both.</summary>
public sealed class RankingAccumulator
{
    private readonly int[] _cutoffs;
    private readonly double[] _hits;
    private readonly double[] _gains;
    private readonly double[] _recalls;
    private readonly bool[] _recommended;
    private readonly int[] _listsHolding;
    private readonly int _k;
    private double _reciprocal;
    private int _queries;
    private int _lists;

    /// <summary>HR and NDCG at <paramref name="k"/>; coverage of the top-<paramref name="k"/> lists over a catalog of
    /// <paramref name="catalogSize"/> items.</summary>
    public RankingAccumulator(int catalogSize, int k = 10) : this(catalogSize, k, [k])
    {
    }

    /// <summary>HR and NDCG at each of <paramref name="cutoffs"/> (ascending, <paramref name="k"/> among them); coverage
    /// of the top-<paramref name="k"/> lists over a catalog of <paramref name="catalogSize"/> items.</summary>
    public RankingAccumulator(int catalogSize, int k, IReadOnlyList<int> cutoffs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(catalogSize);
        if (k < 1)
            throw new ArgumentOutOfRangeException(nameof(k));
        _cutoffs = [.. cutoffs];
        for (int c = 0; c < _cutoffs.Length; c++)
            if (_cutoffs[c] < 1 || (c > 0 && _cutoffs[c] <= _cutoffs[c - 1]))
                throw new ArgumentException("Cut-offs must be positive and ascending.", nameof(cutoffs));
        if (Array.IndexOf(_cutoffs, k) < 0)
            throw new ArgumentException($"The cut-offs must include k = {k}.", nameof(cutoffs));
        _k = k;
        _hits = new double[_cutoffs.Length];
        _gains = new double[_cutoffs.Length];
        _recalls = new double[_cutoffs.Length];
        _recommended = new bool[catalogSize];
        _listsHolding = new int[catalogSize];
    }

    /// <summary>The next-item protocol's metrics: HR and NDCG at 5, 10 and 20, coverage of the top-10 lists.</summary>
    public static RankingAccumulator NextItem(int catalogSize) => new(catalogSize, 10, [5, 10, 20]);

    /// <summary>The next-basket protocol's metrics: HR, NDCG and Recall at 10 and 20, coverage and personalisation of
    /// the top-10 lists.</summary>
    public static RankingAccumulator NextBasket(int catalogSize) => new(catalogSize, 10, [10, 20]);

    /// <summary>The longest cut-off: lists handed to <see cref="AddList"/> need this many items to score every cut-off.</summary>
    public int ListLength => _cutoffs[^1];

    /// <summary>Records one query: <paramref name="rank"/> is the target's 0-based rank among all candidates, or -1
    /// when the target cannot be ranked (unknown item: a miss everywhere); <paramref name="recommended"/> is the list
    /// shown, for coverage.</summary>
    public void Add(long rank, ReadOnlySpan<int> recommended = default)
    {
        _queries++;
        if (rank >= 0)
        {
            double gain = 1.0 / Math.Log2(rank + 2);
            for (int c = 0; c < _cutoffs.Length; c++)
                if (rank < _cutoffs[c])
                { _hits[c]++; _gains[c] += gain; _recalls[c]++; }
            _reciprocal += 1.0 / (rank + 1);
        }
        MarkRecommended(recommended);
    }

    /// <summary>Records one basket query: <paramref name="ranked"/> is the list shown, best first (distinct items; only
    /// its first <see cref="ListLength"/> count), <paramref name="relevant"/> the distinct items the user went on to
    /// buy (must not be empty).</summary>
    public void AddList(ReadOnlySpan<int> ranked, ReadOnlySpan<int> relevant)
    {
        if (relevant.IsEmpty)
            throw new ArgumentException("A basket query needs at least one relevant item.", nameof(relevant));
        _queries++;
        int length = Math.Min(ranked.Length, ListLength);
        double dcg = 0;
        int found = 0;
        int c = 0;
        bool first = true;
        for (int r = 0; r < length; r++)
        {
            while (c < _cutoffs.Length && r >= _cutoffs[c])
                Close(c++, dcg, found, relevant.Length);
            if (relevant.Contains(ranked[r]))
            {
                dcg += 1.0 / Math.Log2(r + 2);
                found++;
                if (first)
                { _reciprocal += 1.0 / (r + 1); first = false; }
            }
        }
        while (c < _cutoffs.Length)
            Close(c++, dcg, found, relevant.Length);
        var top = ranked[..Math.Min(ranked.Length, _k)];
        MarkRecommended(top);
        _lists++;
        foreach (var i in top)
            _listsHolding[i]++;
    }

    private void Close(int c, double dcg, int found, int relevant)
    {
        if (found == 0)
            return;
        double ideal = 0;
        for (int r = 0, n = Math.Min(relevant, _cutoffs[c]); r < n; r++)
            ideal += 1.0 / Math.Log2(r + 2);
        _hits[c]++;
        _gains[c] += dcg / ideal;
        _recalls[c] += (double)found / relevant;
    }

    /// <summary>Marks items that appeared in some query's recommended list (for coverage).</summary>
    public void MarkRecommended(ReadOnlySpan<int> items)
    {
        foreach (var i in items)
            _recommended[i] = true;
    }

    /// <summary>The metrics of the queries added so far (all 0 when there were none).</summary>
    public RankingMetrics ToMetrics()
    {
        double n = Math.Max(_queries, 1);
        var hitRates = new double[_cutoffs.Length];
        var ndcgs = new double[_cutoffs.Length];
        var recalls = new double[_cutoffs.Length];
        for (int c = 0; c < _cutoffs.Length; c++)
        { hitRates[c] = _hits[c] / n; ndcgs[c] = _gains[c] / n; recalls[c] = _recalls[c] / n; }
        int covered = 0;
        foreach (var r in _recommended)
            if (r)
                covered++;
        // Pairs of lists sharing an item, summed per item: C(lists holding it, 2); over all pairs and K slots each.
        double? personalisation = null;
        if (_lists > 0)
        {
            double shared = 0;
            foreach (var h in _listsHolding)
                shared += h * (h - 1.0) / 2;
            double pairs = _lists * (_lists - 1.0) / 2;
            personalisation = pairs == 0 ? 1 : 1 - shared / (pairs * _k);
        }
        return new RankingMetrics(_queries, _cutoffs.ToArray(), hitRates, ndcgs, _reciprocal / n, _k,
            _recommended.Length == 0 ? 0 : (double)covered / _recommended.Length)
        {
            Recalls = _lists > 0 ? recalls : null,
            Personalisation = personalisation,
        };
    }
}
