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
            var before = TrainingPeriod.Before(data, split.Cut);
            var (early, _) = Item2VecModel.Train(before, options.Item2Vec! with { Threads = context.Threads }, null, null, cancellation);
            vectors = NextBasketModel.VectorsOf(early);
        }
        var signals = Signals(split.History, n, split.Cut);
        var features = new NextBasketFeatures(signals, vectors, options.Candidates);
        cancellation.ThrowIfCancellationRequested();

        var sets = new CandidateSet[split.CaseCount];
        var labels = new byte[split.CaseCount][];
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
        });
        context.Progress.Report(new ProgressUpdate("nextbasket: fitting", double.NaN));

        // Two folds over customers (even and odd cases): each penalty is fitted on one and scored on the other.
        double bestL2 = options.L2Grid[0], bestNdcg = double.NegativeInfinity;
        var tried = new JsonObject();
        foreach (var l2 in options.L2Grid)
        {
            var a = Fit(sets, labels, c => c % 2 == 0, l2);
            var b = Fit(sets, labels, c => c % 2 == 1, l2);
            var acc = RankingAccumulator.NextBasket(n);
            for (int c = 0; c < sets.Length; c++)
                acc.AddList(TopOf(sets[c], c % 2 == 0 ? b : a, acc.ListLength), split.TargetsOf(c));
            double ndcg = acc.ToMetrics().Ndcg;
            tried[l2.ToString("R", System.Globalization.CultureInfo.InvariantCulture)] = Math.Round(ndcg, 6);
            if (ndcg > bestNdcg)
            { bestNdcg = ndcg; bestL2 = l2; }
        }
        var ranker = Fit(sets, labels, _ => true, bestL2);
        cancellation.ThrowIfCancellationRequested();

        var finalSignals = Signals(data.Baskets, n, LastTime(data.Baskets));
        var users = UsersOf(data, context);
        var model = new NextBasketModel(new NextBasketFeatures(finalSignals, null, options.Candidates), ranker, users, item2vec);
        int rows = 0;
        foreach (var s in sets)
            rows += s.Count;
        var report = new NextBasketReport(split.CaseCount, rows, bestL2, bestNdcg, users.Count, item2vec, clock.Elapsed.TotalSeconds);
        model.Save(context.Writer, new JsonObject
        {
            ["validation_days"] = options.ValidationDays,
            ["recent_days"] = options.RecentDays,
            ["partners"] = options.Partners,
            ["max_basket_size"] = options.MaxBasketSize,
            ["candidates"] = new JsonObject
            {
                ["co_purchase"] = options.Candidates.CoPurchase,
                ["item2vec"] = options.Candidates.Item2Vec,
                ["popular"] = options.Candidates.Popular,
            },
            ["l2"] = bestL2,
            ["l2_tried_ndcg@10"] = tried,
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

    private ItemSignals Signals(BasketSet orders, int n, long now) =>
        ItemSignals.Build(orders, n, now, options.RecentDays, options.Partners, options.MaxBasketSize, Math.Max(options.Candidates.Popular, 100));

    private static long LastTime(BasketSet orders)
    {
        long last = long.MinValue;
        foreach (var t in orders.Time)
            last = Math.Max(last, t);
        return last;
    }

    private static LinearRanker Fit(CandidateSet[] sets, byte[][] labels, Func<int, bool> use, double l2)
    {
        int f = NextBasketFeatures.Count, rows = 0;
        for (int c = 0; c < sets.Length; c++)
            if (use(c))
                rows += sets[c].Count;
        var x = new float[rows * f];
        var y = new byte[rows];
        int at = 0;
        for (int c = 0; c < sets.Length; c++)
        {
            if (!use(c))
                continue;
            sets[c].Features.AsSpan(0, sets[c].Count * f).CopyTo(x.AsSpan(at * f));
            labels[c].CopyTo(y.AsSpan(at));
            at += sets[c].Count;
        }
        return LinearRanker.Fit(x, y, f, l2);
    }

    private static int[] TopOf(CandidateSet set, LinearRanker ranker, int k)
    {
        var heap = new TopKHeap(Math.Max(1, k));
        for (int c = 0; c < set.Count; c++)
            heap.Add(set.Items[c], ranker.Score(set.RowOf(c)));
        return Array.ConvertAll(heap.ToSortedArray(), x => x.Id);
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
public sealed record NextBasketReport(int ValidationCustomers, int FittingRows, double L2, double ValidationNdcg, int Users, bool UsesItem2Vec, double Seconds) : ModelReport
{
    /// <inheritdoc />
    public override string Component => NextBasketModel.Component;
}
