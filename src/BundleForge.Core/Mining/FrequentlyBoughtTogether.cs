namespace BundleForge.Mining;

/// <summary>Ranks the items that complete a cart from the precomputed <see cref="CooccurrenceTable"/>. Each cart item
/// (anchor) contributes its positive <see cref="FbtScoring"/> score for a candidate; the cart score is the sum, so a
/// candidate that complements several cart items outranks one that complements a single item equally well. Cart
/// items are never suggested. Relaxed mode appends fallback results after the observed ones.</summary>
public sealed class FrequentlyBoughtTogether
{
    private readonly CooccurrenceTable _table;
    private readonly FbtScoring _scoring;
    private readonly IReadOnlyList<IFbtFallback> _fallbacks;

    public FrequentlyBoughtTogether(CooccurrenceTable table, FbtScoring? scoring = null, IReadOnlyList<IFbtFallback>? fallbacks = null)
    {
        _table = table;
        _scoring = scoring ?? new FbtScoring();
        _scoring.Validate();
        _fallbacks = fallbacks ?? [new PopularityFallback(table.ItemCounts)];
    }

    /// <summary>Up to <paramref name="k"/> items for a cart, best first.</summary>
    public List<FbtRecommendation> Recommend(ReadOnlySpan<int> cart, int k, FbtMode mode)
    {
        if (k < 1)
            throw new DataException($"-k must be at least 1 (got {k}).", field: "k");
        if (cart.IsEmpty)
            throw new DataException("Give at least one item.", field: "item");
        var inCart = new HashSet<int>();
        foreach (int a in cart)
        {
            if ((uint)a >= (uint)_table.ItemCount)
                throw new ArgumentOutOfRangeException(nameof(cart), $"Item {a} is outside the table.");
            inCart.Add(a);
        }

        int n = _table.Transactions;
        var evidence = new Dictionary<int, Evidence>();
        foreach (int a in inCart)
        {
            int na = _table.ItemCounts[a];
            var partners = _table.NeighborsOf(a);
            var pairCounts = _table.PairCountsOf(a);
            for (int j = 0; j < partners.Length; j++)
            {
                int b = partners[j], nab = pairCounts[j];
                if (inCart.Contains(b) || nab < _scoring.MinCoPurchases)
                    continue;
                int nb = _table.ItemCounts[b];
                double s = _scoring.Score(nab, na, nb, n);
                evidence.TryGetValue(b, out var e);
                e.CoPurchases += nab;
                if (s > 0)
                {
                    e.Score += s;
                    e.Supporting++;
                    if (s > e.BestScore)
                    {
                        e.BestScore = s;
                        e.Anchor = a;
                        e.Confidence = (double)nab / na;
                        e.Lift = (double)nab * n / ((double)na * nb);
                    }
                }
                evidence[b] = e;
            }
        }

        var results = new List<FbtRecommendation>(evidence.Count);
        foreach (var (b, e) in evidence)
            if (e.Score > 0)
                results.Add(new FbtRecommendation(b, e.Score, FbtRecommendation.CoPurchaseSource, e.CoPurchases, e.Confidence, e.Lift, e.Anchor, e.Supporting));
        results.Sort((x, y) =>
        {
            int c = y.Score.CompareTo(x.Score);
            if (c != 0)
                return c;
            c = y.CoPurchases.CompareTo(x.CoPurchases);
            return c != 0 ? c : x.Item.CompareTo(y.Item);
        });
        if (results.Count > k)
            results.RemoveRange(k, results.Count - k);

        if (mode == FbtMode.Relaxed && results.Count < k)
        {
            var exclude = new HashSet<int>(inCart);
            foreach (var r in results)
                exclude.Add(r.Item);
            foreach (var fallback in _fallbacks)
            {
                if (results.Count >= k)
                    break;
                int before = results.Count;
                fallback.Suggest(cart, k - results.Count, exclude, results);
                for (int i = before; i < results.Count; i++)
                    exclude.Add(results[i].Item);
            }
            if (results.Count > k)
                results.RemoveRange(k, results.Count - k);
        }
        return results;
    }

    private struct Evidence
    {
        public double Score;
        public double BestScore;
        public int CoPurchases;
        public int Supporting;
        public int Anchor;
        public double Confidence;
        public double Lift;
    }
}
