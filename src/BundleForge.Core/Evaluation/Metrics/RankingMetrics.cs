namespace BundleForge.Evaluation.Metrics;

/// <summary>Accumulates single-target ranking metrics over queries: HR@k, NDCG@k (one relevant item: 1/log2(rank+2)
/// when ranked within k), MRR over the full ranking, and catalog coverage of the top-k lists.</summary>
public sealed class RankingMetrics
{
    private readonly int _k;
    private readonly HashSet<int> _recommended = [];
    private double _hits, _ndcg, _reciprocal;

    public RankingMetrics(int k = 10)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k));
        _k = k;
    }

    public int K => _k;
    public int Queries { get; private set; }
    public double HitRate => Queries == 0 ? 0 : _hits / Queries;
    public double Ndcg => Queries == 0 ? 0 : _ndcg / Queries;
    public double Mrr => Queries == 0 ? 0 : _reciprocal / Queries;

    /// <summary>Records one query: <paramref name="rank"/> is the target's 0-based rank among all candidates, or -1
    /// when the target cannot be ranked (unknown item); <paramref name="topK"/> is the list shown, for coverage.</summary>
    public void Add(int rank, ReadOnlySpan<int> topK = default)
    {
        Queries++;
        if (rank >= 0)
        {
            _reciprocal += 1.0 / (rank + 1);
            if (rank < _k) { _hits++; _ndcg += 1.0 / Math.Log2(rank + 2); }
        }
        foreach (var i in topK) _recommended.Add(i);
    }

    /// <summary>Distinct items recommended across all queries ÷ <paramref name="catalogSize"/>.</summary>
    public double Coverage(int catalogSize) => catalogSize == 0 ? 0 : _recommended.Count / (double)catalogSize;

    /// <summary>The metrics as <c>hr@k</c>, <c>ndcg@k</c>, <c>mrr</c>, <c>coverage@k</c>, <c>queries</c>.</summary>
    public Dictionary<string, double> ToDictionary(int catalogSize) => new()
    {
        [$"hr@{_k}"] = Math.Round(HitRate, 5),
        [$"ndcg@{_k}"] = Math.Round(Ndcg, 5),
        ["mrr"] = Math.Round(Mrr, 5),
        [$"coverage@{_k}"] = Math.Round(Coverage(catalogSize), 5),
        ["queries"] = Queries,
    };
}
