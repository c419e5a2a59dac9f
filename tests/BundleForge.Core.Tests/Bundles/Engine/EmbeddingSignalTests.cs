using BundleForge.Bundles;
using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Strategy;
using BundleForge.Core.Tests.Embeddings;
using BundleForge.Core.Tests.Evaluation.Bundles;
using BundleForge.Data;
using BundleForge.Embeddings;

namespace BundleForge.Core.Tests.Bundles.Engine;

public class EmbeddingSignalTests
{
    /// <summary>The <see cref="ChargerShop"/> with item2vec trained on it (2 and 3 share a leaf only in the encodings).
    /// The catalog has no categories, so the co-purchase scorer alone cannot tell that 2 and 3 are substitutes.</summary>
    private static (ItemCatalog Catalog, BasketSet Baskets, Item2VecModel Model) Shop()
    {
        var baskets = ChargerShop.Baskets();
        int n = ChargerShop.Items;
        var catalog = BundleTestData.Catalog(Enumerable.Repeat(10f, n).ToArray(), Enumerable.Repeat(5f, n).ToArray());
        var corpus = TrainingCorpus.Build(n, baskets, null, 1);
        var trained = Item2VecTrainer.Train(corpus, n, new Item2VecOptions { Dimensions = 16, Epochs = 5, Deterministic = true, Sample = 0, Seed = 3 });
        var leafCategories = new List<string?>(Enumerable.Repeat<string?>(null, n)) { [2] = "Power>Chargers", [3] = "Power>Chargers" };
        var withLeaves = BundleTestData.Catalog(catalog.Price, catalog.Cost, leafCategories.ToArray());
        var encodings = AttributeEncodings.Build(withLeaves);
        var model = new Item2VecModel(trained.Embeddings, catalog.Ids, catalog.Titles, encodings, ItemCooccurrence.Build(baskets, n), null);
        return (catalog, baskets, model);
    }

    /// <summary>A small, deterministic item2vec model of a generated shop.</summary>
    internal static Item2VecModel Item2VecOf(Dataset data)
    {
        var corpus = TrainingCorpus.Build(data.Items.Count, data.Baskets, null, 1);
        var trained = Item2VecTrainer.Train(corpus, data.Items.Count, new Item2VecOptions { Dimensions = 16, Epochs = 2, Deterministic = true, Seed = 5 });
        return new Item2VecModel(trained.Embeddings, data.Items.Ids, data.Items.Titles, AttributeEncodings.Build(data.Items),
            ItemCooccurrence.Build(data.Baskets, data.Items.Count), null);
    }

    private static List<ComposedBundle> ComposeAll(ItemCatalog catalog, IPairScorer pairs, int[] pool)
    {
        var strategy = new MarketStrategy { OnePerCategory = false, MarginFloor = 0 };
        var composer = new BundleComposer(catalog, pairs, strategy);
        var scores = pool.Select(_ => 1f).ToArray();
        return composer.Compose(new UserContext(), CandidatePool.FromScores(pool, scores, "test"), 20).ToList();
    }

    [Fact]
    public void EmbeddingMeasure_VetoesSubstitutes_TheCoPurchaseScorerMisses()
    {
        var (catalog, baskets, model) = Shop();
        var copurchase = CooccurrencePairScorer.Build(baskets, catalog.Count, catalog);
        int[] pool = [2, 3, 4];
        // Co-purchase alone bundles both chargers with the cable (each complements the cable; no category to object).
        Assert.Contains(ComposeAll(catalog, copurchase, pool), b => b.Items.Contains(2) && b.Items.Contains(3));
        var mixed = new EmbeddingPairScorer(copurchase, model) { EmbeddingWeight = 0 };
        Assert.True(mixed.Score(2, 3).Substitutability >= 0.5f);
        var bundles = ComposeAll(catalog, mixed, pool);
        Assert.NotEmpty(bundles);
        Assert.DoesNotContain(bundles, b => b.Items.Contains(2) && b.Items.Contains(3));
    }

    [Fact]
    public void EmbeddingComplementarity_IsMixedIn_AndZeroForUnrelatedPairs()
    {
        var (catalog, baskets, model) = Shop();
        var copurchase = CooccurrencePairScorer.Build(baskets, catalog.Count, catalog);
        var mixed = new EmbeddingPairScorer(copurchase, model) { EmbeddingWeight = 0.5f };
        var plain = copurchase.Score(0, 1);
        var e = mixed.Score(0, 1);
        float emb = mixed.ComplementOf(0, 1);
        Assert.True(emb > 0.3f, $"phone and case should be embedding complements, got {emb}");
        Assert.Equal(0.5f * plain.Complementarity + 0.5f * emb, e.Complementarity, 5);
        Assert.Equal(plain.CoCount, e.CoCount);
        Assert.Equal(e.Complementarity, mixed.Score(1, 0).Complementarity, 5);
        // Phone and charger never meet: no complementarity from either measure.
        Assert.Equal(0f, mixed.ComplementOf(0, 2), 2);
        // The fast path gives the same substitute measure as PairRelationScorer, for every pair.
        for (int a = 0; a < catalog.Count; a++)
            for (int b = 0; b < catalog.Count; b++)
                if (a != b)
                    Assert.Equal(Math.Max(copurchase.Score(a, b).Substitutability, model.Relations.SubstituteScore(a, b)), mixed.Score(a, b).Substitutability, 4);
    }

    [Fact]
    public void ComplementSource_ProposesItem2VecComplementsOfTheAnchorAndHistory()
    {
        var (catalog, _, model) = Shop();
        var source = new EmbeddingComplementSource(model);
        var into = new List<Candidate>();
        source.Collect(new UserContext { Anchor = 0 }, 5, into);
        Assert.Equal(1, into[0].Item);
        Assert.Equal("item2vec", into[0].Source);
        Assert.Equal(new SignalEvidence(EvidenceKind.Complements, Seed: 0), into[0].Evidence);
        into.Clear();
        source.Collect(new UserContext { User = 1, History = [2], HistoryTime = [100] }, 5, into);
        Assert.Equal(4, into[0].Item);
    }

    [Fact]
    public void ProfileSource_FindsItemsLikeTheUsersOwn_ThatCoPurchaseCannot()
    {
        var (catalog, baskets, model) = Shop();
        var into = new List<Candidate>();
        new EmbeddingProfileSource(model).Collect(new UserContext { User = 1, History = [2, 2], HistoryTime = [100, 200] }, 3, into);
        // Charger 3 is interchangeable with the user's charger 2 (same contexts) although never bought with it.
        Assert.Contains(into, c => c.Item == 3 && c.Score > 0.3f);
        var copurchase = CooccurrencePairScorer.Build(baskets, catalog.Count, catalog);
        var complements = new List<(int Item, float Complementarity)>();
        copurchase.TopComplements(2, 15, complements);
        Assert.DoesNotContain(complements, c => c.Item == 3);
        Assert.All(into, c => Assert.Equal("item2vec-profile", c.Source));
        into.Clear();
        new EmbeddingProfileSource(model).Collect(new UserContext(), 3, into);
        Assert.Empty(into);
    }

    [Fact]
    public void Factory_PlugsItem2VecIn_AsSourcesAndPairScorer()
    {
        var (_, data, _) = ShopSimulatorTests.Shop(8);
        var model = Item2VecOf(data);
        var bundles = BundleModel.Build(data, data.Baskets, new BundleForge.Privacy.Pseudonymizer(new byte[32]));
        var plain = new BundleEngineFactory(data.Items, bundles);
        var factory = plain.With([new Item2VecBundleSignals().For(model, data.Items)]);
        Assert.Equal(["item2vec"], factory.Signals);
        Assert.IsType<EmbeddingPairScorer>(factory.PairScorer);
        Assert.Contains(factory.ExtraSources, s => s.Name == "item2vec");
        Assert.Contains(factory.ExtraSources, s => s.Name == "item2vec-profile");
        var engine = factory.Create(new MarketStrategy { Exploration = false });
        var prices = UserPriceProfile.Build(data.Items);
        bool usedItem2Vec = false;
        for (int u = 0; u < 100 && !usedItem2Vec; u++)
        {
            if (data.Sequences.LengthOf(u) < 3)
                continue;
            foreach (var b in engine.ComposeCandidates(UserContext.FromDataset(data, u, prices: prices), 9))
                usedItem2Vec |= b.ItemSources.Any(s => s.Source.StartsWith("item2vec", StringComparison.Ordinal));
        }
        Assert.True(usedItem2Vec, "no composed bundle holds an item proposed by item2vec");
        // A model trained on another catalog is refused rather than mis-mapped.
        var other = BundleTestData.Catalog([1f, 2f], [0.5f, 1f]);
        Assert.Throws<DataException>(() => new Item2VecBundleSignals().For(model, other));
    }
}
