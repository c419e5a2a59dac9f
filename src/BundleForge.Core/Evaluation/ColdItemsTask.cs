using System.Diagnostics;
using System.Numerics.Tensors;
using BundleForge.Artifacts;
using BundleForge.Embeddings;
using BundleForge.Evaluation.ColdItems;
using BundleForge.Evaluation.Metrics;
using BundleForge.Evaluation.NextBasket;
using BundleForge.Splits;

namespace BundleForge.Evaluation;

/// <summary><c>evaluate --task cold-items</c>: can a model trained before the test period find, for a customer, the
/// products nobody had bought yet that they go on to buy? Needs a folder with <c>item2vec</c> and <c>text</c> trained
/// with <c>--holdout-days N</c>. The model's method (<see cref="ModelName"/>) is <see cref="NewItemScorer"/> with the
/// <see cref="NewItemBlend"/> stored in the folder (chosen at training time on the last 30 days before the test period;
/// a folder without one gets it fitted here on the <see cref="ColdItemsTaskOptions.ValidationDays"/> before the test
/// period): text closeness, title word overlap and a behaviour vector borrowed from the nearest trained items in text
/// space, standardised and weighted. Beside it: each signal alone, the ridge text-to-item2vec map, scorings in text
/// space, item2vec's attribute cold start, a TF-IDF title baseline and a seeded random baseline, each with a bootstrap
/// interval over customers.</summary>
public sealed class ColdItemsTask : EvaluationTask<ColdItemsTaskOptions, ColdItemsTaskResult>
{
    /// <summary>The name of the method reported as the model.</summary>
    public const string ModelName = "new_item_blend";

    /// <summary>Bootstrap resamples of the customers behind each interval.</summary>
    public const int BootstrapResamples = 1000;

    /// <summary>The protocol in words.</summary>
    public static string Protocol(int testDays, int draws) =>
        $"time split over orders: test = the last {testDays} days; candidates = every item never sold before the test period that has a title; " +
        "per customer who ordered before and during them, targets = the never-sold items of their first order in the test period (customers whose order holds none are skipped); " +
        "each method ranks all candidates from the customer's earlier orders (items weighted by the number of orders holding them); HR@10 = any target in the top 10, NDCG@10 with binary gains over all targets; " +
        "new_item_blend: the rule stored in the model folder (neighbour count and signal weights chosen on the period before the test days, never on them) applied to three standardised signals: " +
        $"text = mean text cosine of the {NewItemScorer.NearestCount} closest history items, words = TF-IDF title overlap with the history, behaviour = similarity-weighted mean item2vec vector of the nearest sold items in text space against the {NewItemScorer.NearestCount} closest history items; " +
        "neighbour_map, text_nearest and tfidf_titles are its behaviour, text and words signals alone; " +
        $"text_to_item2vec: ridge map from text vectors to item2vec vectors, scored like behaviour; text_to_item2vec_mean: the same map against the weighted mean of the history; " +
        $"text_profile: text vectors against the weighted mean of the history; item2vec_content: item2vec's attribute cold-start vectors against the mean of the history; " +
        $"random: mean over {draws} seeded shuffles per customer; intervals: 2.5th and 97.5th percentiles over {BootstrapResamples} seeded bootstrap resamples of the customers; " +
        "model components must be trained without the test period (train --holdout-days)";

    /// <inheritdoc />
    public override string Name => "cold-items";

    /// <inheritdoc />
    public override ColdItemsTaskResult Evaluate(EvaluationContext context, ColdItemsTaskOptions options)
    {
        var clock = Stopwatch.StartNew();
        var data = context.Data;
        if (!data.HasRealTime)
            throw new DataException($"The cold-items task needs order times; the {data.Format} data has none.", field: "--task");
        if (!context.Model.Has(ItemTextVectors.Component) || !context.Model.Has(Item2VecModel.Component))
            throw new DataException("The cold-items task needs a model folder with the text and item2vec components: train --models item2vec,text --holdout-days N.", context.Model.Directory);
        var split = NextBasketSplit.Create(data.Baskets, data.Items.Count, data.Users.Count, options.TestDays);
        var trainedUntil = NextBasketTask.CheckTrainedBefore(context.Model, split.Cut, options.TestDays);
        int n = data.Items.Count;

        var catalog = CatalogComponent.Load(context.Model);
        var text = ItemTextVectors.Load(context.Model, catalog);
        var item2vec = Item2VecModel.Load(context.Model);
        var scorer = NewItemScorer.Build(data.Items, text, item2vec.ItemIds, item2vec.Embeddings);
        int p = text.Dimensions;
        int q = item2vec.Embeddings.Dimensions;
        // Text and item2vec vectors in the data's dense item order (zero rows where the model lacks the item).
        var textRows = new float[(long)n * p];
        var behaviour = new float[(long)n * q];
        var trained = new bool[n];
        var content = new bool[n];
        var vectorIds = new ItemIdMap(data.Items.Ids, item2vec.ItemIds);
        for (int i = 0; i < n; i++)
        {
            scorer.TextOf(i).CopyTo(textRows.AsSpan(i * p, p));
            if (vectorIds.ToModel[i] is var v && v >= 0 && item2vec.Embeddings.HasVector(v))
            {
                var row = behaviour.AsSpan(i * q, q);
                item2vec.Embeddings.InputOf(v).CopyTo(row);
                VectorMath.NormalizeInPlace(row);
                trained[i] = item2vec.Embeddings.Source[v] == ItemVectorSource.Trained;
                content[i] = item2vec.Embeddings.Source[v] == ItemVectorSource.Content;
            }
        }
        var blend = NewItemBlend.Load(context.Model);
        string blendFrom = "model folder";
        if (blend is null)
        {
            context.Progress?.Report(new ProgressUpdate("evaluate cold-items", double.NaN, $"choosing the new-item rule on the {options.ValidationDays} days before the test period"));
            blend = NewItemBlendSearch.Fit(split.Earlier(options.ValidationDays), data.Items, scorer);
            blendFrom = "fitted by the task on the validation period";
        }
        context.Progress?.Report(new ProgressUpdate("evaluate cold-items", double.NaN, "fitting the text-to-item2vec map"));
        var map = TextToBehaviourMap.Fit(textRows, p, behaviour, q, trained);

        var cases = ColdItemCases.From(split, data.Items);
        if (cases.Count == 0)
            throw new DataException($"No customer's first order in the last {options.TestDays} days holds an item never sold before them; nothing to evaluate.", field: "--test-days");
        var candidates = cases.Candidates;
        int m = candidates.Count;
        var ridge = new float[(long)m * q];
        var neighbours = new float[(long)m * q];
        var pool = new bool[n];
        for (int i = 0; i < n; i++)
            pool[i] = !cases.IsCandidate[i];
        for (int r = 0; r < m; r++)
        {
            map.Map(textRows.AsSpan(candidates[r] * p, p)).CopyTo(ridge.AsSpan(r * q, q));
            scorer.MapByNeighbours(candidates[r], blend.Neighbours, pool, neighbours.AsSpan(r * q, q));
        }

        string[] names = [ModelName, "neighbour_map", "text_nearest", "tfidf_titles", "text_to_item2vec", "text_to_item2vec_mean", "text_profile", "item2vec_content", "random"];
        var accumulators = names.Select(_ => new RankingAccumulator(n, 10, [10])).ToArray();
        // Per customer and method: HR@10 and NDCG@10, for the bootstrap.
        var perCase = new (double Hit, double Ndcg)[names.Length][];
        for (int k = 0; k < names.Length; k++)
            perCase[k] = new (double, double)[cases.Count];
        var scores = new float[m];
        var order = new int[m];
        var keys = new float[m];
        var textSignal = new float[m];
        var wordSignal = new float[m];
        var behaviourSignal = new float[m];
        var profileB = new float[q];
        var profileT = new float[p];
        var random = new SeededRandom(options.Seed);
        long targetSum = 0;
        for (int c = 0; c < cases.Count; c++)
        {
            var history = cases.Histories[c];
            var relevant = cases.Targets[c];
            targetSum += relevant.Length;
            Array.Clear(profileB);
            Array.Clear(profileT);
            foreach (var (i, w) in history)
            {
                if (trained[i])
                    TensorPrimitives.MultiplyAdd(behaviour.AsSpan(i * q, q), w, profileB, profileB);
                TensorPrimitives.MultiplyAdd(textRows.AsSpan(i * p, p), w, profileT, profileT);
            }
            scorer.Signals(history, candidates, neighbours, textSignal, wordSignal, behaviourSignal);
            NewItemScorer.Blend(blend, textSignal, wordSignal, behaviourSignal, scores);
            Rank(0, scores);
            Rank(1, behaviourSignal);
            Rank(2, textSignal);
            Rank(3, wordSignal);
            for (int r = 0; r < m; r++)
            {
                int k = candidates[r];
                var mapped = ridge.AsSpan(r * q, q);
                scores[r] = NewItemScorer.NearestMean(mapped, behaviour, q, history, trained);
                textSignal[r] = TensorPrimitives.Dot(mapped, profileB);
                wordSignal[r] = TensorPrimitives.Dot(textRows.AsSpan(k * p, p), profileT);
                behaviourSignal[r] = content[k] ? TensorPrimitives.Dot(behaviour.AsSpan(k * q, q), profileB) : float.NegativeInfinity;
            }
            Rank(4, scores);
            Rank(5, textSignal);
            Rank(6, wordSignal);
            Rank(7, behaviourSignal);
            var single = new RankingAccumulator(n, 10, [10]);
            for (int d = 0; d < options.RandomDraws; d++)
            {
                for (int r = 0; r < m; r++)
                    order[r] = candidates[r];
                random.Shuffle(order.AsSpan());
                accumulators[8].AddList(order, relevant);
                single.AddList(order, relevant);
            }
            var drawn = single.ToMetrics();
            perCase[8][c] = (drawn.HitRate, drawn.Ndcg);

            void Rank(int method, ReadOnlySpan<float> by)
            {
                cases.Rank(by, order, keys);
                accumulators[method].AddList(order, relevant);
                var one = new RankingAccumulator(n, 10, [10]);
                one.AddList(order, relevant);
                var metrics = one.ToMetrics();
                perCase[method][c] = (metrics.HitRate, metrics.Ndcg);
            }
        }
        var intervals = new List<ColdItemsInterval>(names.Length);
        for (int k = 0; k < names.Length; k++)
            intervals.Add(Bootstrap(names[k], perCase[k], null, options.Seed));
        var difference = Bootstrap(ModelName + " - tfidf_titles", perCase[0], perCase[3], options.Seed);
        var baselines = new List<KeyValuePair<string, RankingMetrics>>();
        for (int k = 1; k < names.Length; k++)
            baselines.Add(new(names[k], accumulators[k].ToMetrics()));
        return new ColdItemsTaskResult
        {
            Task = Name,
            Protocol = Protocol(options.TestDays, options.RandomDraws),
            ModelName = ModelName,
            Model = accumulators[0].ToMetrics(),
            Baselines = baselines,
            Intervals = intervals,
            ModelMinusTfIdf = difference,
            Blend = blend,
            BlendFrom = blendFrom,
            TestDays = options.TestDays,
            TestStart = DateTime.UnixEpoch.AddSeconds(split.Cut),
            ModelTrainedUntil = trainedUntil,
            Cases = cases.Count,
            Candidates = m,
            MeanTargets = (double)targetSum / cases.Count,
            MapRows = map.Rows,
            MapLambda = map.Lambda,
            MapValidationCosine = map.ValidationCosine,
            Seconds = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>The 2.5th and 97.5th percentiles of the mean HR@10 and NDCG@10 (or of their difference from
    /// <paramref name="minus"/>, paired by customer) over seeded bootstrap resamples of the customers.</summary>
    private static ColdItemsInterval Bootstrap(string name, (double Hit, double Ndcg)[] values, (double Hit, double Ndcg)[]? minus, long seed)
    {
        int n = values.Length;
        var random = new SeededRandom(seed + 7919);
        var hits = new double[BootstrapResamples];
        var ndcgs = new double[BootstrapResamples];
        for (int s = 0; s < BootstrapResamples; s++)
        {
            double h = 0, g = 0;
            for (int k = 0; k < n; k++)
            {
                int c = random.NextInt(n);
                h += values[c].Hit - (minus?[c].Hit ?? 0);
                g += values[c].Ndcg - (minus?[c].Ndcg ?? 0);
            }
            hits[s] = h / n;
            ndcgs[s] = g / n;
        }
        Array.Sort(hits);
        Array.Sort(ndcgs);
        int low = (int)(0.025 * BootstrapResamples), high = (int)(0.975 * BootstrapResamples) - 1;
        return new ColdItemsInterval(name, n, hits[low], hits[high], ndcgs[low], ndcgs[high]);
    }
}
