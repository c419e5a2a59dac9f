namespace BundleForge.Neural;

/// <summary>Sums per-user ranking metrics from the 0-based rank of the held-out item among all items.</summary>
public sealed class RankingAccumulator(int itemCount)
{
    private readonly bool[] _recommended = new bool[itemCount];
    private int _users;
    private double _hr5, _hr10, _hr20, _ndcg5, _ndcg10, _ndcg20, _mrr;

    /// <summary>Adds one user whose target was ranked at <paramref name="rank"/> (0 = top).</summary>
    public void Add(long rank)
    {
        _users++;
        double gain = 1.0 / Math.Log2(rank + 2);
        if (rank < 5) { _hr5++; _ndcg5 += gain; }
        if (rank < 10) { _hr10++; _ndcg10 += gain; }
        if (rank < 20) { _hr20++; _ndcg20 += gain; }
        _mrr += 1.0 / (rank + 1);
    }

    /// <summary>Marks items that appeared in some user's top-10 list (for coverage).</summary>
    public void MarkRecommended(ReadOnlySpan<long> items)
    {
        foreach (var i in items) _recommended[i] = true;
    }

    public RankingMetrics ToMetrics()
    {
        double n = Math.Max(_users, 1);
        int covered = 0;
        foreach (var r in _recommended) if (r) covered++;
        return new RankingMetrics(_users, _hr5 / n, _hr10 / n, _hr20 / n, _ndcg5 / n, _ndcg10 / n, _ndcg20 / n, _mrr / n,
            _recommended.Length == 0 ? 0 : (double)covered / _recommended.Length);
    }
}
