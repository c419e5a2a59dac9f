using BundleForge.Artifacts;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Evaluation.Synthetic;
using BundleForge.Splits;
using Xunit.Abstractions;

namespace BundleForge.Neural.Tests;

public class ItemFeatureTests(ITestOutputHelper output)
{
    private static ItemCatalog Catalog(string?[] categories, string?[] brands, float[] prices)
    {
        int n = categories.Length;
        var ids = Enumerable.Range(0, n).Select(i => $"sku-{i}").ToArray();
        return new ItemCatalog(ids, new string?[n], categories, brands, prices, Enumerable.Repeat(float.NaN, n).ToArray(),
            Enumerable.Repeat(-1, n).ToArray(), costAssumed: false);
    }

    [Fact]
    public void Table_gives_each_slot_its_own_id_range_and_zero_for_unknown()
    {
        var catalog = Catalog(["A>B", "A>C", null, "D"], ["x", null, "x", "y"], [1f, 2f, float.NaN, 4f]);
        var table = ItemFeatureTable.FromEncodings(AttributeEncodings.Build(catalog, priceBands: 2));
        Assert.Equal(["category1", "category2", "brand", "price_band"], table.SlotNames);
        long[] Row(int i) => table.Ids.AsSpan(i * table.Slots, table.Slots).ToArray();
        // Items 0 and 1 share the top level "A" but not the second level; item 2 has no category and no price.
        Assert.Equal(Row(0)[0], Row(1)[0]);
        Assert.NotEqual(Row(0)[1], Row(1)[1]);
        Assert.Equal(0, Row(2)[0]);
        Assert.Equal(0, Row(2)[1]);
        Assert.Equal(0, Row(2)[3]);
        Assert.Equal(0, Row(3)[1]);               // "D" has no second level
        Assert.Equal(Row(0)[2], Row(2)[2]);       // brand x
        Assert.Equal(0, Row(1)[2]);               // no brand
        Assert.NotEqual(Row(0)[3], Row(3)[3]);    // cheap vs expensive band
        // No id is reused across slots, and all lie below the vocabulary.
        var bySlot = Enumerable.Range(0, table.Slots)
            .Select(s => Enumerable.Range(0, 4).Select(i => Row(i)[s]).Where(v => v != 0).ToHashSet()).ToArray();
        for (int a = 0; a < table.Slots; a++)
            for (int b = a + 1; b < table.Slots; b++)
                Assert.Empty(bySlot[a].Intersect(bySlot[b]));
        Assert.All(table.Ids, v => Assert.InRange(v, 0, table.Vocabulary - 1));
        Assert.Equal(4, table.ItemsWithFeatures);
    }

    [Fact]
    public void Items_with_the_same_features_share_part_of_their_embedding()
    {
        TorchRuntime.Ensure(1);
        TorchSharp.torch.manual_seed(3);
        var table = new ItemFeatureTable(3, ["category1"], [1, 1, 2], vocabulary: 3);
        var options = new SequenceModelOptions { MaxLength = 4, Dim = 8, Heads = 2, Blocks = 1 };
        using var net = new SequenceTransformer(options.ToConfig(3, table), table);
        using var plain = new SequenceTransformer(options.ToConfig(3));
        var items = net.ItemTable.detach().data<float>().ToArray();
        var own = net.state_dict()["items.weight"].narrow(0, 1, 3).detach().data<float>().ToArray();
        var feature = net.state_dict()["features.weight"].detach().data<float>().ToArray();
        for (int d = 0; d < 8; d++)
        {
            Assert.Equal(own[d] + feature[8 + d], items[d], 6);          // item 0: own + feature 1
            Assert.Equal(own[8 + d] + feature[8 + d], items[8 + d], 6);  // item 1: own + feature 1
            Assert.Equal(own[16 + d] + feature[16 + d], items[16 + d], 6); // item 2: own + feature 2
        }
        // Input embeddings use the same sum, so a token's vector equals its score-table row.
        var embedded = net.EmbedTokens(TorchSharp.torch.tensor(new long[] { 2 })).detach().data<float>().ToArray();
        Assert.Equal(items.AsSpan(8, 8).ToArray(), embedded);
        Assert.DoesNotContain(plain.state_dict().Keys, k => k.Contains("feature"));
    }

    [Fact]
    public void Feature_model_loads_back_with_identical_scores_and_its_config()
    {
        var shop = SyntheticShop.Create(new ShopGeneratorOptions { Items = 60, Users = 5, Orders = 1, Seed = 4 });
        var table = ItemFeatureTable.FromEncodings(AttributeEncodings.Build(shop.ToCatalog()));
        var seqs = SyntheticSequences.Successors(users: 60, shop.ItemCount, 4, 8, seed: 9);
        var result = SequenceTrainer.Train(seqs, shop.ItemCount, new SequenceModelOptions
        {
            MaxLength = 8,
            Dim = 16,
            Blocks = 1,
            Heads = 2,
            Epochs = 2,
            BatchSize = 16,
            Seed = 2,
            Threads = 1,
        }, table);
        Assert.Equal(2, result.Network.Config.FormatVersion);
        Assert.Equal(table.Slots, result.Network.Config.ItemFeatureSlots);
        var dir = Path.Combine(Path.GetTempPath(), "bf-neural-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var w = new ModelWriter(dir, "fingerprint", "test"))
            {
                SequenceModelArtifact.Write(w, result.Network, shop.ItemIds);
                w.Commit();
            }
            using var original = new SequenceScorer(result.Network, shop.ItemIds);
            using var loaded = SequenceScorer.Load(dir);
            Assert.Equal(result.Network.Config, loaded.Config);
            int[] history = [3, 4, 5, 6];
            Assert.Equal(original.Scores(history), loaded.Scores(history));
            Assert.Equal(original.TopK(history, 5), loaded.TopK(history, 5));
            // The feature ids came back from the weights file, not from a fresh zero table.
            using var fresh = new SequenceTransformer(result.Network.Config);
            Assert.Equal(TorchSharp.torch.tensor(table.Ids, [table.ItemCount, table.Slots]).data<long>().ToArray(),
                loaded.Network.state_dict()["token_features"].narrow(0, 1, table.ItemCount).data<long>().ToArray());
            Assert.NotEqual(result.Network.state_dict()["token_features"].data<long>().ToArray(),
                fresh.state_dict()["token_features"].data<long>().ToArray());
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, true);
        }
    }

    /// <summary>A generated shop's catalog with a planted category-level pattern: each next purchase comes from the
    /// next leaf category (in a fixed cycle), any item of it. One item per leaf is never bought in training: it
    /// appears only as some users' last (test) item. Only the category says where it belongs.</summary>
    private sealed record ColdWorld(SyntheticShop Shop, UserSequences Sequences, HashSet<int> Cold);

    private static ColdWorld MakeColdWorld()
    {
        var shop = SyntheticShop.Create(new ShopGeneratorOptions { Items = 120, Users = 5, Orders = 1, Seed = 11 });
        var rng = new Random(5);
        var leaves = shop.LeafItems;
        var cold = new HashSet<int>();
        foreach (var items in leaves)
            if (items.Length >= 2)
                cold.Add(items[^1]);
        int PickWarm(int leaf)
        {
            var items = leaves[leaf];
            int warm = items.Length >= 2 ? items.Length - 1 : items.Length;
            return items[rng.Next(warm)];
        }
        var offsets = new List<int> { 0 };
        var flat = new List<int>();
        for (int u = 0; u < 600; u++)
        {
            int len = rng.Next(5, 10);
            int leaf = rng.Next(leaves.Length);
            for (int k = 0; k < len; k++)
            {
                bool last = k == len - 1;
                var items = leaves[leaf];
                flat.Add(last && u % 2 == 0 && items.Length >= 2 ? items[^1] : PickWarm(leaf));
                leaf = (leaf + 1) % leaves.Length;
            }
            offsets.Add(flat.Count);
        }
        return new ColdWorld(shop, new UserSequences(offsets.ToArray(), flat.ToArray(), new long[flat.Count]), cold);
    }

    private static double ColdHitRate(SequenceTrainingResult result, ColdWorld world, int k)
    {
        var split = LeaveLastOut.Create(world.Sequences);
        using var scorer = new SequenceScorer(result.Network, world.Shop.ItemIds);
        int hits = 0, users = 0;
        for (int u = 0; u < world.Sequences.Count; u++)
        {
            if (!world.Cold.Contains(split.TestTargetOf(u)))
                continue;
            users++;
            if (scorer.TopK(split.TestHistoryOf(u), k).Any(x => x.Item == split.TestTargetOf(u)))
                hits++;
        }
        Assert.True(users > 100);
        return (double)hits / users;
    }

    [Fact]
    public void Features_let_the_model_recommend_items_never_bought_in_training()
    {
        var world = MakeColdWorld();
        var table = ItemFeatureTable.FromEncodings(AttributeEncodings.Build(world.Shop.ToCatalog()));
        // Three seeds and their median: on this small world one seed in four (3) does not learn the cold pattern in 15
        // epochs (cold HR@10 0.000 with features), while the others reach 0.75-0.83; a single seed would test the seed.
        var with = new double[3];
        var without = new double[3];
        for (int s = 0; s < 3; s++)
        {
            var options = new SequenceModelOptions
            {
                MaxLength = 10,
                Dim = 32,
                Blocks = 1,
                Heads = 2,
                Dropout = 0.1,
                Epochs = 15,
                Patience = 15,
                BatchSize = 32,
                LearningRate = 5e-3,
                Seed = 1 + s,
                Threads = 2,
            };
            with[s] = ColdHitRate(SequenceTrainer.Train(world.Sequences, world.Shop.ItemCount, options, table), world, 10);
            without[s] = ColdHitRate(SequenceTrainer.Train(world.Sequences, world.Shop.ItemCount, options), world, 10);
            output.WriteLine($"seed {1 + s}: cold HR@10 with features {with[s]:0.000}, without {without[s]:0.000}");
        }
        Array.Sort(with);
        Array.Sort(without);
        // About six items per leaf: a model that knows the next leaf and that the cold item belongs to it puts the
        // cold item in its top 10; without features the cold item's own vector was only ever pushed down.
        Assert.True(with[1] > 0.6, $"median cold HR@10 with features {with[1]:0.000}, without {without[1]:0.000}");
        Assert.True(with[1] > without[2] + 0.4, $"median cold HR@10 with features {with[1]:0.000}, best without {without[2]:0.000}");
    }
}
