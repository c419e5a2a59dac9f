using System.Diagnostics;
using System.Text.Json.Nodes;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Evaluation.Metrics;
using BundleForge.Splits;
using BundleForge.Training;

namespace BundleForge.Recommendation;

/// <summary>Trains the <c>nextbasket</c> ranker. The last <see cref="NextBasketOptions.ValidationDays"/> days of the
/// training data are the fitting period: the signals (popularity, co-purchases, repeat rates, and item2vec retrained
/// with the run's settings) are measured on the orders before it, every candidate of each customer's first order in
/// it is labelled (bought or not), and a logistic ranker is fitted on those rows, its L2 penalty chosen by two-fold
/// NDCG@10 over customers. The stored model then measures the same signals over all the training data.</summary>
public sealed class NextBasketTrainer(NextBasketOptions options) : IModelTrainer
{
    /// <inheritdoc />
    public ModelReport Train(TrainingContext context, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var data = context.Data;
        if (!data.HasRealTime)
            throw new DataException($"The next-basket ranker needs order times; the {data.Format} data has none.", field: "NextBasket.ValidationDays");
        int n = data.Items.Count;
        bool item2vec = options.Item2Vec is not null && context.Writer.Has(Item2VecModel.Component);
        var split = NextBasketSplit.Create(data.Baskets, n, data.Users.Count, options.ValidationDays);
        context.Progress.Report(new ProgressUpdate("nextbasket: signals", double.NaN, $"{split.CaseCount} validation customers"));
        ItemVectors? vectors = null;
        if (item2vec)
        {
            // Vectors that never saw the fitting period, so its weight is not learned from leaked co-occurrences.
            // One worker, reproducibly: every choice below (rankers, explore policy, served list) reads these vectors,
            // and two Hogwild runs of the same command once chose different policies (docs/BENCHMARKS.md, 2026-12-03).
            var before = TrainingPeriod.Before(data, split.Cut);
            var (early, _) = Item2VecModel.Train(before, options.Item2Vec! with { Threads = context.Threads, Deterministic = true }, null, null, cancellation);
            vectors = NextBasketModel.VectorsOf(early);
        }
        var signals = Signals(split.History, n, split.Cut, data.Items.Price);
        var near = options.Neighbours;
        TifuKnnSearch? tifu = null;
        if (near.Neighbours > 0)
        {
            // TIFU-KNN tuned on the fitting period: its best setting is the neighbour signal, and its cross-fitted
            // figures are the bar the ranker must reach to be served.
            context.Progress.Report(new ProgressUpdate("nextbasket: tifu_knn", double.NaN, $"{options.TifuKnn.Size} settings"));
            tifu = TifuKnnSearch.Run(split, options.TifuKnn, context.Threads, cancellation);
            var (p, _) = tifu.Best();
            near = near with { GroupSize = p.GroupSize, WithinDecay = p.WithinDecay, GroupDecay = p.GroupDecay, Neighbours = p.Neighbours, Alpha = p.Alpha };
        }
        var scorer = near.Neighbours > 0
            ? new NeighbourScorer(TifuUserVectors.Build(split, near.GroupSize, near.WithinDecay, near.GroupDecay, near.MaxOrders), near)
            : null;
        var words = ItemWords.Build(data.Items);
        var features = new NextBasketFeatures(signals, vectors, options.Candidates, scorer, words);
        cancellation.ThrowIfCancellationRequested();

        var sets = new CandidateSet[split.CaseCount];
        var labels = new byte[split.CaseCount][];
        var owned = new HashSet<int>[split.CaseCount];
        Parallel.For(0, split.CaseCount, new ParallelOptions { MaxDegreeOfParallelism = context.Threads, CancellationToken = cancellation }, c =>
        {
            var history = OrderHistory.Of(split.Baskets, split.BasketsOf(split.Users[c]));
            var set = features.Build(history, split.Cut);
            var targets = split.TargetsOf(c);
            var y = new byte[set.Count];
            for (int r = 0; r < set.Count; r++)
                y[r] = targets.BinarySearch(set.Items[r]) >= 0 ? (byte)1 : (byte)0;
            sets[c] = set;
            labels[c] = y;
            owned[c] = [.. history.Items.AsSpan(0, history.Offsets[^1])];
        });
        context.Progress.Report(new ProgressUpdate("nextbasket: fitting", double.NaN));

        // Two folds over customers (even and odd cases): each setting is fitted on one fold and scored on the other.
        static bool Even(int c) => c % 2 == 0;
        static bool Odd(int c) => c % 2 == 1;
        double bestL2 = options.L2Grid[0], bestNdcg = double.NegativeInfinity;
        LinearRanker? bestA = null, bestB = null;
        var tried = new JsonObject();
        foreach (var l2 in options.L2Grid)
        {
            cancellation.ThrowIfCancellationRequested();
            var a = Fit(sets, labels, Even, l2, newOnly: false);
            var b = Fit(sets, labels, Odd, l2, newOnly: false);
            var acc = RankingAccumulator.NextBasket(n);
            var top = new int[acc.ListLength];
            for (int c = 0; c < sets.Length; c++)
            {
                int len = ExploreQuota.Select(sets[c], Even(c) ? b : a, Even(c) ? b : a, default, null, top);
                acc.AddList(top.AsSpan(0, len), split.TargetsOf(c));
            }
            double ndcg = acc.ToMetrics().Ndcg;
            tried[l2.ToString("R", System.Globalization.CultureInfo.InvariantCulture)] = Math.Round(ndcg, 6);
            if (ndcg > bestNdcg)
            { bestNdcg = ndcg; bestL2 = l2; bestA = a; bestB = b; }
        }
        cancellation.ThrowIfCancellationRequested();
        var exploreA = Fit(sets, labels, Even, bestL2, newOnly: true);
        var exploreB = Fit(sets, labels, Odd, bestL2, newOnly: true);
        var (trials, pop, policies, popularity, exploreAlone) = TryPolicies(split, sets, owned, bestA!, bestB!, exploreA, exploreB, signals.PopularOrder, n, context.Threads);
        var baselines = new List<BaselineTrial> { new(ServedList.Popularity, pop.Ndcg, pop.Recall) };
        var personal = PersonalTop(split, context.Threads);
        baselines.Add(personal);
        if (tifu is not null)
        {
            var (tn, tr) = tifu.CrossFitted();
            baselines.Add(new BaselineTrial(ServedList.TifuKnn, tn, tr));
        }
        var (served, policy) = ServedPolicyRule.Pick(trials, pop, baselines, options.ExploreMargin);
        var ranker = Fit(sets, labels, _ => true, bestL2, newOnly: false);
        var explore = Fit(sets, labels, _ => true, bestL2, newOnly: true);
        cancellation.ThrowIfCancellationRequested();

        var finalSignals = Signals(data.Baskets, n, LastTime(data.Baskets), data.Items.Price);
        var users = UsersOf(data, context);
        var model = new NextBasketModel(new NextBasketFeatures(finalSignals, null, options.Candidates, NextBasketModel.ScorerOf(users, n, near), words), ranker, explore, policy, users, item2vec, served);
        int rows = 0;
        foreach (var s in sets)
            rows += s.Count;
        var report = new NextBasketReport(split.CaseCount, rows, bestL2, bestNdcg, policy.Boost, policy.Share, users.Count, item2vec, clock.Elapsed.TotalSeconds)
        {
            ExploreStart = policy.Start,
            ExploreDepth = policy.Depth,
            Served = served.Name,
        };
        // The ranker's figures: those of the explore policy served, or, when a baseline is served, of the policy the
        // explore rule alone would have picked, beside the best NDCG@10 any policy reached.
        var shown = served.List == ServedList.Ranker ? policy : ExplorePolicyRule.Pick(trials, pop, options.ExploreMargin);
        PolicyTrial ranked = trials[0], best = trials[0];
        foreach (var t in trials)
        {
            if (t.Policy == shown)
                ranked = t;
            if (t.Ndcg > best.Ndcg)
                best = t;
        }
        var decided = new JsonObject
        {
            ["ranker"] = new JsonObject
            {
                ["ndcg@10"] = Math.Round(ranked.Ndcg, 6),
                ["recall@20"] = Math.Round(ranked.Recall, 6),
                ["best_ndcg@10_of_any_explore_policy"] = Math.Round(best.Ndcg, 6),
                ["recall@20_of_that_policy"] = Math.Round(best.Recall, 6),
            },
        };
        foreach (var b in baselines)
        {
            var row = new JsonObject { ["ndcg@10"] = Math.Round(b.Ndcg, 6), ["recall@20"] = Math.Round(b.Recall, 6) };
            if (b.List == ServedList.PersonalTop)
                row["half_life_days"] = b.HalfLifeDays;
            if (b.List == ServedList.TifuKnn)
                row["parameters"] = new JsonObject { ["group_size"] = near.GroupSize, ["within_decay"] = near.WithinDecay, ["group_decay"] = near.GroupDecay, ["neighbours"] = near.Neighbours, ["alpha"] = near.Alpha };
            decided[ServedPolicy.NameOf(b.List)] = row;
        }
        model.Save(context.Writer, new JsonObject
        {
            ["validation_days"] = options.ValidationDays,
            ["recent_days"] = options.RecentDays,
            ["partners"] = options.Partners,
            ["max_basket_size"] = options.MaxBasketSize,
            ["candidates"] = new JsonObject
            {
                ["co_purchase"] = options.Candidates.CoPurchase,
                ["neighbour"] = options.Candidates.Neighbour,
                ["item2vec"] = options.Candidates.Item2Vec,
                ["title"] = options.Candidates.Title,
                ["popular"] = options.Candidates.Popular,
            },
            ["neighbours"] = new JsonObject
            {
                ["neighbours"] = near.Neighbours,
                ["group_size"] = near.GroupSize,
                ["within_decay"] = near.WithinDecay,
                ["group_decay"] = near.GroupDecay,
                ["max_orders"] = near.MaxOrders,
                ["alpha"] = near.Alpha,
                ["chosen_on_fitting_period"] = tifu is not null,
            },
            ["served_policy"] = new JsonObject
            {
                ["list"] = served.Name,
                ["half_life_days"] = served.List == ServedList.PersonalTop ? JsonValue.Create(served.HalfLifeDays) : null,
                ["rule"] = "the ranker is served when one of its explore policies reaches the best baseline's NDCG@10 and Recall@20 on the fitting period (cross-fitted); otherwise that baseline's list",
                ["fitting_period"] = decided,
            },
            ["items_with_words"] = ItemsWithWords(words),
            ["explore_margin"] = options.ExploreMargin,
            ["l2"] = bestL2,
            ["l2_tried_ndcg@10"] = tried,
            ["explore_policies_tried"] = policies,
            ["validation_popularity_explore"] = popularity,
            ["validation_explore_ranker_alone"] = exploreAlone,
        }, new JsonObject
        {
            ["validation_customers"] = report.ValidationCustomers,
            ["fitting_rows"] = report.FittingRows,
            ["validation_ndcg@10"] = Math.Round(report.ValidationNdcg, 6),
            ["users"] = report.Users,
            ["seconds"] = Math.Round(report.Seconds, 3),
        });
        return report;
    }

    private ItemSignals Signals(BasketSet orders, int n, long now, float[] price) =>
        ItemSignals.Build(orders, n, now, options.RecentDays, options.Partners, options.MaxBasketSize, Math.Max(options.Candidates.Popular, 100), price);

    private static int ItemsWithWords(ItemWords words)
    {
        int count = 0;
        for (int i = 0; i < words.ItemCount; i++)
            if (words.Offsets[i + 1] > words.Offsets[i])
                count++;
        return count;
    }

    private static long LastTime(BasketSet orders)
    {
        long last = long.MinValue;
        foreach (var t in orders.Time)
            last = Math.Max(last, t);
        return last;
    }

    /// <summary>Fits a ranker on the rows of the cases <paramref name="use"/> accepts (only the candidates new to the
    /// customer when <paramref name="newOnly"/>).</summary>
    private static LinearRanker Fit(CandidateSet[] sets, byte[][] labels, Func<int, bool> use, double l2, bool newOnly)
    {
        int f = NextBasketFeatures.Count;
        var x = new List<float>();
        var y = new List<byte>();
        for (int c = 0; c < sets.Length; c++)
        {
            if (!use(c))
                continue;
            for (int r = 0; r < sets[c].Count; r++)
            {
                if (newOnly && sets[c].Sources[r] == CandidateSource.Repeat)
                    continue;
                x.AddRange(sets[c].RowOf(r));
                y.Add(labels[c][r]);
            }
        }
        return LinearRanker.Fit(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(x), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(y), f, l2);
    }

    /// <summary>Every explore policy (<see cref="NextBasketOptions.ExploreBoosts"/> × <see cref="NextBasketOptions.ExploreShares"/>
    /// × <see cref="NextBasketOptions.ExploreStarts"/> × <see cref="NextBasketOptions.ExploreDepths"/>) and the popularity
    /// list on the fitting period, scored with the cross-fitted rankers, so no case is judged by a ranker fitted on it.</summary>
    private (PolicyTrial[] Trials, PolicyTrial Popularity, JsonObject Tried, JsonObject PopularityJson, JsonObject ExploreAlone) TryPolicies(NextBasketSplit split, CandidateSet[] sets, HashSet<int>[] owned,
        LinearRanker a, LinearRanker b, LinearRanker exploreA, LinearRanker exploreB, int[] popular, int n, int threads)
    {
        var pop = Trial(default, Score(split, owned, n, (c, top) => RankedPopular(popular, top)));
        var policies = new List<ExplorePolicy>();
        foreach (var boost in options.ExploreBoosts)
            foreach (var share in options.ExploreShares)
                foreach (var start in options.ExploreStarts)
                    foreach (var depth in options.ExploreDepths)
                        if ((share > 0 || start == options.ExploreStarts[0]) && (boost != 0 || share > 0 || depth == options.ExploreDepths[0]))
                            policies.Add(new ExplorePolicy(boost, share, start, depth));   // the others repeat a policy already tried
        var trials = new PolicyTrial[policies.Count];
        Parallel.For(0, policies.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var policy = policies[t];
            trials[t] = Trial(policy, Score(split, owned, n, (c, top) => ExploreQuota.Select(sets[c], c % 2 == 0 ? b : a, c % 2 == 0 ? exploreB : exploreA, policy, null, top)));
        });
        var tried = new JsonObject();
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        foreach (var m in trials)
        {
            var p = m.Policy;
            tried[$"boost {p.Boost.ToString("R", invariant)}, share {p.Share.ToString("R", invariant)}, start {p.Start}, depth {p.Depth}"] = new JsonObject
            {
                ["ndcg@10"] = Math.Round(m.Ndcg, 6),
                ["recall@20"] = Math.Round(m.Recall, 6),
                ["explore_ndcg@10"] = Math.Round(m.ExploreNdcg, 6),
                ["explore_hr@10"] = Math.Round(m.ExploreHitRate, 6),
                ["explore_recall@20"] = Math.Round(m.ExploreRecall, 6),
            };
        }
        // The explore ranker alone (every place given to new items): if it cannot find new items better than the
        // popularity list, no explore policy can.
        var alone = Trial(new ExplorePolicy(0, 1), Score(split, owned, n, (c, top) => ExploreQuota.Select(sets[c], c % 2 == 0 ? b : a, c % 2 == 0 ? exploreB : exploreA, new ExplorePolicy(0, 1), null, top)));
        var aloneJson = new JsonObject
        {
            ["ndcg@10"] = Math.Round(alone.Ndcg, 6),
            ["recall@20"] = Math.Round(alone.Recall, 6),
            ["explore_ndcg@10"] = Math.Round(alone.ExploreNdcg, 6),
            ["explore_hr@10"] = Math.Round(alone.ExploreHitRate, 6),
            ["explore_recall@20"] = Math.Round(alone.ExploreRecall, 6),
        };
        var popularity = new JsonObject
        {
            ["explore_ndcg@10"] = Math.Round(pop.ExploreNdcg, 6),
            ["explore_hr@10"] = Math.Round(pop.ExploreHitRate, 6),
            ["explore_recall@20"] = Math.Round(pop.ExploreRecall, 6),
        };
        popularity["ndcg@10"] = Math.Round(pop.Ndcg, 6);
        popularity["recall@20"] = Math.Round(pop.Recall, 6);
        return (trials, pop, tried, popularity, aloneJson);
    }

    /// <summary>The personal-top baseline on the fitting period, its half-life chosen on one half of the customers and
    /// judged on the other (the half-life recorded is the one chosen on all of them).</summary>
    private static BaselineTrial PersonalTop(NextBasketSplit split, int threads)
    {
        int k = RankingAccumulator.NextBasket(0).ListLength;
        var popular = split.PopularOrder();
        var scores = new List<(double HalfLife, HalfScore All, HalfScore Even, HalfScore Odd)>();
        foreach (var h in RepeatProfile.PersonalTopHalfLives)
        {
            var lists = new int[split.CaseCount * k];
            var lengths = new int[split.CaseCount];
            Parallel.For(0, split.CaseCount, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, c =>
            {
                var top = lists.AsSpan(c * k, k);
                var history = OrderHistory.Of(split.Baskets, split.BasketsOf(split.Users[c]));
                lengths[c] = RankedList.Fill(top, RepeatProfile.Of(history, split.Cut, h).WriteRanked(top), popular);
            });
            var (all, even, odd) = TifuKnnSearch.Score(split, lists, lengths, k);
            scores.Add((h, all, even, odd));
        }
        int onAll = 0, onEven = 0, onOdd = 0;
        for (int t = 1; t < scores.Count; t++)
        {
            if (scores[t].All.Ndcg > scores[onAll].All.Ndcg)
                onAll = t;
            if (scores[t].Even.Ndcg > scores[onEven].Even.Ndcg)
                onEven = t;
            if (scores[t].Odd.Ndcg > scores[onOdd].Odd.Ndcg)
                onOdd = t;
        }
        var (ndcg, recall) = TifuKnnSearch.CaseWeighted(scores[onOdd].Even, scores[onEven].Odd);
        return new BaselineTrial(ServedList.PersonalTop, ndcg, recall, scores[onAll].HalfLife);
    }

    private static PolicyTrial Trial(ExplorePolicy policy, (RankingMetrics Whole, RankingMetrics Explore) m) =>
        new(policy, m.Whole.Ndcg, m.Whole.RecallAt(20), m.Explore.HitRate, m.Explore.Ndcg, m.Explore.RecallAt(20));

    private static int RankedPopular(int[] popular, Span<int> top)
    {
        int k = Math.Min(top.Length, popular.Length);
        popular.AsSpan(0, k).CopyTo(top);
        return k;
    }

    private delegate int ListOf(int c, Span<int> top);

    /// <summary>Whole-order and explore metrics of each validation case's list.</summary>
    private static (RankingMetrics Whole, RankingMetrics Explore) Score(NextBasketSplit split, HashSet<int>[] owned, int n, ListOf listOf)
    {
        var whole = RankingAccumulator.NextBasket(n);
        var explore = RankingAccumulator.NextBasket(n);
        var top = new int[whole.ListLength];
        var fresh = new List<int>();
        for (int c = 0; c < split.CaseCount; c++)
        {
            int len = listOf(c, top);
            var targets = split.TargetsOf(c);
            whole.AddList(top.AsSpan(0, len), targets);
            fresh.Clear();
            foreach (var t in targets)
                if (!owned[c].Contains(t))
                    fresh.Add(t);
            if (fresh.Count > 0)
                explore.AddList(top.AsSpan(0, len), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(fresh));
        }
        return (whole.ToMetrics(), explore.ToMetrics());
    }

    /// <summary>Each known user's most recent orders under their pseudonymous key.</summary>
    private UserOrders UsersOf(Dataset data, TrainingContext context)
    {
        var baskets = data.Baskets;
        var perUser = new List<int>?[data.Users.Count];
        for (int b = 0; b < baskets.Count; b++)
            if (baskets.User[b] >= 0)
                (perUser[baskets.User[b]] ??= []).Add(b);
        var rows = new List<(string, OrderHistory)>();
        for (int u = 0; u < perUser.Length; u++)
        {
            if (perUser[u] is not { } list)
                continue;
            list.Sort((a, b) => baskets.Time[a] != baskets.Time[b] ? baskets.Time[a].CompareTo(baskets.Time[b]) : a.CompareTo(b));
            var recent = list.Count > options.MaxOrdersPerUser ? list.GetRange(list.Count - options.MaxOrdersPerUser, options.MaxOrdersPerUser) : list;
            rows.Add((context.Pseudonymizer.Key(data.Users.Ids[u]), OrderHistory.Of(baskets, recent.ToArray())));
        }
        return UserOrders.From(rows);
    }
}

/// <summary>What training the next-basket ranker measured.</summary>
public sealed record NextBasketReport(int ValidationCustomers, int FittingRows, double L2, double ValidationNdcg, double ExploreBoost, double ExploreShare, int Users, bool UsesItem2Vec, double Seconds) : ModelReport
{
    /// <summary>The list the stored model serves (<see cref="ServedPolicy.Name"/>).</summary>
    public string Served { get; init; } = "ranker";
    /// <summary>Leading list places left to the likeliest items before the explore quota counts.</summary>
    public int ExploreStart { get; init; }
    /// <summary>List places the explore boost and quota act on (0: the whole list).</summary>
    public int ExploreDepth { get; init; }

    /// <inheritdoc />
    public override string Component => NextBasketModel.Component;
}
