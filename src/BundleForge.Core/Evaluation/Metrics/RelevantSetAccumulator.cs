namespace BundleForge.Evaluation.Metrics;

/// <summary>Sums Recall@k and NDCG@k over queries that each have a set of relevant items (a user's held-out bundles),
/// as the bundle-recommendation literature computes them (CrossCBR, BundleGT): Recall@k = hits in the top k ÷ the
/// number of relevant items; NDCG@k = Σ 1/log2(rank+2) over hits ÷ the ideal DCG of min(k, relevant) hits. Queries
/// without relevant items are not counted. <see cref="RankingAccumulator"/> is the single-target counterpart.</summary>
public sealed class RelevantSetAccumulator
{
    private readonly int[] _cutoffs;
    private readonly double[] _recall;
    private readonly double[] _ndcg;
    private int _queries;

    /// <summary>Recall and NDCG at each of <paramref name="cutoffs"/> (positive, ascending).</summary>
    public RelevantSetAccumulator(IReadOnlyList<int> cutoffs)
    {
        _cutoffs = [.. cutoffs];
        if (_cutoffs.Length == 0)
            throw new ArgumentException("At least one cut-off is needed.", nameof(cutoffs));
        for (int c = 0; c < _cutoffs.Length; c++)
            if (_cutoffs[c] < 1 || (c > 0 && _cutoffs[c] <= _cutoffs[c - 1]))
                throw new ArgumentException("Cut-offs must be positive and ascending.", nameof(cutoffs));
        _recall = new double[_cutoffs.Length];
        _ndcg = new double[_cutoffs.Length];
    }

    /// <summary>The largest cut-off: how long a ranked list <see cref="Add"/> needs.</summary>
    public int MaxCutoff => _cutoffs[^1];

    /// <summary>Records one query: <paramref name="ranked"/> is the list shown, best first (at least
    /// <see cref="MaxCutoff"/> long unless fewer candidates exist); <paramref name="relevant"/> tells whether an item
    /// is relevant; <paramref name="relevantCount"/> is the size of the relevant set (0 skips the query).</summary>
    public void Add(ReadOnlySpan<int> ranked, Func<int, bool> relevant, int relevantCount)
    {
        ArgumentNullException.ThrowIfNull(relevant);
        if (relevantCount <= 0)
            return;
        _queries++;
        int hits = 0;
        double dcg = 0;
        int c = 0;
        for (int r = 0; r < MaxCutoff; r++)
        {
            while (c < _cutoffs.Length && r == _cutoffs[c])
                Close(c++, hits, dcg, relevantCount);
            if (r < ranked.Length && relevant(ranked[r]))
            {
                hits++;
                dcg += 1.0 / Math.Log2(r + 2);
            }
        }
        while (c < _cutoffs.Length)
            Close(c++, hits, dcg, relevantCount);
    }

    /// <summary>Adds the sums of <paramref name="other"/> (same cut-offs), for per-thread accumulators.</summary>
    public void Merge(RelevantSetAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!other._cutoffs.AsSpan().SequenceEqual(_cutoffs))
            throw new ArgumentException("The cut-offs differ.", nameof(other));
        _queries += other._queries;
        for (int c = 0; c < _cutoffs.Length; c++)
        {
            _recall[c] += other._recall[c];
            _ndcg[c] += other._ndcg[c];
        }
    }

    /// <summary>The means over the queries added so far (all 0 when there were none).</summary>
    public RelevantSetMetrics ToMetrics()
    {
        double n = Math.Max(_queries, 1);
        var recall = new double[_cutoffs.Length];
        var ndcg = new double[_cutoffs.Length];
        for (int c = 0; c < _cutoffs.Length; c++)
        {
            recall[c] = _recall[c] / n;
            ndcg[c] = _ndcg[c] / n;
        }
        return new RelevantSetMetrics(_queries, [.. _cutoffs], recall, ndcg);
    }

    private void Close(int c, int hits, double dcg, int relevantCount)
    {
        double ideal = 0;
        int best = Math.Min(_cutoffs[c], relevantCount);
        for (int r = 0; r < best; r++)
            ideal += 1.0 / Math.Log2(r + 2);
        _recall[c] += (double)hits / relevantCount;
        _ndcg[c] += dcg / ideal;
    }
}
