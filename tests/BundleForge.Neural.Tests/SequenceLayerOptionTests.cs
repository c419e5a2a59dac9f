using BundleForge.Evaluation.NextItem;
using BundleForge.Splits;
using TorchSharp;

namespace BundleForge.Neural.Tests;

/// <summary>eSASRec's levers in the trainer (<c>--seq-layer ligr</c>, sampled softmax with negatives per position,
/// weight decay on the Transformer weights only, validation every k epochs) and the best-checkpoint restore: each
/// trains a tiny real model on the planted-successor data.</summary>
public class SequenceLayerOptionTests
{
    private const int Items = 40;

    private static SequenceModelOptions Small(SequenceLoss loss) => new()
    {
        Loss = loss,
        MaxLength = 10,
        Dim = 32,
        Blocks = 1,
        Heads = 1,
        Dropout = 0.1,
        Epochs = 12,
        Patience = 12,
        BatchSize = 32,
        LearningRate = 5e-3,
        Negatives = 8,
        Seed = 11,
        Threads = 2,
    };

    private static double HitAt1(SequenceTransformer net, LeaveLastOut split)
    {
        using var scorer = new SequenceScorer(net, SyntheticSequences.ItemIds(Items));
        int hits = 0, users = 0;
        for (int u = 0; u < split.Sequences.Count; u++)
        {
            if (!split.IsEvaluable(u))
                continue;
            users++;
            if (scorer.TopK(split.TestHistoryOf(u), 1)[0].Item == split.TestTargetOf(u))
                hits++;
        }
        return (double)hits / users;
    }

    public static TheoryData<string, SequenceModelOptions> Variants => new()
    {
        { "ligr, ce", Small(SequenceLoss.Full) with { Layer = SequenceLayer.Ligr } },
        { "sasrec, sampled per position", Small(SequenceLoss.Sampled) with { NegativesPerPosition = true } },
        { "ligr, sampled per position, no embedding decay", Small(SequenceLoss.Sampled) with { Layer = SequenceLayer.Ligr, NegativesPerPosition = true, DecayEmbeddings = false, WeightDecay = 0.1 } },
        { "ce, validated every 3 epochs", Small(SequenceLoss.Full) with { ValidateEvery = 3 } },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Training_ranks_the_planted_next_item_first_more_often_than_the_untrained_network(string variant, SequenceModelOptions options)
    {
        var seqs = SyntheticSequences.Successors(users: 300, Items, minLength: 4, maxLength: 9, seed: 2);
        var split = LeaveLastOut.Create(seqs);
        torch.manual_seed(options.Seed);
        var untrained = new SequenceTransformer(options.ToConfig(Items)); // the scorer disposes it
        untrained.eval();
        double before = HitAt1(untrained, split);

        var result = SequenceTrainer.Train(seqs, Items, options);
        double after = HitAt1(result.Network, split);

        Assert.True(before < 0.2, $"{variant}: untrained HR@1 {before:0.000}");
        Assert.True(after > 0.6, $"{variant}: trained HR@1 {after:0.000} (untrained {before:0.000})");
        Assert.True(result.EpochLoss[^1] < result.EpochLoss[0], variant);
        Assert.Equal(options.Epochs / options.ValidateEvery, result.EpochValidNdcg10.Count);
    }

    [Fact]
    public void Same_seed_gives_the_same_ligr_model_with_negatives_per_position()
    {
        var seqs = SyntheticSequences.Successors(users: 80, Items, 4, 8, seed: 3);
        var options = Small(SequenceLoss.Sampled) with { Epochs = 2, Patience = 2, Layer = SequenceLayer.Ligr, NegativesPerPosition = true, DecayEmbeddings = false };
        var a = SequenceTrainer.Train(seqs, Items, options);
        var b = SequenceTrainer.Train(seqs, Items, options);
        using var sa = new SequenceScorer(a.Network, SyntheticSequences.ItemIds(Items));
        using var sb = new SequenceScorer(b.Network, SyntheticSequences.ItemIds(Items));
        Assert.Equal(sa.Scores([1, 2, 3]), sb.Scores([1, 2, 3]));
        Assert.Equal(a.EpochLoss, b.EpochLoss);
    }

    [Fact]
    public void The_returned_network_is_the_best_checkpoint_when_a_later_epoch_was_worse()
    {
        // A learning rate far too high makes validation fall after its best epoch; the run has a wall budget it
        // does not reach. The 30-minute Beauty run that crashed at exit stopped the same way (best before last).
        var seqs = SyntheticSequences.Successors(users: 120, Items, 4, 9, seed: 6);
        var options = Small(SequenceLoss.Full) with { Epochs = 8, Patience = 3, LearningRate = 0.3, MaxMinutes = 30 };
        var result = SequenceTrainer.Train(seqs, Items, options);
        Assert.True(result.BestEpoch < result.EpochsRun, $"best epoch {result.BestEpoch} of {result.EpochsRun}: the test needs a worse last epoch");

        // The snapshot was disposed after the restore: collect, then the live weights must still give the best score.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var scorer = new SequenceNextItemScorer(result.Network);
        double again = NextItemEvaluator.Evaluate(scorer, LeaveLastOut.Create(seqs), test: false).NdcgAt(10);
        Assert.Equal(result.BestValidNdcg10, again, 9);
        Assert.NotEqual(result.EpochValidNdcg10[^1], again);
    }

    [Fact]
    public void Bad_layer_and_validation_period_are_refused_by_name()
    {
        var seqs = SyntheticSequences.Successors(users: 40, Items, 4, 8, seed: 3);
        var layer = Assert.Throws<DataException>(() => SequenceTrainer.Train(seqs, Items, Small(SequenceLoss.Full) with { Layer = (SequenceLayer)7 }));
        Assert.Contains("SasRec.Layer", layer.Message);
        var every = Assert.Throws<DataException>(() => SequenceTrainer.Train(seqs, Items, Small(SequenceLoss.Full) with { ValidateEvery = 0 }));
        Assert.Contains("SasRec.ValidateEvery", every.Message);
    }

    [Fact]
    public void A_ligr_model_saved_and_loaded_scores_the_same()
    {
        var seqs = SyntheticSequences.Successors(users: 60, Items, 4, 8, seed: 3);
        var result = SequenceTrainer.Train(seqs, Items, Small(SequenceLoss.Full) with { Epochs = 1, Patience = 1, Layer = SequenceLayer.Ligr });
        Assert.Equal(3, result.Network.Config.FormatVersion);
        var dir = Directory.CreateTempSubdirectory("ligr-");
        try
        {
            var path = Path.Combine(dir.FullName, "w.bin");
            result.Network.save(path);
            var loaded = new SequenceTransformer(result.Network.Config); // the scorer b disposes it
            loaded.load(path);
            loaded.eval();
            using var a = new SequenceScorer(result.Network, SyntheticSequences.ItemIds(Items));
            using var b = new SequenceScorer(loaded, SyntheticSequences.ItemIds(Items));
            Assert.Equal(a.Scores([4, 5, 6]), b.Scores([4, 5, 6]));
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
