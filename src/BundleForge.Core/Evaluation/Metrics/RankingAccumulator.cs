namespace BundleForge.Evaluation.Metrics;

/// <summary>Sums single-target ranking metrics over queries from the 0-based rank of each query's target among all
/// candidates: HR@k and NDCG@k at each cut-off (one relevant item: 1/log2(rank+2) when ranked within k), MRR over the
/// full ranking, and catalog coverage of the recommended lists.</summary>
public sealed class RankingAccumulator
{
    private readonly int[] _cutoffs;
    private readonly double[] _hits;
    private readonly double[] _gains;
    private readonly bool[] _recommended;
    private readonly int _k;
    private double _reciprocal;
    private int _queries;

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
        _recommended = new bool[catalogSize];
    }

    /// <summary>The next-item protocol's metrics: HR and NDCG at 5, 10 and 20, coverage of the top-10 lists.</summary>
    public static RankingAccumulator NextItem(int catalogSize) => new(catalogSize, 10, [5, 10, 20]);

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
                { _hits[c]++; _gains[c] += gain; }
            _reciprocal += 1.0 / (rank + 1);
        }
        MarkRecommended(recommended);
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
        for (int c = 0; c < _cutoffs.Length; c++)
        { hitRates[c] = _hits[c] / n; ndcgs[c] = _gains[c] / n; }
        int covered = 0;
        foreach (var r in _recommended)
            if (r)
                covered++;
        return new RankingMetrics(_queries, _cutoffs.ToArray(), hitRates, ndcgs, _reciprocal / n, _k,
            _recommended.Length == 0 ? 0 : (double)covered / _recommended.Length);
    }
}
