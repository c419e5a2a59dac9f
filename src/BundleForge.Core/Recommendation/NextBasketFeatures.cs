using System.Numerics.Tensors;
using BundleForge.Embeddings;

namespace BundleForge.Recommendation;

/// <summary>Proposes the candidates of a next-basket query and computes their features: every item the user bought
/// before, the strongest co-purchase partners of their recent orders, what their nearest customers buy (TIFU-KNN's
/// neighbourhood, when a <see cref="NeighbourScorer"/> is given), the item2vec neighbours of their taste (when vectors
/// are given), the never-bought items whose words are closest to their word profile (when items have words) and the
/// popular items overall and lately. The one place these features are defined: the trainer fits on
/// them, the evaluation and the server rank with them.</summary>
public sealed class NextBasketFeatures(ItemSignals signals, ItemVectors? vectors, NextBasketCandidates limits, NeighbourScorer? neighbours = null,
    ItemWords? words = null)
{
    /// <summary>Feature names, in row order (the manifest lists the learned weight of each).</summary>
    public static readonly string[] Names =
    [
        "owned", "log_orders", "order_share", "decayed_30d", "decayed_365d", "log_days_since", "in_last_order",
        "co_purchase", "popularity", "recent_popularity", "repeat_rate", "owned_x_repeat_rate", "new_x_popularity",
        "new_x_recent_popularity", "owned_x_log_user_orders", "item2vec", "new_x_item2vec", "new_x_co_purchase", "tifu_own", "neighbour",
        "new_x_neighbour", "tifu_knn", "new_x_price_gap", "new_x_popularity_gap", "new_x_item2vec_recent", "new_x_co_purchase_all",
        "new_x_novelty", "new_x_trend", "new_x_title_closest", "new_x_title_profile",
    ];

    /// <summary>Column of the TIFU-KNN score (α × own + (1 − α) × the neighbours' mean, log scale): what the served
    /// TIFU-KNN list is ordered by.</summary>
    public const int TifuKnnFeature = 21;

    /// <summary>Features per candidate.</summary>
    public static int Count => Names.Length;

    /// <summary>Orders counted as "recent" for co-purchase anchors, each older one at half the weight of the next.</summary>
    private const int AnchorOrders = 3;

    /// <summary>Half-life of the item2vec taste vector, in days.</summary>
    private const double TasteHalfLifeDays = 90;

    /// <summary>The signals the features read.</summary>
    public ItemSignals Signals => signals;

    /// <summary>Candidates per source.</summary>
    public NextBasketCandidates Limits => limits;

    /// <summary>The item vectors, when the model has them.</summary>
    public ItemVectors? Vectors => vectors;

    /// <summary>The neighbour signal, when the model has it.</summary>
    public NeighbourScorer? Neighbours => neighbours;

    /// <summary>The words of each item (title words, leaf category, brand); none when the catalog has none.</summary>
    public ItemWords Words { get; } = words ?? ItemWords.None(signals.ItemCount);

    /// <summary>The candidates of a user with <paramref name="history"/> at <paramref name="now"/>, with features.</summary>
    public CandidateSet Build(OrderHistory history, long now)
    {
        var set = new CandidateSet();
        var profile = RepeatProfile.Of(history, now, 30);
        var longProfile = RepeatProfile.Of(history, now, 365);
        foreach (var i in profile.Items)
            set.Add(i, CandidateSource.Repeat);

        // Co-purchase: Σ over anchors (items of the last orders, weight halving per order back) of P(item | anchor).
        var coScore = new Dictionary<int, float>();
        float anchorWeight = 0;
        for (int o = history.Count - 1, back = 0; o >= 0 && back < AnchorOrders; o--, back++)
        {
            float w = MathF.Pow(0.5f, back);
            foreach (var a in history[o])
            {
                if ((uint)a >= (uint)signals.ItemCount)
                    continue;
                anchorWeight += w;
                var partners = signals.PartnersOf(a);
                var p = signals.ProbabilitiesOf(a);
                for (int n = 0; n < partners.Length; n++)
                    coScore[partners[n]] = coScore.GetValueOrDefault(partners[n]) + w * p[n];
            }
        }
        if (anchorWeight > 0)
            foreach (var (item, _) in Top(coScore, limits.CoPurchase))
                set.Add(item, CandidateSource.CoPurchase);

        var own = new Dictionary<int, float>();
        var near = new Dictionary<int, float>();
        float nearShare = neighbours is not null ? neighbours.Score(history, own, near) : 0;
        if (nearShare > 0 && limits.Neighbour > 0)
            foreach (var (item, _) in Top(near, limits.Neighbour))
                set.Add(item, CandidateSource.Neighbour);

        float[]? taste = null;
        if (vectors is not null)
        {
            taste = new float[vectors.Dimensions];
            if (vectors.TasteOf(history, now, TasteHalfLifeDays, taste))
            {
                var heap = new TopKHeap(Math.Max(1, limits.Item2Vec));
                for (int i = 0; i < vectors.ItemCount; i++)
                    if (vectors.Trained[i])
                        heap.Add(i, TensorPrimitives.Dot(vectors.RowOf(i), taste));
                foreach (var n in heap.ToSortedArray())
                    set.Add(n.Id, CandidateSource.Item2Vec);
            }
            else
                taste = null;
        }
        // Title: the explore ranker's strongest signal finds variants of a product line the customer buys, but it can
        // only rank what another source proposed; these are the new items closest to the customer's words.
        var closeness = new WordCloseness(Words, longProfile);
        if (limits.Title > 0 && !closeness.IsEmpty)
        {
            var heap = new TopKHeap(limits.Title);
            closeness.OfferNearest(heap);
            foreach (var n in heap.ToSortedArray())
                set.Add(n.Id, CandidateSource.Title);
        }
        for (int r = 0; r < signals.PopularOrder.Length && r < limits.Popular; r++)
            set.Add(signals.PopularOrder[r], CandidateSource.Popular);
        for (int r = 0; r < signals.RecentOrder.Length && r < limits.Popular; r++)
            set.Add(signals.RecentOrder[r], CandidateSource.Popular);

        set.AllocateFeatures();
        float logUserOrders = MathF.Log(1 + history.Count);
        var (meanLogPrice, meanPopularity) = Bands(profile);
        var coAll = CoPurchaseOfAll(set, longProfile);
        var recentRows = vectors is not null ? RecentRows(history, vectors) : null;
        float novelty = Novelty(history);
        for (int c = 0; c < set.Count; c++)
        {
            int item = set.Items[c];
            var f = set.RowOf(c);
            int r = profile.IndexOf(item);
            bool owned = r >= 0;
            float co = anchorWeight > 0 ? MathF.Log(1 + 100 * coScore.GetValueOrDefault(item) / anchorWeight) : 0;
            float v = taste is not null && vectors!.Trained[item] ? TensorPrimitives.Dot(vectors.RowOf(item), taste) : 0;
            float pop = signals.Popularity[item];
            float recent = signals.RecentPopularity[item];
            float repeat = signals.RepeatRate[item];
            f[0] = owned ? 1 : 0;
            if (owned)
            {
                f[1] = MathF.Log(1 + profile.Orders[r]);
                f[2] = (float)profile.Orders[r] / Math.Max(1, profile.OrderCount);
                f[3] = (float)Math.Log(1 + profile.Decayed[r]);
                f[4] = (float)Math.Log(1 + longProfile.Decayed[r]);
                f[5] = (float)Math.Log(1 + profile.LastAgeDays[r]);
                f[6] = profile.InLastOrder[r] ? 1 : 0;
                f[11] = repeat;
                f[14] = logUserOrders;
            }
            f[7] = co;
            f[8] = pop;
            f[9] = recent;
            f[10] = repeat;
            f[15] = v;
            // The neighbours' mean TIFU value, on a log scale: values are shares of a customer's decayed orders.
            float nb = MathF.Log(1 + 100 * nearShare * near.GetValueOrDefault(item));
            f[18] = owned ? MathF.Log(1 + 100 * own.GetValueOrDefault(item)) : 0;
            f[19] = nb;
            if (neighbours is not null)
            {
                double alpha = neighbours.Settings.Alpha;
                f[TifuKnnFeature] = (float)Math.Log(1 + 100 * (alpha * own.GetValueOrDefault(item) + (1 - alpha) * nearShare * near.GetValueOrDefault(item)));
            }
            if (!owned)
            {
                f[12] = pop;
                f[13] = recent;
                f[16] = v;
                f[17] = co;
                f[20] = nb;
                // Affinities of a never-bought item to what this customer buys: the distance of its price and of its
                // popularity from the customer's usual band, its closeness to their latest items, and co-purchase
                // with everything they ever bought (the recent-order co-purchase above sees only three orders).
                float logPrice = signals.LogPrice[item];
                f[22] = float.IsNaN(logPrice) || float.IsNaN(meanLogPrice) ? 0 : MathF.Abs(logPrice - meanLogPrice);
                f[23] = float.IsNaN(meanPopularity) ? 0 : MathF.Abs(pop - meanPopularity);
                f[24] = recentRows is not null && vectors!.Trained[item] ? MaxDot(recentRows, vectors.RowOf(item), vectors.Dimensions) : 0;
                f[25] = coAll[c];
                f[26] = novelty;
                f[27] = signals.WeekPopularity[item] - recent;
                // Title closeness: a new variant of a product line the customer buys shares its title words (and leaf
                // category, brand) with an item they bought, which neither co-purchase nor item2vec can see for an
                // item few bought. Over everything they bought, not only the last orders (chosen on the fitting period).
                if (!closeness.IsEmpty)
                    (f[28], f[29]) = closeness.Of(item);
            }
        }
        return set;
    }

    /// <summary>The customer's mean log price and mean log popularity over the items they bought, each item weighed by
    /// the orders holding it (NaN when none has a price / no item).</summary>
    private (float LogPrice, float Popularity) Bands(RepeatProfile profile)
    {
        double price = 0, priceWeight = 0, popularity = 0, weight = 0;
        for (int r = 0; r < profile.Items.Length; r++)
        {
            int item = profile.Items[r];
            if ((uint)item >= (uint)signals.ItemCount)
                continue;
            int w = profile.Orders[r];
            popularity += w * signals.Popularity[item];
            weight += w;
            float p = signals.LogPrice[item];
            if (!float.IsNaN(p))
            {
                price += w * p;
                priceWeight += w;
            }
        }
        return (priceWeight > 0 ? (float)(price / priceWeight) : float.NaN, weight > 0 ? (float)(popularity / weight) : float.NaN);
    }

    /// <summary>How often this customer buys something new: of the items in their orders after the first, the share
    /// they had never bought before, smoothed towards one half ((new + 1) ÷ (items + 2)). A constant over their new
    /// candidates, so it moves where new items enter their list, not the order among them.</summary>
    private static float Novelty(OrderHistory history)
    {
        var seen = new HashSet<int>();
        int fresh = 0, total = 0;
        for (int o = 0; o < history.Count; o++)
            foreach (var i in history[o])
            {
                bool isNew = seen.Add(i);
                if (o == 0)
                    continue;
                total++;
                if (isNew)
                    fresh++;
            }
        return (fresh + 1f) / (total + 2f);
    }

    /// <summary>Per candidate: log(1 + 100 × Σ over the items bought of decayed frequency × P(candidate | item) ÷ Σ
    /// decayed frequency).</summary>
    private float[] CoPurchaseOfAll(CandidateSet set, RepeatProfile profile)
    {
        var scores = new float[set.Count];
        var index = new Dictionary<int, int>(set.Count);
        for (int c = 0; c < set.Count; c++)
            index[set.Items[c]] = c;
        double total = 0;
        for (int r = 0; r < profile.Items.Length; r++)
        {
            int item = profile.Items[r];
            if ((uint)item >= (uint)signals.ItemCount)
                continue;
            float w = (float)profile.Decayed[r];
            total += w;
            var partners = signals.PartnersOf(item);
            var p = signals.ProbabilitiesOf(item);
            for (int n = 0; n < partners.Length; n++)
                if (index.TryGetValue(partners[n], out var c))
                    scores[c] += w * p[n];
        }
        if (total > 0)
            for (int c = 0; c < scores.Length; c++)
                scores[c] = MathF.Log(1 + 100 * (float)(scores[c] / total));
        return scores;
    }

    /// <summary>The unit rows of the distinct trained items of the last <see cref="AnchorOrders"/> orders, concatenated
    /// (null when none has a vector).</summary>
    private static float[]? RecentRows(OrderHistory history, ItemVectors vectors)
    {
        var seen = new HashSet<int>();
        var rows = new List<float>();
        for (int o = history.Count - 1, back = 0; o >= 0 && back < AnchorOrders; o--, back++)
            foreach (var i in history[o])
                if ((uint)i < (uint)vectors.ItemCount && vectors.Trained[i] && seen.Add(i))
                    rows.AddRange(vectors.RowOf(i));
        return rows.Count > 0 ? rows.ToArray() : null;
    }

    private static float MaxDot(float[] rows, ReadOnlySpan<float> row, int dimensions)
    {
        float best = float.NegativeInfinity;
        for (int at = 0; at < rows.Length; at += dimensions)
            best = MathF.Max(best, TensorPrimitives.Dot(rows.AsSpan(at, dimensions), row));
        return best;
    }

    private static List<(int Item, float Score)> Top(Dictionary<int, float> scores, int n)
    {
        var heap = new TopKHeap(Math.Max(1, n));
        foreach (var (item, s) in scores)
            heap.Add(item, s);
        var result = new List<(int, float)>(heap.Count);
        foreach (var x in heap.ToSortedArray())
            result.Add((x.Id, x.Score));
        return result;
    }
}

/// <summary>How many candidates each source proposes per query (every item bought before is always a candidate).</summary>
public sealed record NextBasketCandidates
{
    /// <summary>Co-purchase partners of the recent orders.</summary>
    public int CoPurchase { get; init; } = 100;
    /// <summary>Items the nearest customers buy most (TIFU-KNN's neighbourhood).</summary>
    public int Neighbour { get; init; } = 50;
    /// <summary>item2vec neighbours of the user's taste.</summary>
    public int Item2Vec { get; init; } = 50;
    /// <summary>Never-bought items whose words are closest to the user's word profile. 0 by default: proposing 10 or 50
    /// of them lowered the explore ranker's figures and whole-basket NDCG@10 on Online Retail's fitting period
    /// (docs/BENCHMARKS.md, "Next-basket, 2026-12-03 evening").</summary>
    public int Title { get; init; }
    /// <summary>Popular items overall, and again lately.</summary>
    public int Popular { get; init; } = 50;
}
