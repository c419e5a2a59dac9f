using BundleForge.Data;
using BundleForge.Splits;
using TorchSharp;

namespace BundleForge.Neural.Tests;

/// <summary>The loss options of the SASRec trainer (<c>--seq-loss ce|sampled-ce|bce</c>, the negatives' source and
/// logQ correction, the learning-rate schedule): each trains a tiny real model that ranks the planted next item first
/// far more often than the same network untrained, and bad values are refused with the option's name.</summary>
public class SequenceLossOptionTests
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

    /// <summary>Share of evaluable users whose test target is the network's top-1 item after their test history.</summary>
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
        { "ce", Small(SequenceLoss.Full) },
        { "ce, label smoothing 0.2", Small(SequenceLoss.Full) with { LabelSmoothing = 0.2 } },
        { "ce, cosine schedule with warm-up", Small(SequenceLoss.Full) with { Schedule = SequenceLearningRateSchedule.Cosine, WarmupSteps = 10 } },
        { "sampled-ce, uniform, logQ", Small(SequenceLoss.Sampled) with { LogQCorrection = true } },
        { "sampled-ce, popularity, logQ", Small(SequenceLoss.Sampled) with { NegativeSampling = SequenceNegativeSampling.Popularity, LogQCorrection = true } },
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

        // Chance is 1/40; the successor of every item is fixed, so a model that learned anything gets most right.
        Assert.True(before < 0.2, $"{variant}: untrained HR@1 {before:0.000}");
        Assert.True(after > 0.6, $"{variant}: trained HR@1 {after:0.000} (untrained {before:0.000})");
        Assert.True(result.EpochLoss[^1] < result.EpochLoss[0], variant);
    }

    [Fact]
    public void Same_seed_gives_the_same_model_with_popularity_negatives_and_a_schedule()
    {
        var seqs = SyntheticSequences.Successors(users: 80, Items, 4, 8, seed: 3);
        var options = Small(SequenceLoss.Sampled) with
        {
            Epochs = 2,
            Patience = 2,
            NegativeSampling = SequenceNegativeSampling.Popularity,
            LogQCorrection = true,
            Schedule = SequenceLearningRateSchedule.Cosine,
            WarmupSteps = 3,
        };
        var a = SequenceTrainer.Train(seqs, Items, options);
        var b = SequenceTrainer.Train(seqs, Items, options);
        using var sa = new SequenceScorer(a.Network, SyntheticSequences.ItemIds(Items));
        using var sb = new SequenceScorer(b.Network, SyntheticSequences.ItemIds(Items));
        Assert.Equal(sa.Scores([1, 2, 3]), sb.Scores([1, 2, 3]));
        Assert.Equal(a.EpochLoss, b.EpochLoss);
    }

    [Fact]
    public void Cosine_schedule_warms_up_linearly_then_falls_to_zero_and_constant_stays_flat()
    {
        const SequenceLearningRateSchedule Cosine = SequenceLearningRateSchedule.Cosine;
        Assert.Equal(0.1, SequenceLearningRate.Factor(Cosine, 10, 0, 110), 12);
        Assert.Equal(0.5, SequenceLearningRate.Factor(Cosine, 10, 4, 110), 12);
        Assert.Equal(1.0, SequenceLearningRate.Factor(Cosine, 10, 10, 110), 12);
        Assert.Equal(0.5, SequenceLearningRate.Factor(Cosine, 10, 60, 110), 12);
        Assert.True(SequenceLearningRate.Factor(Cosine, 10, 109, 110) < 0.001);
        Assert.Equal(0.0, SequenceLearningRate.Factor(Cosine, 10, 500, 110), 12);
        Assert.Equal(1.0, SequenceLearningRate.Factor(SequenceLearningRateSchedule.Constant, 0, 0, 110), 12);
        Assert.Equal(1.0, SequenceLearningRate.Factor(SequenceLearningRateSchedule.Constant, 0, 109, 110), 12);
        Assert.Equal(0.5, SequenceLearningRate.Factor(SequenceLearningRateSchedule.Constant, 4, 1, 110), 12);
    }

    [Fact]
    public void Popularity_negatives_follow_training_counts_and_logQ_is_ln_k_q()
    {
        // Item 0 is twice in every sequence, the others once in a while: drawn by popularity it must dominate.
        var gen = new SeededRandom(3);
        var offsets = new int[201];
        var list = new List<int>();
        for (int u = 0; u < 200; u++)
        {
            list.AddRange([0, gen.NextInt(1, Items), 0, gen.NextInt(1, Items), gen.NextInt(1, Items), gen.NextInt(1, Items)]);
            offsets[u + 1] = list.Count;
        }
        var seqs = new UserSequences(offsets, list.ToArray(), new long[list.Count]);
        var split = LeaveLastOut.Create(seqs);
        var users = Enumerable.Range(0, seqs.Count).Where(u => split.TrainOf(u).Length >= 2).ToList();
        var counts = new long[Items];
        foreach (var u in users)
            foreach (var item in split.TrainOf(u))
                counts[item]++;

        var options = Small(SequenceLoss.Sampled) with { NegativeSampling = SequenceNegativeSampling.Popularity, LogQCorrection = true };
        using var popular = NegativeSource.Create(split, users, Items, options);
        var rng = new SeededRandom(5);
        var drawn = new int[Items];
        for (int i = 0; i < 200_000; i++)
            drawn[popular.DrawToken(ref rng) - 1]++;
        double total = counts.Sum(c => Math.Pow(c, 0.75));
        Assert.True(drawn[0] > 5 * drawn[1], $"item 0 drawn {drawn[0]} times, item 1 {drawn[1]}");
        var logKq = popular.LogKq!.data<float>().ToArray();
        for (int item = 0; item < Items; item++)
        {
            double q = Math.Pow(counts[item], 0.75) / total;
            Assert.Equal(q, drawn[item] / 200_000.0, 0.003);
            if (counts[item] > 0)
                Assert.Equal(Math.Log(options.Negatives * q), logKq[item + 1], 4);
        }

        using var uniform = NegativeSource.Create(split, users, Items, options with { NegativeSampling = SequenceNegativeSampling.Uniform });
        Assert.All(uniform.LogKq!.data<float>().ToArray()[1..], v => Assert.Equal(Math.Log(8.0 / Items), v, 5));
        using var plain = NegativeSource.Create(split, users, Items, options with { LogQCorrection = false });
        Assert.Null(plain.LogKq);
    }

    [Theory]
    [InlineData("Loss")]
    [InlineData("NegativeSampling")]
    [InlineData("Schedule")]
    [InlineData("WarmupSteps")]
    [InlineData("Negatives")]
    [InlineData("LabelSmoothing")]
    [InlineData("LabelSmoothing with a sampled loss")]
    public void Bad_loss_settings_name_the_option(string option)
    {
        var bad = option switch
        {
            "Loss" => Small(SequenceLoss.Full) with { Loss = (SequenceLoss)9 },
            "NegativeSampling" => Small(SequenceLoss.Sampled) with { NegativeSampling = (SequenceNegativeSampling)9 },
            "Schedule" => Small(SequenceLoss.Full) with { Schedule = (SequenceLearningRateSchedule)9 },
            "WarmupSteps" => Small(SequenceLoss.Full) with { WarmupSteps = -1 },
            "LabelSmoothing" => Small(SequenceLoss.Full) with { LabelSmoothing = 1 },
            "LabelSmoothing with a sampled loss" => Small(SequenceLoss.Sampled) with { LabelSmoothing = 0.1 },
            _ => Small(SequenceLoss.Sampled) with { Negatives = 0 },
        };
        string field = "SasRec." + option.Split(' ')[0];
        var e = Assert.Throws<DataException>(bad.Validate);
        Assert.Equal(field, e.Field);
        var seqs = SyntheticSequences.Successors(users: 20, Items, 4, 6, seed: 4);
        e = Assert.Throws<DataException>(() => SequenceTrainer.Train(seqs, Items, bad));
        Assert.Equal(field, e.Field);
    }
}
