using BenchmarkDotNet.Attributes;
using BundleForge.Bundles;
using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Pricing;
using BundleForge.Bundles.Strategy;
using BundleForge.Data;
using BundleForge.Evaluation.Synthetic;

namespace BundleForge.Bench;

/// <summary>Serving cost of the bundle engine on a generated shop (8,000 items, 200,000 orders): composing three
/// bundles from a 5,000-item candidate pool for a known user and for an anchor item (co-purchase pair scoring, and
/// co-purchase mixed with the item2vec complement/substitute measure), collecting item2vec candidates, and pricing one
/// bundle.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class BundleComposerBenchmarks
{
    private BundleComposer _composer = null!;
    private BundlePricer _pricer = null!;
    private CandidatePool _pool = null!;
    private UserContext _user = null!;
    private UserContext _anchor = null!;
    private ComposedBundle _bundle = null!;
    private BundleComposer _embeddingComposer = null!;
    private ICandidateSource[] _item2vecSources = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (_, data) = ShopGenerator.Build(new ShopGeneratorOptions { Users = 20_000, Items = 8_000, Orders = 200_000, Seed = 4 });
        var pairs = CooccurrencePairScorer.Build(data.Baskets, data.Items.Count, data.Items);
        var rng = new SeededRandom(3);
        var items = new int[5_000];
        var scores = new float[items.Length];
        for (int k = 0; k < items.Length; k++)
        { items[k] = k; scores[k] = (float)rng.NextDouble(); }
        _pool = CandidatePool.FromScores(items, scores, "bench");
        _composer = new BundleComposer(data.Items, pairs, MarketStrategy.Default);
        _pricer = new BundlePricer(data.Items, MarketStrategy.Default, new AcceptanceModel(),
            new PopularityOrganicDemand(pairs.ItemCounts.ToArray(), pairs.BasketCount));
        _user = UserContext.FromDataset(data, 5);
        _anchor = new UserContext { Anchor = 17 };
        _bundle = _composer.Compose(_user, _pool, 1)[0];

        var corpus = BundleForge.Embeddings.TrainingCorpus.Build(data.Items.Count, data.Baskets, null, 1);
        var trained = BundleForge.Embeddings.Item2VecTrainer.Train(corpus, data.Items.Count, new BundleForge.Embeddings.Item2VecOptions { Dimensions = 64, Epochs = 2, Seed = 4 });
        var item2vec = new BundleForge.Embeddings.Item2VecModel(trained.Embeddings, data.Items.Ids, data.Items.Titles,
            BundleForge.Embeddings.AttributeEncodings.Build(data.Items), ItemCooccurrence.Build(data.Baskets, data.Items.Count), null);
        var signals = new Item2VecBundleSignals().For(item2vec, data.Items);
        _embeddingComposer = new BundleComposer(data.Items, signals.PairScorer!(pairs), MarketStrategy.Default);
        _item2vecSources = signals.Sources.ToArray();
    }

    [Benchmark]
    public int ComposeForUserWithItem2VecPairs() => _embeddingComposer.Compose(_user, _pool, 3).Count;

    [Benchmark]
    public int ComposeForAnchorWithItem2VecPairs() => _embeddingComposer.Compose(_anchor, _pool, 3).Count;

    [Benchmark]
    public int CollectItem2VecCandidates()
    {
        var into = new List<Candidate>();
        foreach (var s in _item2vecSources)
            s.Collect(_user, 500, into);
        return into.Count;
    }

    [Benchmark]
    public int ComposeForUser() => _composer.Compose(_user, _pool, 3).Count;

    [Benchmark]
    public int ComposeForAnchor() => _composer.Compose(_anchor, _pool, 3).Count;

    [Benchmark]
    public int PriceBundle() => _pricer.Quote(_bundle, _user).Chosen;
}
