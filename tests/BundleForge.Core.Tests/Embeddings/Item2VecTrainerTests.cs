using BundleForge.Data;
using BundleForge.Embeddings;

namespace BundleForge.Core.Tests.Embeddings;

public class Item2VecTrainerTests
{
    private static readonly Item2VecOptions Small = new() { Dimensions = 16, Epochs = 5, Negatives = 5, Sample = 0, Seed = 7 };

    [Fact]
    public void Deterministic_mode_gives_identical_vectors_for_the_same_seed()
    {
        var baskets = SyntheticShop.GroupedBaskets(400, 4, 10, seed: 1);
        var corpus = TrainingCorpus.Build(40, baskets, null, 1);
        var a = Item2VecTrainer.Train(corpus, 40, Small with { Deterministic = true, Sample = 1e-3 });
        var b = Item2VecTrainer.Train(corpus, 40, Small with { Deterministic = true, Sample = 1e-3 });
        var c = Item2VecTrainer.Train(corpus, 40, Small with { Deterministic = true, Sample = 1e-3, Seed = 8 });
        Assert.Equal(a.Embeddings.Input, b.Embeddings.Input);
        Assert.Equal(a.Embeddings.Output, b.Embeddings.Output);
        Assert.NotEqual(a.Embeddings.Input, c.Embeddings.Input);
    }

    [Theory]
    [InlineData(true, 1, 16)]
    [InlineData(false, 2, 16)]
    [InlineData(true, 1, 64)]  // the register-resident 64-dimension pair kernel
    [InlineData(false, 2, 64)]
    public void Items_bought_together_end_up_closer_than_items_of_other_groups(bool deterministic, int threads, int dims)
    {
        var baskets = SyntheticShop.GroupedBaskets(1500, 4, 10, seed: 2);
        var corpus = TrainingCorpus.Build(40, baskets, null, 1);
        var result = Item2VecTrainer.Train(corpus, 40, Small with { Deterministic = deterministic, Threads = threads, Epochs = 10, Dimensions = dims });
        double within = 0, across = 0;
        int nw = 0, na = 0;
        for (int i = 0; i < 40; i++)
            for (int j = i + 1; j < 40; j++)
            {
                float cos = VectorMath.Cosine(result.Embeddings.InputOf(i), result.Embeddings.InputOf(j));
                if (i / 10 == j / 10)
                { within += cos; nw++; }
                else
                { across += cos; na++; }
            }
        Assert.True(within / nw > across / na + 0.3, $"within {within / nw:0.000} across {across / na:0.000}");
        Assert.True(result.WordsPerSecond(10) > 0);
    }

    [Fact]
    public void Min_count_drops_rare_items_and_sentences_left_with_one_item()
    {
        var baskets = BasketSet.FromLists([[0, 1], [0, 1], [0, 2], [3, 4, 0]]);
        var corpus = TrainingCorpus.Build(5, baskets, null, minCount: 2);
        Assert.Equal([0, 1], corpus.VocabToItem);
        Assert.Equal(-1, corpus.ItemToVocab[2]);
        Assert.Equal(2, corpus.SentenceCount); // [0,2] and [3,4,0] keep one item each: no context
        Assert.Equal(9, corpus.RawTokens);
        var result = Item2VecTrainer.Train(corpus, 5, Small with { Deterministic = true });
        Assert.Equal(ItemVectorSource.None, result.Embeddings.Source[2]);
        Assert.Equal(ItemVectorSource.Trained, result.Embeddings.Source[1]);
    }

    [Fact]
    public void Bad_parameters_and_empty_data_are_clear_errors()
    {
        var baskets = BasketSet.FromLists([[0, 1]]);
        var corpus = TrainingCorpus.Build(2, baskets, null, 1);
        Assert.Throws<DataException>(() => Item2VecTrainer.Train(corpus, 2, Small with { Dimensions = 0 }));
        Assert.Throws<DataException>(() => Item2VecTrainer.Train(corpus, 2, Small with { Window = 0 }));
        var empty = TrainingCorpus.Build(2, BasketSet.FromLists([[0]]), null, 1);
        Assert.Throws<DataException>(() => Item2VecTrainer.Train(empty, 2, Small));
        Assert.Throws<DataException>(() => TrainingCorpus.Build(1, baskets, null, 1));
    }

    [Fact]
    public void Negative_table_follows_count_to_the_power_three_quarters()
    {
        var table = new NegativeSamplingTable([1, 16, 81]);
        var hits = new int[3];
        var random = new Random(3);
        for (int i = 0; i < 200_000; i++)
            hits[table.Draw((ulong)random.NextInt64() << 1)]++;
        // 1^0.75 : 16^0.75 : 81^0.75 = 1 : 8 : 27
        Assert.InRange(hits[1] / (double)hits[0], 6.5, 9.5);
        Assert.InRange(hits[2] / (double)hits[0], 23, 31);
    }

    [Fact]
    public void Alias_table_probabilities_match_the_smoothed_unigram_distribution()
    {
        var random = new Random(5);
        var counts = new long[5000];
        for (int i = 0; i < counts.Length; i++)
            counts[i] = 1 + (long)(1e5 / (1 + i)) + random.Next(3); // Zipf-like
        var table = new NegativeSamplingTable(counts);
        double total = counts.Sum(c => Math.Pow(c, 0.75));
        foreach (int i in new[] { 0, 1, 2, 10, 100, 999, 4999 })
        {
            double expected = Math.Pow(counts[i], 0.75) / total;
            // each slot's coin is rounded to 1/65536 of the slot's 1/n share; an item collects from its own slot and
            // from the slots it is the alias of (about n·p of them)
            double tolerance = 2e-5 * (expected + 1.0 / counts.Length);
            Assert.InRange(table.Probability(i), expected - tolerance, expected + tolerance);
        }
        Assert.Equal(1.0, Enumerable.Range(0, counts.Length).Sum(table.Probability), 6);
    }

    [Fact]
    public void Sigmoid_table_is_close_to_the_logistic_function()
    {
        var s = new SigmoidTable();
        foreach (var x in new[] { -5.9f, -2f, -0.3f, 0f, 0.7f, 3f, 5.9f })
            Assert.InRange(s[x], 1 / (1 + MathF.Exp(-x)) - 0.01f, 1 / (1 + MathF.Exp(-x)) + 0.01f);
        Assert.Equal(1f, s[10f]);
        Assert.Equal(0f, s[-10f]);
    }

    [Fact]
    public void Workers_get_equal_pairs_not_equal_tokens_when_cheap_baskets_come_before_long_histories()
    {
        // 3,000 two-item baskets of 100 users: the corpus holds the baskets first (one pair per token) and then the
        // users' 60-item histories (about window + 1 pairs per token).
        var random = new Random(5);
        var lists = new List<int[]>();
        var users = new int[3000];
        while (lists.Count < 3000)
        {
            int a = random.Next(40);
            lists.Add([a, (a + 1 + random.Next(39)) % 40]);
            users[lists.Count - 1] = lists.Count % 100;
        }
        var baskets = BasketSet.FromLists(lists, users, Enumerable.Range(0, 3000).Select(t => (long)t).ToArray());
        var corpus = TrainingCorpus.Build(40, baskets, BasketHistories.FromBaskets(baskets, 100), 1);
        var o = new Item2VecOptions();
        var bounds = Item2VecTrainer.Partition(corpus, 2, o.Window, o.BasketContextLimit);
        long Work(int from, int to)
        {
            long w = 0;
            for (int s = from; s < to; s++)
                w += Item2VecTrainer.PairsOf(corpus, s, o.Window, o.BasketContextLimit);
            return w;
        }
        long first = Work(bounds[0], bounds[1]), second = Work(bounds[1], bounds[2]);
        Assert.InRange(first / (double)(first + second), 0.45, 0.55);
        // An equal-token split would have given the second worker most of the pairs: the histories alone hold half the tokens.
        int tokensFirst = corpus.Offsets[bounds[1]];
        Assert.True(tokensFirst > corpus.Tokens.Length * 0.6, $"{tokensFirst} of {corpus.Tokens.Length} tokens");
        Assert.Equal(corpus.SentenceCount, bounds[2]);
    }
}
