using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Splits;

namespace BundleForge.Evaluation.BasketCompletion;

/// <summary>The outcome of a basket-completion run: the protocol as words and numbers, the blended scorer's metrics
/// and every baseline, all on the same queries.</summary>
public sealed record BasketCompletionReport(Dictionary<string, object> Protocol, BasketCompletionResult Blend, List<BasketCompletionResult> Baselines);

/// <summary>Runs basket completion end to end: split the baskets (time split when the data has real time, else a
/// seeded random share of baskets), retrain item2vec on the training part only with the model's parameters, count
/// co-occurrence on the training part, hide one item per held-out basket and score every scorer on the same queries.</summary>
public static class BasketCompletionExperiment
{
    public static BasketCompletionReport Run(Dataset data, Item2VecOptions options, int seed = 42, double holdout = 0.1, int testDays = 30,
        float embeddingWeight = 0.25f, int k = 10, IProgress<ProgressUpdate>? progress = null)
    {
        BasketSet train, test;
        string split;
        if (data.HasRealTime)
        {
            var s = TimeSplit.Create(data.Baskets, testDays, 0);
            train = s.Train;
            test = s.Test;
            split = $"time split: the last {testDays} days are held out";
        }
        else
        {
            if (holdout is <= 0 or >= 1)
                throw new DataException("The held-out share must be in (0, 1).", field: "holdout");
            var random = new SeededRandom(seed);
            var isTest = new bool[data.Baskets.Count];
            for (int b = 0; b < isTest.Length; b++)
                isTest[b] = random.NextDouble() < holdout;
            train = data.Baskets.Where(b => !isTest[b]);
            test = data.Baskets.Where(b => isTest[b]);
            split = $"random {holdout:P0} of baskets held out (seed {seed})";
        }
        if (train.Count == 0 || test.Count == 0)
            throw new DataException("The split left no training or no held-out baskets; use more data or change --test-days.");
        int n = data.Items.Count;
        var histories = options.UseHistories ? BasketHistories.FromBaskets(train, data.Users.Count) : null;
        var corpus = TrainingCorpus.Build(n, options.UseBaskets ? train : null, histories, options.MinCount);
        var trained = Item2VecTrainer.Train(corpus, n, options, progress);
        var cooccurrence = ItemCooccurrence.Build(train, n);
        var queries = BasketCompletionEvaluator.CreateQueries(test, seed);
        if (queries.Length == 0)
            throw new DataException("No held-out basket has two or more items: nothing to complete.");
        var evaluator = new BasketCompletionEvaluator(queries, BasketCompletionEvaluator.HeadItems(cooccurrence.ItemCounts), k);
        progress?.Report(new ProgressUpdate("evaluating", double.NaN, $"{queries.Length} queries"));
        var context = new EmbeddingContextScorer(trained.Embeddings);
        var baselines = new List<BasketCompletionResult>
        {
            evaluator.Evaluate(new PopularityScorer(cooccurrence.ItemCounts)),
            evaluator.Evaluate(new CooccurrenceScorer(cooccurrence)),
            evaluator.Evaluate(context),
            evaluator.Evaluate(new EmbeddingSimilarityScorer(trained.Embeddings)),
        };
        var blend = evaluator.Evaluate(new BlendedBasketScorer(cooccurrence, context, embeddingWeight));
        var protocol = new Dictionary<string, object>
        {
            ["split"] = split,
            ["query"] = "hide one random item of each held-out basket with >= 2 items; rank all catalog items, the visible items excluded",
            ["train_baskets"] = train.Count,
            ["held_out_baskets"] = test.Count,
            ["queries"] = queries.Length,
            ["catalog_items"] = n,
            ["head"] = "targets among the most-bought training items covering 50% of training purchases; tail = the rest",
            ["scorer"] = $"blend: (1 - w) * P_cooc(i|basket) + w * P_item2vec(i|basket), w = {embeddingWeight}",
            ["item2vec_retrained_on_train_split"] = true,
            ["item2vec_seconds"] = Math.Round(trained.Seconds, 3),
            ["item2vec_words_per_second"] = Math.Round(trained.WordsPerSecond(options.Epochs)),
        };
        return new BasketCompletionReport(protocol, blend, baselines);
    }
}
