namespace BundleForge.Evaluation.Metrics;

/// <summary>Mean Recall@k and NDCG@k over queries with several relevant items (summed by
/// <see cref="RelevantSetAccumulator"/>).</summary>
public sealed class RelevantSetMetrics
{
    private readonly int[] _cutoffs;
    private readonly double[] _recall;
    private readonly double[] _ndcg;

    internal RelevantSetMetrics(int queries, int[] cutoffs, double[] recall, double[] ndcg)
    {
        Queries = queries;
        _cutoffs = cutoffs;
        _recall = recall;
        _ndcg = ndcg;
    }

    /// <summary>Queries counted (those with at least one relevant item).</summary>
    public int Queries { get; }

    /// <summary>The cut-offs, ascending.</summary>
    public IReadOnlyList<int> Cutoffs => _cutoffs;

    /// <summary>Mean Recall@<paramref name="k"/> (a cut-off it was summed at).</summary>
    public double RecallAt(int k) => _recall[IndexOf(k)];

    /// <summary>Mean NDCG@<paramref name="k"/> (a cut-off it was summed at).</summary>
    public double NdcgAt(int k) => _ndcg[IndexOf(k)];

    /// <summary><c>recall@k</c> and <c>ndcg@k</c> for each cut-off (k ascending, recall before NDCG), rounded to
    /// <paramref name="digits"/> decimals.</summary>
    public List<KeyValuePair<string, double>> Named(int digits = 4)
    {
        var list = new List<KeyValuePair<string, double>>(2 * _cutoffs.Length);
        for (int c = 0; c < _cutoffs.Length; c++)
        {
            list.Add(new($"recall@{_cutoffs[c]}", Math.Round(_recall[c], digits)));
            list.Add(new($"ndcg@{_cutoffs[c]}", Math.Round(_ndcg[c], digits)));
        }
        return list;
    }

    private int IndexOf(int k)
    {
        int i = Array.IndexOf(_cutoffs, k);
        return i >= 0 ? i : throw new ArgumentOutOfRangeException(nameof(k), $"No metrics at cut-off {k}; summed at {string.Join(", ", _cutoffs)}.");
    }
}
