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
/// with <c>--holdout-days N</c>. Each customer's history is mapped into item2vec space; each never-sold item gets an
/// item2vec vector from its text through a ridge map (<see cref="TextToBehaviourMap"/>) fitted on the items that have
/// both; a candidate scores the mean cosine of its <see cref="NearestCount"/> closest history items. Beside it: the
/// same map against the customer's mean vector, the same two scorings in text space, item2vec's attribute cold start,
/// a TF-IDF title baseline and a seeded random baseline.</summary>
public sealed class ColdItemsTask : EvaluationTask<ColdItemsTaskOptions, ColdItemsTaskResult>
{
    /// <summary>The name of the method reported as the model.</summary>
    public const string ModelName = "text_to_item2vec";

    /// <summary>The protocol in words.</summary>
    public static string Protocol(int testDays, int draws) =>
        $"time split over orders: test = the last {testDays} days; candidates = every item never sold before the test period that has a title; " +
        "per customer who ordered before and during them, targets = the never-sold items of their first order in the test period (customers whose order holds none are skipped); " +
        "each method ranks all candidates from the customer's earlier orders (items weighted by the number of orders holding them); HR@10 = any target in the top 10, NDCG@10 with binary gains over all targets; " +
        $"text_to_item2vec: ridge map from text vectors to item2vec vectors fitted on the trained items, a candidate scores the mean cosine of its {NearestCount} closest history items; text_to_item2vec_mean: the same map against the weighted mean of the history; " +
        $"text_nearest and text_profile: the same two scorings on the text vectors; item2vec_content: item2vec's attribute cold-start vectors against the mean of the history; " +
        $"tfidf_titles: TF-IDF of history titles vs candidate titles; random: mean over {draws} seeded shuffles per customer; " +
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

        // Text and item2vec vectors in the data's dense item order (zero rows where the model lacks the item).
        var catalog = CatalogComponent.Load(context.Model);
        var text = ItemTextVectors.Load(context.Model, catalog);
        var item2vec = Item2VecModel.Load(context.Model);
        int p = text.Dimensions;
        int q = item2vec.Embeddings.Dimensions;
        var textRows = new float[(long)n * p];
        var behaviour = new float[(long)n * q];
        var trained = new bool[n];
        var content = new bool[n];
        var textIds = new ItemIdMap(data.Items.Ids, catalog.Ids);
        var vectorIds = new ItemIdMap(data.Items.Ids, item2vec.ItemIds);
        for (int i = 0; i < n; i++)
        {
            if (textIds.ToModel[i] is var t && t >= 0)
                text.VectorOf(t).CopyTo(textRows.AsSpan(i * p, p));
            if (vectorIds.ToModel[i] is var v && v >= 0 && item2vec.Embeddings.HasVector(v))
            {
                var row = behaviour.AsSpan(i * q, q);
                item2vec.Embeddings.InputOf(v).CopyTo(row);
                VectorMath.NormalizeInPlace(row);
                trained[i] = item2vec.Embeddings.Source[v] == ItemVectorSource.Trained;
                content[i] = item2vec.Embeddings.Source[v] == ItemVectorSource.Content;
            }
        }
        context.Progress?.Report(new ProgressUpdate("evaluate cold-items", double.NaN, "fitting the text-to-item2vec map"));
        var map = TextToBehaviourMap.Fit(textRows, p, behaviour, q, trained);

        // Candidates: never in an order before the cut, with a title.
        var sold = new bool[n];
        var history = split.History;
        for (int b = 0; b < history.Count; b++)
            foreach (var i in history[b])
                sold[i] = true;
        var candidates = new List<int>();
        for (int i = 0; i < n; i++)
            if (!sold[i] && !string.IsNullOrWhiteSpace(data.Items.Titles[i]))
                candidates.Add(i);
        var isCandidate = new bool[n];
        foreach (var c in candidates)
            isCandidate[c] = true;
        var mapped = new float[(long)n * q];
        foreach (var c in candidates)
            map.Map(textRows.AsSpan(c * p, p)).CopyTo(mapped.AsSpan(c * q, q));

        var tfidf = new TitleTfIdf(data.Items);
        string[] names = [ModelName, "text_to_item2vec_mean", "text_nearest", "text_profile", "item2vec_content", "tfidf_titles", "random"];
        var accumulators = names.Select(_ => new RankingAccumulator(n, 10, [10])).ToArray();
        var scores = new float[candidates.Count];
        var order = new int[candidates.Count];
        var profileB = new float[q];
        var profileT = new float[p];
        var profileW = new float[tfidf.WordCount];
        var targets = new List<int>();
        var weights = new Dictionary<int, int>();
        var historyItems = new List<int>();
        var random = new SeededRandom(options.Seed);
        int cases = 0;
        long targetSum = 0;
        for (int c = 0; c < split.CaseCount; c++)
        {
            targets.Clear();
            foreach (var i in split.TargetsOf(c))
                if (isCandidate[i])
                    targets.Add(i);
            if (targets.Count == 0)
                continue;
            cases++;
            targetSum += targets.Count;
            weights.Clear();
            foreach (int b in split.BasketsOf(split.Users[c]))
                foreach (var i in data.Baskets[b])
                    weights[i] = weights.GetValueOrDefault(i) + 1;
            Array.Clear(profileB);
            Array.Clear(profileT);
            Array.Clear(profileW);
            historyItems.Clear();
            historyItems.AddRange(weights.Keys);
            foreach (var (i, w) in weights)
            {
                if (trained[i])
                    TensorPrimitives.MultiplyAdd(behaviour.AsSpan(i * q, q), w, profileB, profileB);
                TensorPrimitives.MultiplyAdd(textRows.AsSpan(i * p, p), w, profileT, profileT);
                tfidf.AddTo(i, w, profileW);
            }
            var relevant = targets.ToArray();
            Rank(accumulators[0], k => Nearest(mapped.AsSpan(k * q, q), behaviour, q, historyItems, trained));
            Rank(accumulators[1], k => TensorPrimitives.Dot(mapped.AsSpan(k * q, q), profileB));
            Rank(accumulators[2], k => Nearest(textRows.AsSpan(k * p, p), textRows, p, historyItems, null));
            Rank(accumulators[3], k => TensorPrimitives.Dot(textRows.AsSpan(k * p, p), profileT));
            Rank(accumulators[4], k => content[k] ? TensorPrimitives.Dot(behaviour.AsSpan(k * q, q), profileB) : float.NegativeInfinity);
            Rank(accumulators[5], k => tfidf.Dot(k, profileW));
            for (int d = 0; d < options.RandomDraws; d++)
            {
                candidates.CopyTo(order);
                random.Shuffle(order.AsSpan());
                accumulators[6].AddList(order, relevant);
            }

            void Rank(RankingAccumulator into, Func<int, float> score)
            {
                for (int r = 0; r < candidates.Count; r++)
                {
                    order[r] = candidates[r];
                    scores[r] = -score(candidates[r]);
                }
                // Ascending by negated score, ties by item id (the sort is not stable: keep ties deterministic).
                Array.Sort(scores, order);
                SortTies(scores, order);
                into.AddList(order, relevant);
            }
        }
        if (cases == 0)
            throw new DataException($"No customer's first order in the last {options.TestDays} days holds an item never sold before them; nothing to evaluate.", field: "--test-days");
        var baselines = new List<KeyValuePair<string, RankingMetrics>>();
        for (int m = 1; m < names.Length; m++)
            baselines.Add(new(names[m], accumulators[m].ToMetrics()));
        return new ColdItemsTaskResult
        {
            Task = Name,
            Protocol = Protocol(options.TestDays, options.RandomDraws),
            ModelName = ModelName,
            Model = accumulators[0].ToMetrics(),
            Baselines = baselines,
            TestDays = options.TestDays,
            TestStart = DateTime.UnixEpoch.AddSeconds(split.Cut),
            ModelTrainedUntil = trainedUntil,
            Cases = cases,
            Candidates = candidates.Count,
            MeanTargets = (double)targetSum / cases,
            MapRows = map.Rows,
            MapLambda = map.Lambda,
            MapValidationCosine = map.ValidationCosine,
            Seconds = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>Items of the history a candidate's score reads: the mean cosine of its <see cref="NearestCount"/>
    /// closest history items, so a customer of several product ranges is matched by the range a new product belongs
    /// to rather than by the blurred mean of all of them.</summary>
    public const int NearestCount = 3;

    private static float Nearest(ReadOnlySpan<float> candidate, float[] rows, int dimensions, List<int> history, bool[]? usable)
    {
        Span<float> best = stackalloc float[NearestCount];
        best.Fill(float.NegativeInfinity);
        foreach (int h in history)
        {
            if (usable is not null && !usable[h])
                continue;
            float c = TensorPrimitives.Dot(candidate, rows.AsSpan(h * dimensions, dimensions));
            int worst = 0;
            for (int r = 1; r < NearestCount; r++)
                if (best[r] < best[worst])
                    worst = r;
            if (c > best[worst])
                best[worst] = c;
        }
        float sum = 0;
        int n = 0;
        foreach (var b in best)
            if (b > float.NegativeInfinity)
            { sum += b; n++; }
        return n == 0 ? float.NegativeInfinity : sum / n;
    }

    private static void SortTies(float[] scores, int[] order)
    {
        int start = 0;
        for (int r = 1; r <= scores.Length; r++)
        {
            if (r < scores.Length && scores[r] == scores[start])
                continue;
            if (r - start > 1)
                Array.Sort(order, start, r - start);
            start = r;
        }
    }
}
