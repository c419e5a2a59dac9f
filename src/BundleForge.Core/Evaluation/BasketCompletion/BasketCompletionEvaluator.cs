using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Evaluation.Metrics;

namespace BundleForge.Evaluation.BasketCompletion;

/// <summary>Metrics of one scorer on the basket-completion queries: overall and split by target popularity.</summary>
public sealed record BasketCompletionResult(string Scorer, Dictionary<string, double> All, Dictionary<string, double> Head, Dictionary<string, double> Tail);

/// <summary>Basket completion: hide one random item of each held-out basket (≥ 2 items) and rank ALL catalog items
/// from the rest, the visible items excluded; ties rank by ascending item id. Head targets are the most popular
/// training items that together make up half of the training purchases; the rest is the tail.</summary>
public sealed class BasketCompletionEvaluator
{
    private readonly BasketCompletionQuery[] _queries;
    private readonly bool[] _head;
    private readonly int _itemCount;
    private readonly int _k;

    public BasketCompletionEvaluator(BasketCompletionQuery[] queries, bool[] headItems, int k = 10)
    {
        _queries = queries;
        _head = headItems;
        _itemCount = headItems.Length;
        _k = k;
    }

    public IReadOnlyList<BasketCompletionQuery> Queries => _queries;

    /// <summary>One query per held-out basket with at least two items; the hidden item is drawn with <paramref name="seed"/>.</summary>
    public static BasketCompletionQuery[] CreateQueries(BasketSet heldOut, int seed)
    {
        var random = new SeededRandom(seed);
        var queries = new List<BasketCompletionQuery>();
        for (int b = 0; b < heldOut.Count; b++)
        {
            var items = heldOut[b];
            if (items.Length < 2)
                continue;
            int hide = random.NextInt(items.Length);
            var visible = new int[items.Length - 1];
            for (int i = 0, j = 0; i < items.Length; i++)
                if (i != hide)
                    visible[j++] = items[i];
            queries.Add(new BasketCompletionQuery(visible, items[hide]));
        }
        return queries.ToArray();
    }

    /// <summary>Marks the head: most-bought items covering half of all training purchases.</summary>
    public static bool[] HeadItems(ReadOnlySpan<int> trainingCounts)
    {
        var order = new int[trainingCounts.Length];
        for (int i = 0; i < order.Length; i++)
            order[i] = i;
        var counts = trainingCounts.ToArray();
        Array.Sort(order, (a, b) => counts[b] != counts[a] ? counts[b].CompareTo(counts[a]) : a.CompareTo(b));
        long total = 0;
        foreach (var c in counts)
            total += c;
        var head = new bool[counts.Length];
        long covered = 0;
        foreach (var i in order)
        {
            if (covered * 2 >= total || counts[i] == 0)
                break;
            head[i] = true;
            covered += counts[i];
        }
        return head;
    }

    public BasketCompletionResult Evaluate(IBasketCompletionScorer scorer)
    {
        var ranks = new int[_queries.Length];
        var tops = new int[_queries.Length][];
        Parallel.For(0, _queries.Length, () => new float[_itemCount], (q, _, scores) =>
        {
            var query = _queries[q];
            scorer.Score(query.Visible, scores);
            foreach (var v in query.Visible)
                if ((uint)v < (uint)_itemCount)
                    scores[v] = float.NegativeInfinity;
            ranks[q] = RankOf(scores, query.Target);
            var heap = new TopKHeap(_k);
            for (int i = 0; i < scores.Length; i++)
                if (scores[i] > heap.Threshold)
                    heap.Add(i, scores[i]);
            var top = heap.ToSortedArray();
            tops[q] = new int[top.Length];
            for (int i = 0; i < top.Length; i++)
                tops[q][i] = top[i].Id;
            return scores;
        }, _ => { });
        var all = new RankingAccumulator(_itemCount, _k);
        var head = new RankingAccumulator(_itemCount, _k);
        var tail = new RankingAccumulator(_itemCount, _k);
        for (int q = 0; q < _queries.Length; q++)
        {
            all.Add(ranks[q], tops[q]);
            int t = _queries[q].Target;
            ((uint)t < (uint)_itemCount && _head[t] ? head : tail).Add(ranks[q], tops[q]);
        }
        return new BasketCompletionResult(scorer.Name, Rounded(all), Rounded(head), Rounded(tail));
    }

    private static Dictionary<string, double> Rounded(RankingAccumulator metrics) => metrics.ToMetrics().ToDictionary("queries", digits: 5);

    /// <summary>0-based rank of the target; -1 when it is not in the catalog or was excluded.</summary>
    private static int RankOf(ReadOnlySpan<float> scores, int target)
    {
        if ((uint)target >= (uint)scores.Length)
            return -1;
        float s = scores[target];
        if (float.IsNegativeInfinity(s) || float.IsNaN(s))
            return -1;
        int rank = 0;
        for (int i = 0; i < scores.Length; i++)
            if (scores[i] > s || (scores[i] == s && i < target))
                rank++;
        return rank;
    }
}
