using BundleForge.Data;

namespace BundleForge.Bundles.Engine;

/// <summary>Ranks a shop's predefined bundles for a user. A bundle's score is the user's mean affinity to its items,
/// where affinity counts the user's own item interactions (weight 1) and the items of bundles the user took in
/// training (weight <see cref="BundleItemWeight"/>), plus the share of the bundle's other takers whose bundles
/// overlap the user's (bundle–bundle co-occurrence through shared items, weight <see cref="CooccurrenceWeight"/>), and
/// a small popularity prior so users without overlap still get the most taken bundles first.</summary>
public sealed class PredefinedBundleRanker
{
    private readonly BundleCatalog _bundles;
    private readonly int[] _userItemOffsets;
    private readonly int[] _userItems;
    private readonly List<int>[] _trainBundles;
    private readonly float[] _popularity;
    private readonly int[][] _itemBundles;

    public float BundleItemWeight { get; init; } = 0.5f;
    public float CooccurrenceWeight { get; init; } = 0.3f;
    public float PopularityWeight { get; init; } = 0.01f;

    public PredefinedBundleRanker(Dataset data)
    {
        _bundles = data.Bundles ?? throw new DataException("the dataset has no predefined bundles (use the crosscbr format)", field: "--data");
        int users = data.Users.Count, items = data.Items.Count;
        var seq = data.Sequences;
        _userItemOffsets = seq.Offsets;
        _userItems = seq.Items;
        _trainBundles = new List<int>[users];
        for (int u = 0; u < users; u++)
            _trainBundles[u] = [];
        var count = new int[_bundles.Count];
        foreach (var (u, b) in _bundles.Train)
        {
            if ((uint)u < (uint)users)
                _trainBundles[u].Add(b);
            count[b]++;
        }
        int max = Math.Max(1, count.Max());
        _popularity = count.Select(c => MathF.Log(1 + c) / MathF.Log(1 + max)).ToArray();
        var lists = new List<int>[items];
        for (int i = 0; i < items; i++)
            lists[i] = [];
        for (int b = 0; b < _bundles.Count; b++)
            foreach (int i in _bundles[b])
                if ((uint)i < (uint)items)
                    lists[i].Add(b);
        _itemBundles = lists.Select(l => l.ToArray()).ToArray();
        ItemCount = items;
    }

    public int ItemCount { get; }

    /// <summary>Scores of every bundle for <paramref name="user"/>.</summary>
    public float[] Scores(int user)
    {
        var affinity = new Dictionary<int, float>();
        for (int k = _userItemOffsets[user]; k < _userItemOffsets[user + 1]; k++)
            affinity[_userItems[k]] = 1f;
        foreach (int b in _trainBundles[user])
            foreach (int i in _bundles[b])
            {
                affinity.TryGetValue(i, out float a);
                affinity[i] = Math.Max(a, BundleItemWeight);
            }
        var scores = new float[_bundles.Count];
        // Items shared with other bundles carry the user's affinity over to those bundles.
        var via = new float[_bundles.Count];
        foreach (var (i, a) in affinity)
            if ((uint)i < (uint)ItemCount)
                foreach (int b in _itemBundles[i])
                    via[b] += a;
        for (int b = 0; b < scores.Length; b++)
        {
            int size = _bundles.Offsets[b + 1] - _bundles.Offsets[b];
            float mean = size > 0 ? via[b] / size : 0;
            scores[b] = mean + CooccurrenceWeight * MathF.Min(1, via[b]) + PopularityWeight * _popularity[b];
        }
        return scores;
    }

    /// <summary>The top <paramref name="k"/> bundles for a user, skipping bundles in <paramref name="exclude"/>.</summary>
    public int[] Rank(int user, int k, ISet<int>? exclude = null)
    {
        var s = Scores(user);
        var order = Enumerable.Range(0, s.Length).Where(b => exclude is null || !exclude.Contains(b)).ToArray();
        Array.Sort(order, (a, b) => { int c = s[b].CompareTo(s[a]); return c != 0 ? c : a.CompareTo(b); });
        return order.Take(k).ToArray();
    }

    /// <summary>Recall@k and NDCG@k over users with test bundles; training and tuning bundles are excluded from each
    /// user's ranking (as in CrossCBR's protocol). With <paramref name="popularityOnly"/> the ranking is the
    /// popularity baseline.</summary>
    public (double Recall, double Ndcg, int Users) Evaluate(int k, bool popularityOnly = false)
    {
        var test = new Dictionary<int, HashSet<int>>();
        foreach (var (u, b) in _bundles.Test)
        { if (!test.TryGetValue(u, out var s)) test[u] = s = []; s.Add(b); }
        var seen = new Dictionary<int, HashSet<int>>();
        foreach (var (u, b) in _bundles.Train.Concat(_bundles.Tune))
        { if (!seen.TryGetValue(u, out var s)) seen[u] = s = []; s.Add(b); }
        var users = test.Keys.Where(u => (uint)u < (uint)_trainBundles.Length).Order().ToArray();
        var recall = new double[users.Length];
        var ndcg = new double[users.Length];
        Parallel.For(0, users.Length, x =>
        {
            int u = users[x];
            var truth = test[u];
            seen.TryGetValue(u, out var exclude);
            if (exclude is not null)
            { exclude = new HashSet<int>(exclude); exclude.ExceptWith(truth); }
            int[] ranked = popularityOnly ? RankByPopularity(k, exclude) : Rank(u, k, exclude);
            double dcg = 0, idcg = 0;
            int hits = 0;
            for (int r = 0; r < ranked.Length; r++)
                if (truth.Contains(ranked[r]))
                { hits++; dcg += 1 / Math.Log2(r + 2); }
            for (int r = 0; r < Math.Min(k, truth.Count); r++)
                idcg += 1 / Math.Log2(r + 2);
            recall[x] = (double)hits / truth.Count;
            ndcg[x] = idcg > 0 ? dcg / idcg : 0;
        });
        return (users.Length > 0 ? recall.Average() : 0, users.Length > 0 ? ndcg.Average() : 0, users.Length);
    }

    private int[] RankByPopularity(int k, ISet<int>? exclude)
    {
        var order = Enumerable.Range(0, _popularity.Length).Where(b => exclude is null || !exclude.Contains(b)).ToArray();
        Array.Sort(order, (a, b) => { int c = _popularity[b].CompareTo(_popularity[a]); return c != 0 ? c : a.CompareTo(b); });
        return order.Take(k).ToArray();
    }
}
