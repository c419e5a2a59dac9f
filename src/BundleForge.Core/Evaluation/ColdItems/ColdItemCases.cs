using BundleForge.Data;
using BundleForge.Splits;

namespace BundleForge.Evaluation.ColdItems;

/// <summary>The cases of a cold-item period: candidates are the items never in an order before the split's cut that
/// have a title; a case is a customer whose first order in the period holds some of them (the targets), with their
/// history before the cut (item, orders holding it).</summary>
public sealed class ColdItemCases
{
    private ColdItemCases(List<int> candidates, bool[] isCandidate, List<(int Item, float Weight)[]> histories, List<int[]> targets)
    {
        Candidates = candidates;
        IsCandidate = isCandidate;
        Histories = histories;
        Targets = targets;
    }

    /// <summary>Items never sold before the cut that have a title, ascending.</summary>
    public IReadOnlyList<int> Candidates { get; }
    /// <summary>Per item: is it a candidate.</summary>
    public bool[] IsCandidate { get; }
    /// <summary>Per case: the customer's items before the cut with the number of orders holding each.</summary>
    public IReadOnlyList<(int Item, float Weight)[]> Histories { get; }
    /// <summary>Per case: the candidates of the customer's first order in the period, ascending.</summary>
    public IReadOnlyList<int[]> Targets { get; }
    /// <summary>Cases.</summary>
    public int Count => Targets.Count;

    /// <summary>The cases of <paramref name="split"/> (its period: <see cref="NextBasketSplit.Cut"/> to its end).</summary>
    public static ColdItemCases From(NextBasketSplit split, ItemCatalog items)
    {
        int n = items.Count;
        var sold = new bool[n];
        var baskets = split.Baskets;
        for (int b = 0; b < baskets.Count; b++)
            if (baskets.Time[b] < split.Cut)
                foreach (var i in baskets[b])
                    sold[i] = true;
        var candidates = new List<int>();
        var isCandidate = new bool[n];
        for (int i = 0; i < n; i++)
            if (!sold[i] && !string.IsNullOrWhiteSpace(items.Titles[i]))
            {
                candidates.Add(i);
                isCandidate[i] = true;
            }
        var histories = new List<(int, float)[]>();
        var targets = new List<int[]>();
        var weights = new Dictionary<int, int>();
        var found = new List<int>();
        for (int c = 0; c < split.CaseCount; c++)
        {
            found.Clear();
            foreach (var i in split.TargetsOf(c))
                if (isCandidate[i])
                    found.Add(i);
            if (found.Count == 0)
                continue;
            weights.Clear();
            foreach (int b in split.BasketsOf(split.Users[c]))
                foreach (var i in baskets[b])
                    weights[i] = weights.GetValueOrDefault(i) + 1;
            var history = new (int, float)[weights.Count];
            int k = 0;
            foreach (var (i, w) in weights.OrderBy(p => p.Key))
                history[k++] = (i, w);
            histories.Add(history);
            targets.Add([.. found]);
        }
        return new ColdItemCases(candidates, isCandidate, histories, targets);
    }

    /// <summary>Writes the candidates into <paramref name="order"/> best first by <paramref name="scores"/> (one per
    /// candidate, same order), ties by smaller item id; <paramref name="keys"/> is scratch of the same length.</summary>
    public void Rank(ReadOnlySpan<float> scores, int[] order, float[] keys)
    {
        for (int r = 0; r < Candidates.Count; r++)
        {
            order[r] = Candidates[r];
            keys[r] = -scores[r];
        }
        Array.Sort(keys, order);
        // The sort is not stable: keep ties deterministic.
        int start = 0;
        for (int r = 1; r <= keys.Length; r++)
        {
            if (r < keys.Length && keys[r] == keys[start])
                continue;
            if (r - start > 1)
                Array.Sort(order, start, r - start);
            start = r;
        }
    }
}
