using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Strategy;
using BundleForge.Data;

namespace BundleForge.Bundles.Composition;

/// <summary>Composes bundles by beam search over item sets. A bundle grows one item at a time from a seed (the anchor
/// item, or the most relevant candidates); each added item must complement at least one member, may not be a
/// substitute of any member and must respect the strategy's category, stock and block rules (for a cold visitor, whom
/// nothing personal describes, it must also be bought with a member significantly more often than chance,
/// <see cref="CoPurchaseSignificance"/>); a new product (proposed
/// from its text, <see cref="EvidenceKind.NewProduct"/>) joins under the same rules, at most
/// <see cref="ComposerOptions.MaxNewItemsPerBundle"/> per bundle. Bundles are scored by
/// w_r·mean relevance + w_c·mean pairwise complementarity + w_m·margin headroom (+ an overstock bonus); every bundle
/// of an allowed size whose list margin meets the floor is a finalist, and the answer is picked from the finalists
/// with maximal marginal relevance (MMR on item Jaccard overlap) so the bundles of one answer differ.</summary>
public sealed class BundleComposer
{
    private readonly ItemCatalog _catalog;
    private readonly IPairScorer _pairs;
    private readonly MarketStrategy _strategy;
    private readonly ComposerOptions _options;
    private readonly int[] _categoryKey;
    private readonly ulong[] _ruleMask;
    /// <summary>Per item, the rule categories it may not meet (forbidden pairs) and, when allowed pairs are given, the
    /// ones it may meet: a pair check is then one mask test, whatever the number of pair rules.</summary>
    private readonly ulong[] _forbiddenWith, _allowedWith;
    private readonly bool[] _excluded;
    private readonly float[] _boost;
    private readonly bool[] _overstocked;
    private readonly bool _hasAllowed;
    /// <summary>Each item's product (<see cref="ProductVariants"/>), or null when the strategy allows quantity bundles.</summary>
    private readonly int[]? _product;

    public BundleComposer(ItemCatalog catalog, IPairScorer pairs, MarketStrategy strategy, ComposerOptions? options = null)
    {
        _catalog = catalog;
        _pairs = pairs;
        _strategy = strategy;
        _options = options ?? new ComposerOptions();
        int n = catalog.Count;

        // Category prefixes used by pair rules become bits, and each item gets the masks of the categories it may not
        // (or may) meet, so a pair check is one mask test however many rules there are. The prefixes are found with a
        // dictionary, not a list search, so a strategy built in code with 100,000 pairs is refused in linear time
        // (MarketStrategy.Parse refuses it earlier, at its limits).
        var prefixes = new List<string>();
        var prefixIds = new Dictionary<string, int>(StringComparer.Ordinal);
        int Prefix(string p)
        {
            if (!prefixIds.TryGetValue(p, out int k))
            {
                if (prefixes.Count == MarketStrategy.MaxPairCategories)
                    throw new DataException($"at most {MarketStrategy.MaxPairCategories} distinct categories may appear in category pair rules", field: "categories");
                prefixIds[p] = k = prefixes.Count;
                prefixes.Add(p);
            }
            return k;
        }
        // partners[x]: the categories that a pair rule joins with category x, in either order.
        var forbiddenPartners = new ulong[MarketStrategy.MaxPairCategories];
        var allowedPartners = new ulong[MarketStrategy.MaxPairCategories];
        foreach (var (a, b) in strategy.ForbiddenCategoryPairs)
        {
            int x = Prefix(a), y = Prefix(b);
            forbiddenPartners[x] |= 1UL << y;
            forbiddenPartners[y] |= 1UL << x;
        }
        foreach (var (a, b) in strategy.AllowedCategoryPairs)
        {
            int x = Prefix(a), y = Prefix(b);
            allowedPartners[x] |= 1UL << y;
            allowedPartners[y] |= 1UL << x;
        }
        _hasAllowed = strategy.AllowedCategoryPairs.Count > 0;
        _product = strategy.QuantityBundles ? null : ProductVariants.Of(catalog).Products.ToArray();

        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var unavailable = strategy.UnavailableItems(catalog);
        _categoryKey = new int[n];
        _ruleMask = new ulong[n];
        _forbiddenWith = new ulong[n];
        _allowedWith = new ulong[n];
        _excluded = new bool[n];
        _boost = new float[n];
        _overstocked = new bool[n];
        for (int i = 0; i < n; i++)
        {
            string category = catalog.Categories[i] ?? "";
            string key = CategoryPath.Truncate(category, strategy.CategoryLevel);
            if (key.Length == 0)
                _categoryKey[i] = -1;
            else
            { if (!keys.TryGetValue(key, out int id)) keys[key] = id = keys.Count; _categoryKey[i] = id; }
            ulong mask = 0;
            for (int p = 0; p < prefixes.Count; p++)
                if (CategoryPath.IsUnder(category, prefixes[p]))
                    mask |= 1UL << p;
            _ruleMask[i] = mask;
            for (ulong m = mask; m != 0; m &= m - 1)
            {
                int p = System.Numerics.BitOperations.TrailingZeroCount(m);
                _forbiddenWith[i] |= forbiddenPartners[p];
                _allowedWith[i] |= allowedPartners[p];
            }

            int stock = catalog.Stock[i];
            bool unpriced = !(catalog.Price[i] > 0) || !(catalog.Cost[i] >= 0);
            _excluded[i] = unavailable[i] || unpriced;
            _overstocked[i] = strategy.OverstockUnits > 0 && stock >= strategy.OverstockUnits;

            double boost = strategy.ItemBoosts.TryGetValue(catalog.Ids[i], out var b) ? b : 1;
            foreach (var (prefix, f) in strategy.CategoryBoosts)
                if (CategoryPath.IsUnder(category, prefix))
                    boost *= f;
            _boost[i] = (float)boost;
        }
    }

    /// <summary>True when the item may appear in a bundle at all under the strategy.</summary>
    public bool IsEligible(int item) => !_excluded[item];

    private struct State
    {
        public int[] Items;
        public float RelevanceSum;
        public float ComplementSum;
        public float ConfidenceSum;
        public int PairCount;
        /// <summary>New products among the items (at most <see cref="ComposerOptions.MaxNewItemsPerBundle"/>).</summary>
        public int NewCount;
        public double List;
        public double Cost;
        public bool Overstock;
        public float Score;
        public ulong Key;
    }

    /// <summary>A candidate extension of a beam state by one item, kept small so that tens of thousands per request
    /// cost no allocations; only the best are materialised as states.</summary>
    private struct Extension
    {
        public int Parent;
        public int Item;
        public float RelevanceSum, ComplementSum, ConfidenceSum;
        public int PairCount, NewCount;
        public double List, Cost;
        public bool Overstock;
        public float Score;
        public ulong Key;
    }

    /// <summary>Up to <paramref name="count"/> diverse bundles for <paramref name="user"/> from <paramref name="pool"/>.
    /// When <paramref name="meter"/>'s time runs out, the search stops after the current bundle size once it has a
    /// bundle to offer (and records the sizes it left out).</summary>
    public IReadOnlyList<ComposedBundle> Compose(UserContext user, CandidatePool pool, int count, BudgetMeter? meter = null)
    {
        var o = _options;
        var s = _strategy;
        // A visitor's live purchases are personal signals too (the sources use them), even before the shop knows them.
        bool personal = user.IsKnown || user.History.Length > 0 || user.Anchor >= 0 || user.Cart.Length > 0;
        // A cold visitor's bundle rests on its pairs alone ("best sellers that go together"): each added item must be
        // bought with a member significantly more often than chance, not merely complement it.
        bool needsSignificantPair = !personal;
        // Relevance per candidate after boosts, dropping ineligible and already-owned items (repeat purchases stay).
        var owned = new Dictionary<int, int>();
        foreach (int i in user.History)
            owned[i] = owned.GetValueOrDefault(i) + 1;
        var ranked = new List<int>(pool.Count + 1);
        var relevance = new List<float>(pool.Count + 1);
        var fresh = new HashSet<int>();
        var poolIndex = new Dictionary<int, int>(pool.Count + 1);
        if (user.Anchor >= 0)
        {
            if ((uint)user.Anchor >= (uint)_catalog.Count)
                throw new DataException($"unknown item index {user.Anchor}", field: "item");
            if (_excluded[user.Anchor])
                return [];
        }
        // Without quantity bundles, what the customer already has in hand never fills a bundle: the cart's items and
        // every variant of them and of the anchor (one product twice is a quantity deal, not a bundle).
        var heldProducts = HeldProducts(user);
        for (int k = 0; k < pool.Count; k++)
        {
            int i = pool.Items[k];
            if ((uint)i >= (uint)_catalog.Count || _excluded[i] || i == user.Anchor || poolIndex.ContainsKey(i))
                continue;
            if (heldProducts.Length > 0 && (Array.IndexOf(user.Cart, i) >= 0 || Array.IndexOf(heldProducts, _product![i]) >= 0))
                continue;
            if (owned.GetValueOrDefault(i) == 1)
                continue;
            float r = pool.Relevance[k] * _boost[i];
            if (!(r > 0))
                continue;
            poolIndex[i] = k;
            if (pool.Evidence[k].Kind == EvidenceKind.NewProduct)
            {
                // New products have no sales to vouch for them: none at all when the options allow none.
                if (o.MaxNewItemsPerBundle <= 0)
                    continue;
                fresh.Add(i);
            }
            // A new product another source proposed (item2vec's cold-start vectors) has not cleared the new-product bar
            // (text closeness to the customer's items): it stays out, so every new product in a bundle is one that did.
            else if (_pairs.IsNewProduct(i))
                continue;
            ranked.Add(i);
            relevance.Add(r);
        }
        if (user.Anchor >= 0)
        {
            ranked.Add(user.Anchor);
            relevance.Add(float.MaxValue);
        }
        if (ranked.Count < 2)
            return [];
        var items = ranked.ToArray();
        var rel = relevance.ToArray();
        var order = new float[rel.Length];
        for (int k = 0; k < rel.Length; k++)
            order[k] = -rel[k];
        Array.Sort(order, items);
        var isNew = new bool[items.Length];
        if (fresh.Count > 0)
            for (int k = 0; k < items.Length; k++)
                isNew[k] = fresh.Contains(items[k]);
        float maxRel = 0;
        for (int k = 0; k < items.Length; k++)
        { rel[k] = -order[k]; if (items[k] != user.Anchor) maxRel = Math.Max(maxRel, rel[k]); }
        for (int k = 0; k < rel.Length; k++)
            rel[k] = items[k] == user.Anchor ? 1f : maxRel > 0 ? rel[k] / maxRel : 0;

        var beam = new List<State>();
        if (user.Anchor >= 0)
            beam.Add(Seed(user.Anchor, 1f));
        else
            for (int k = 0; k < Math.Min(o.Seeds, items.Length); k++)
                beam.Add(Seed(items[k], rel[k], isNew[k]));

        var finals = new List<State>();
        var seen = new HashSet<ulong>();
        // Pair evidence of each member with the candidates it may be extended by, one row per member and request: a
        // member appears in many partial bundles, and a row is far cheaper than pair-by-pair scoring.
        var rows = new Dictionary<int, PairEvidence[]>();
        PairEvidence[] RowOf(int member, int length)
        {
            if (rows.TryGetValue(member, out var row) && row.Length >= length)
                return row;
            row = new PairEvidence[length];
            _pairs.ScoreRow(member, items.AsSpan(0, length), row);
            rows[member] = row;
            return row;
        }
        int keptPerSize = Math.Max(o.KeptPerSize, o.BeamWidth);
        var heap = new PriorityQueue<Extension, float>(keptPerSize + 1);
        for (int size = 2; size <= s.MaxBundleSize && beam.Count > 0; size++)
        {
            heap.Clear();
            // Few partial bundles (an anchor, a thin pool) can afford to look further down the candidate list.
            int reach = Math.Min(items.Length, Math.Max(o.ExpansionPool, o.ExtensionBudget / beam.Count));
            for (int si = 0; si < beam.Count; si++)
            {
                var st = beam[si];
                var memberRows = new PairEvidence[st.Items.Length][];
                for (int mi = 0; mi < st.Items.Length; mi++)
                    memberRows[mi] = RowOf(st.Items[mi], reach);
                for (int xi = 0; xi < reach; xi++)
                {
                    int x = items[xi];
                    if (Array.IndexOf(st.Items, x) >= 0 || (isNew[xi] && st.NewCount >= o.MaxNewItemsPerBundle))
                        continue;
                    ulong key = st.Key + Mix(x);
                    if (seen.Contains(key))
                        continue;
                    float comp = 0, conf = 0, bestComp = 0;
                    bool ok = true, significant = !needsSignificantPair;
                    for (int mi = 0; mi < st.Items.Length; mi++)
                    {
                        int m = st.Items[mi];
                        if (!PairAllowed(m, x))
                        { ok = false; break; }
                        var e = memberRows[mi][xi];
                        if (e.Substitutability >= o.SubstituteThreshold)
                        { ok = false; break; }
                        comp += e.Complementarity;
                        conf += e.Confidence;
                        bestComp = Math.Max(bestComp, e.Complementarity);
                        significant = significant || CoPurchaseSignificance.IsSignificant(e);
                    }
                    if (!ok || bestComp <= 0 || !significant)
                        continue;
                    var ext = new Extension
                    {
                        Parent = si,
                        Item = x,
                        RelevanceSum = st.RelevanceSum + rel[xi],
                        ComplementSum = st.ComplementSum + comp,
                        ConfidenceSum = st.ConfidenceSum + conf,
                        PairCount = st.PairCount + st.Items.Length,
                        NewCount = st.NewCount + (isNew[xi] ? 1 : 0),
                        List = st.List + _catalog.Price[x],
                        Cost = st.Cost + _catalog.Cost[x],
                        Overstock = st.Overstock || _overstocked[x],
                        Key = key,
                    };
                    ext.Score = ScoreOf(ext.RelevanceSum / size, ext.PairCount > 0 ? ext.ComplementSum / ext.PairCount : 0, ext.List, ext.Cost, ext.Overstock);
                    if (heap.Count == keptPerSize)
                    {
                        if (!heap.TryPeek(out _, out float worst) || ext.Score <= worst)
                            continue;
                        heap.Dequeue();
                    }
                    seen.Add(key);
                    heap.Enqueue(ext, ext.Score);
                }
            }
            var kept = new List<State>(heap.Count);
            while (heap.TryDequeue(out var ext, out _))
            {
                var parent = beam[ext.Parent];
                var set = new int[parent.Items.Length + 1];
                parent.Items.CopyTo(set, 0);
                set[^1] = ext.Item;
                Array.Sort(set);
                kept.Add(new State
                {
                    Items = set,
                    RelevanceSum = ext.RelevanceSum,
                    ComplementSum = ext.ComplementSum,
                    ConfidenceSum = ext.ConfidenceSum,
                    PairCount = ext.PairCount,
                    NewCount = ext.NewCount,
                    List = ext.List,
                    Cost = ext.Cost,
                    Overstock = ext.Overstock,
                    Score = ext.Score,
                    Key = ext.Key,
                });
            }
            kept.Reverse(); // best first
            if (size >= s.MinBundleSize)
                foreach (var st in kept)
                    if (st.List > 0 && (st.List - st.Cost) / st.List >= s.MarginFloor)
                        finals.Add(st);
            beam = kept.Count > o.BeamWidth ? kept.GetRange(0, o.BeamWidth) : kept;
            if (size < s.MaxBundleSize && beam.Count > 0 && finals.Count > 0 && meter is { Expired: true })
            {
                meter.SizesSkipped(size, s.MaxBundleSize);
                break;
            }
        }
        if (finals.Count == 0)
            return [];
        finals.Sort((a, b) => b.Score.CompareTo(a.Score));
        if (finals.Count > keptPerSize)
            finals.RemoveRange(keptPerSize, finals.Count - keptPerSize);

        var picked = SelectDiverse(finals, count);
        var result = new List<ComposedBundle>(picked.Count);
        foreach (var st in picked)
        {
            var pairs = new List<(int, int, PairEvidence)>();
            for (int a = 0; a < st.Items.Length; a++)
                for (int b = a + 1; b < st.Items.Length; b++)
                    pairs.Add((st.Items[a], st.Items[b], _pairs.Score(st.Items[a], st.Items[b])));
            var sources = new (string, SignalEvidence)[st.Items.Length];
            var marked = new bool[st.Items.Length];
            bool anyPersonal = false;
            for (int k = 0; k < st.Items.Length; k++)
            {
                int i = st.Items[k];
                if (i == user.Anchor)
                { sources[k] = ("anchor", SignalEvidence.None); anyPersonal = true; continue; }
                int pk = poolIndex[i];
                sources[k] = (pool.Source[pk], pool.Evidence[pk]);
                marked[k] = pool.Evidence[pk].Kind == EvidenceKind.NewProduct || _pairs.IsNewProduct(i);
                anyPersonal |= pool.Personal[pk];
            }
            result.Add(new ComposedBundle
            {
                Items = st.Items,
                Score = st.Score,
                Relevance = st.RelevanceSum / st.Items.Length,
                Complementarity = st.PairCount > 0 ? st.ComplementSum / st.PairCount : 0,
                Propensity = st.PairCount > 0 ? st.ConfidenceSum / st.PairCount : 0,
                ListPrice = st.List,
                Cost = st.Cost,
                HasOverstockedItem = st.Overstock,
                Pairs = pairs.ToArray(),
                ItemSources = sources,
                New = marked,
                Personalised = personal && anyPersonal,
            });
        }
        return result;

        State Seed(int i, float r, bool fresh = false) => new()
        {
            Items = [i],
            RelevanceSum = r,
            NewCount = fresh ? 1 : 0,
            List = _catalog.Price[i],
            Cost = _catalog.Cost[i],
            Overstock = _overstocked[i],
            Key = Mix(i),
        };
    }

    /// <summary>Order-independent set hashing: a set's key is the sum of its members' mixed ids, so extending a set
    /// updates the key in O(1) without sorting.</summary>
    private static ulong Mix(int item)
    {
        ulong z = (ulong)(uint)item + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private float ScoreOf(float relevance, float comp, double list, double cost, bool overstock)
    {
        var o = _options;
        double margin = list > 0 ? (list - cost) / list : 0;
        float headroom = (float)Math.Clamp((margin - _strategy.MarginFloor) / Math.Max(1e-6, 1 - _strategy.MarginFloor), 0, 1);
        return o.RelevanceWeight * relevance + o.ComplementWeight * comp + o.MarginWeight * headroom + (overstock ? o.OverstockBonus : 0);
    }

    /// <summary>The products of the anchor and the cart items (empty with quantity bundles allowed, or neither given).</summary>
    private int[] HeldProducts(UserContext user)
    {
        if (_product is null || (user.Anchor < 0 && user.Cart.Length == 0))
            return [];
        var held = new int[user.Cart.Length + (user.Anchor >= 0 ? 1 : 0)];
        int k = 0;
        if (user.Anchor >= 0)
            held[k++] = _product[user.Anchor];
        foreach (int c in user.Cart)
            held[k++] = (uint)c < (uint)_product.Length ? _product[c] : -1;
        return held;
    }

    /// <summary>The pair rules: a forbidden pair matches when a holds category x and b category y of a rule (either
    /// way round), which is exactly when one of b's categories is a partner of one of a's. Two variants of one product
    /// never meet unless the strategy allows quantity bundles.</summary>
    private bool PairAllowed(int a, int b)
    {
        if (_product is not null && _product[a] == _product[b])
            return false;
        if (_strategy.OnePerCategory && _categoryKey[a] >= 0 && _categoryKey[a] == _categoryKey[b])
            return false;
        ulong mb = _ruleMask[b];
        if ((_forbiddenWith[a] & mb) != 0)
            return false;
        return !_hasAllowed || (_allowedWith[a] & mb) != 0;
    }

    /// <summary>Up to <paramref name="count"/> finalists by MMR. The bundles of one answer are offered together, so
    /// without quantity bundles no two of them hold different variants of one product (the red bottle in one offer, the
    /// blue in the next): a finalist holding another variant of a picked bundle's product is passed over.</summary>
    private List<State> SelectDiverse(List<State> finals, int count)
    {
        float lambda = _options.DiversityLambda;
        float top = Math.Max(1e-6f, finals[0].Score);
        var picked = new List<State>(count);
        var taken = new bool[finals.Count];
        // The item the picked bundles hold of each product.
        var heldAs = _product is null ? null : new Dictionary<int, int>();
        while (picked.Count < count)
        {
            int best = -1;
            float bestValue = float.NegativeInfinity;
            for (int k = 0; k < finals.Count; k++)
            {
                if (taken[k])
                    continue;
                if (heldAs is not null && HoldsOtherVariant(finals[k].Items, heldAs))
                {
                    taken[k] = true; // the picked set only grows: it stays out
                    continue;
                }
                float overlap = 0;
                foreach (var p in picked)
                    overlap = Math.Max(overlap, Jaccard(finals[k].Items, p.Items));
                if (overlap >= 1)
                    continue;
                float value = lambda * finals[k].Score / top - (1 - lambda) * overlap;
                if (value > bestValue)
                { bestValue = value; best = k; }
            }
            if (best < 0)
                break;
            taken[best] = true;
            picked.Add(finals[best]);
            if (heldAs is not null)
                foreach (int i in finals[best].Items)
                    heldAs[_product![i]] = i;
        }
        return picked;
    }

    private bool HoldsOtherVariant(int[] items, Dictionary<int, int> heldAs)
    {
        foreach (int i in items)
            if (heldAs.TryGetValue(_product![i], out int held) && held != i)
                return true;
        return false;
    }

    private static float Jaccard(int[] a, int[] b)
    {
        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            { common++; i++; j++; }
            else if (a[i] < b[j])
                i++;
            else
                j++;
        }
        return (float)common / (a.Length + b.Length - common);
    }
}
