using System.Numerics.Tensors;
using BundleForge.Embeddings;

namespace BundleForge.Recommendation;

/// <summary>Proposes the candidates of a next-basket query and computes their features: every item the user bought
/// before, the strongest co-purchase partners of their recent orders, what their nearest customers buy (TIFU-KNN's
/// neighbourhood, when a <see cref="NeighbourScorer"/> is given), the item2vec neighbours of their taste (when vectors
/// are given) and the popular items overall and lately. The one place these features are defined: the trainer fits on
/// them, the evaluation and the server rank with them.</summary>
public sealed class NextBasketFeatures(ItemSignals signals, ItemVectors? vectors, NextBasketCandidates limits, NeighbourScorer? neighbours = null)
{
    /// <summary>Feature names, in row order (the manifest lists the learned weight of each).</summary>
    public static readonly string[] Names =
    [
        "owned", "log_orders", "order_share", "decayed_30d", "decayed_365d", "log_days_since", "in_last_order",
        "co_purchase", "popularity", "recent_popularity", "repeat_rate", "owned_x_repeat_rate", "new_x_popularity",
        "new_x_recent_popularity", "owned_x_log_user_orders", "item2vec", "new_x_item2vec", "new_x_co_purchase", "tifu_own", "neighbour",
        "new_x_neighbour", "tifu_knn",
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
        for (int r = 0; r < signals.PopularOrder.Length && r < limits.Popular; r++)
            set.Add(signals.PopularOrder[r], CandidateSource.Popular);
        for (int r = 0; r < signals.RecentOrder.Length && r < limits.Popular; r++)
            set.Add(signals.RecentOrder[r], CandidateSource.Popular);

        set.AllocateFeatures();
        float logUserOrders = MathF.Log(1 + history.Count);
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
            }
        }
        return set;
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
    /// <summary>Popular items overall, and again lately.</summary>
    public int Popular { get; init; } = 50;
}
