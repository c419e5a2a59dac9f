using System.Globalization;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Evaluation.BasketCompletion;

namespace BundleForge.Bench;

/// <summary>The BundleForge half of <c>bench/item2vec/side_by_side.sh</c>: <c>dotnet BundleForge.Bench.dll
/// item2vec-vs-gensim TRAIN.dat TEST.dat GENSIM_VECTORS.txt GENSIM_SECONDS [threads]</c>. Trains item2vec on TRAIN with
/// gensim's parameters (skip-gram, 64 dims, window 5, 5 negatives, sample 1e-3, 10 epochs, min count 1), then scores
/// basket completion on TEST (one hidden item per basket, seed 42, all items ranked) with the SGNS prediction
/// and the cosine scorer for both its own vectors and gensim's, and prints both timings and the speed ratio.</summary>
public static class Item2VecVersusGensimRun
{
    public static void Run(string[] args)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var (train, rawWords) = ReadBaskets(args[0], ids);
        int trainItems = ids.Count;
        var (test, _) = ReadBaskets(args[1], ids); // items first seen in TEST get ids no vector covers: misses for both
        int items = ids.Count;
        double gensimSeconds = double.Parse(args[3], CultureInfo.InvariantCulture);
        int threads = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 2;

        var options = new Item2VecOptions { Dimensions = 64, Window = 5, Negatives = 5, Sample = 1e-3, Epochs = 10, MinCount = 1, Threads = threads };
        var corpus = TrainingCorpus.Build(items, train, null, options.MinCount);
        var ours = Item2VecTrainer.Train(corpus, items, options);
        var gensim = ReadGensimVectors(args[2], ids, items);

        Console.WriteLine($"baskets: {train.Count} training ({rawWords} raw words, {trainItems} items), {test.Count} held out; threads {threads}");
        Console.WriteLine($"gensim      training {gensimSeconds,8:0.000} s  {rawWords * 10.0 / gensimSeconds,10:0} words/s");
        Console.WriteLine($"bundleforge training {ours.Seconds,8:0.000} s  {rawWords * 10.0 / ours.Seconds,10:0} words/s");
        Console.WriteLine($"speed ratio (gensim seconds / bundleforge seconds): {gensimSeconds / ours.Seconds:0.00}x");

        var counts = new int[items];
        foreach (var i in train.Items)
            counts[i]++;
        var evaluator = new BasketCompletionEvaluator(BasketCompletionEvaluator.CreateQueries(test, 42), BasketCompletionEvaluator.HeadItems(counts));
        Console.WriteLine($"basket completion, {evaluator.Queries.Count} queries:");
        Console.WriteLine("| vectors | scorer | HR@10 | NDCG@10 | MRR | tail HR@10 |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var (name, embeddings) in new[] { ("gensim 4.2", gensim), ("bundleforge", ours.Embeddings) })
            foreach (IBasketCompletionScorer scorer in new IBasketCompletionScorer[] { new EmbeddingContextScorer(embeddings), new EmbeddingSimilarityScorer(embeddings) })
            {
                var r = evaluator.Evaluate(scorer);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {(scorer is EmbeddingContextScorer ? "SGNS prediction" : "cosine")} | {r.All["hr@10"]:0.0000} | {r.All["ndcg@10"]:0.0000} | {r.All["mrr"]:0.0000} | {r.Tail["hr@10"]:0.0000} |"));
            }
    }

    /// <summary>One basket per line of space-separated item tokens; dense ids assigned on first sight.</summary>
    private static (BasketSet Baskets, long RawWords) ReadBaskets(string path, Dictionary<string, int> ids)
    {
        var baskets = new List<int[]>();
        long raw = 0;
        foreach (var line in File.ReadLines(path))
        {
            var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0)
                continue;
            raw += tokens.Length;
            var set = new SortedSet<int>();
            foreach (var t in tokens)
            {
                if (!ids.TryGetValue(t, out int id))
                    ids[t] = id = ids.Count;
                set.Add(id);
            }
            baskets.Add([.. set]);
        }
        return (BasketSet.FromLists(baskets), raw);
    }

    /// <summary>gensim_item2vec.py's dump: "token count in_1..in_64 out_1..out_64" per line.</summary>
    private static ItemEmbeddings ReadGensimVectors(string path, Dictionary<string, int> ids, int items)
    {
        const int d = 64;
        var input = new float[items * d];
        var output = new float[items * d];
        var source = new ItemVectorSource[items];
        var gensimCounts = new long[items];
        foreach (var line in File.ReadLines(path))
        {
            var f = line.Split(' ');
            if (f.Length != 2 + 2 * d || !ids.TryGetValue(f[0], out int i))
                continue;
            gensimCounts[i] = long.Parse(f[1], CultureInfo.InvariantCulture);
            for (int k = 0; k < d; k++)
            {
                input[i * d + k] = float.Parse(f[2 + k], CultureInfo.InvariantCulture);
                output[i * d + k] = float.Parse(f[2 + d + k], CultureInfo.InvariantCulture);
            }
            source[i] = ItemVectorSource.Trained;
        }
        return new ItemEmbeddings(d, input, output, source, gensimCounts);
    }
}
