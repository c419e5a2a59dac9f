using BundleForge.Artifacts;

namespace BundleForge.Neural.Tests;

public class SequenceModelArtifactTests
{
    [Theory]
    [InlineData(SequenceModelKind.SasRec)]
    [InlineData(SequenceModelKind.Bert4Rec)]
    public void Saved_model_loads_back_with_identical_scores(SequenceModelKind kind)
    {
        const int items = 30;
        var seqs = SyntheticSequences.Successors(users: 60, items, 4, 8, seed: 9);
        var result = SequenceTrainer.Train(seqs, items, new SequenceModelOptions
        {
            Kind = kind,
            MaxLength = 8,
            Dim = 16,
            Blocks = 1,
            Heads = 2,
            Epochs = 2,
            BatchSize = 16,
            Seed = 2,
            Threads = 1,
        });
        var dir = Path.Combine(Path.GetTempPath(), "bf-neural-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var w = new ModelWriter(dir, "fingerprint", "test"))
            {
                SequenceModelArtifact.Write(w, result.Network, SyntheticSequences.ItemIds(items));
                w.Commit();
            }
            using var original = new SequenceScorer(result.Network, SyntheticSequences.ItemIds(items));
            using var loaded = SequenceScorer.Load(dir);
            Assert.Equal(kind, loaded.Config.Kind);
            Assert.Equal(result.Network.Config, loaded.Config);
            int[] history = [3, 4, 5, 6];
            Assert.Equal(original.Scores(history), loaded.Scores(history));
            Assert.Equal(original.TopK(history, 5), loaded.TopK(history, 5));
            Assert.Equal("sku-7", loaded.ItemIds[7]);
            Assert.Equal(7, loaded.IndexOf("sku-7"));

            var batch = loaded.TopKBatch([[3, 4, 5, 6], [1], [9, 10]], 5, batchSize: 2);
            Assert.Equal(loaded.TopK(history, 5).Select(x => x.Item), batch[0].Select(x => x.Item));
            Assert.Equal(loaded.TopK([9, 10], 5).Select(x => x.Item), batch[2].Select(x => x.Item));
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Top_k_can_exclude_history_items()
    {
        TorchRuntime.Ensure();
        TorchSharp.torch.manual_seed(1);
        using var scorer = new SequenceScorer(new SequenceTransformer(new SequenceModelConfig { ItemCount = 12, MaxLength = 6, Dim = 8, Heads = 2, Blocks = 1 }),
                                              SyntheticSequences.ItemIds(12));
        var all = scorer.TopK([1, 2, 3], 12, excludeHistory: true);
        Assert.DoesNotContain(all.Take(9), x => x.Item is 1 or 2 or 3);
    }

    [Fact]
    public void Missing_component_is_a_user_error()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bf-neural-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var w = new ModelWriter(dir, "fingerprint", "test"))
                w.Commit();
            Assert.Throws<DataException>(() => SequenceScorer.Load(dir, "sasrec"));
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, true);
        }
    }
}
