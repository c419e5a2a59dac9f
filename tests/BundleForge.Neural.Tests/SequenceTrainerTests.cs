using BundleForge.Data;
using BundleForge.Splits;

namespace BundleForge.Neural.Tests;

public class SequenceTrainerTests
{
    private const int Items = 40;

    private static SequenceModelOptions Small(SequenceModelKind kind, SequenceLoss loss) => new()
    {
        Kind = kind,
        Loss = loss,
        MaxLength = 10,
        Dim = 32,
        Blocks = 1,
        Heads = 2,
        Dropout = 0.1,
        Epochs = 25,
        Patience = 25,
        BatchSize = 32,
        LearningRate = 5e-3,
        Negatives = 16,
        Seed = 7,
        Threads = 2,
    };

    private static double HitAt1(SequenceTrainingResult result, LeaveLastOut split)
    {
        using var scorer = new SequenceScorer(result.Network, SyntheticSequences.ItemIds(Items));
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

    [Theory]
    [InlineData(SequenceModelKind.SasRec, SequenceLoss.Full)]
    [InlineData(SequenceModelKind.SasRec, SequenceLoss.Sampled)]
    [InlineData(SequenceModelKind.SasRec, SequenceLoss.Bce)]
    [InlineData(SequenceModelKind.Bert4Rec, SequenceLoss.Full)]
    public void Learns_the_planted_successor_pattern(SequenceModelKind kind, SequenceLoss loss)
    {
        var seqs = SyntheticSequences.Successors(users: 300, Items, minLength: 4, maxLength: 9, seed: 1);
        var result = SequenceTrainer.Train(seqs, Items, Small(kind, loss));

        double hit1 = HitAt1(result, LeaveLastOut.Create(seqs));
        // Chance is 1/40 = 0.025 and the popularity baseline is near chance; the pattern is fully predictable.
        Assert.True(hit1 > 0.8, $"HR@1 {hit1:0.000}");
        Assert.True(result.Test.HitRateAt(10) > 0.9, $"HR@10 {result.Test.HitRateAt(10):0.000}");
        Assert.True(result.PopularityTest.HitRateAt(10) < 0.5, $"popularity HR@10 {result.PopularityTest.HitRateAt(10):0.000}");
        Assert.True(result.BestValidNdcg10 > 0.7);
        Assert.Equal(result.EpochsRun, result.EpochLoss.Count);
        Assert.True(result.EpochLoss[^1] < result.EpochLoss[0]);
    }

    [Fact]
    public void Refit_learns_from_the_validation_targets_the_selection_run_held_out()
    {
        // Item W (0) follows item Z (1) only at the end of sequences: half the customers have Z → W as their last two
        // purchases (validation → test), the other half as validation-history → validation target followed by an
        // unrelated test item. Without the refit W is never a training target, so no model can rank it after Z; the
        // refit trains on the second half's Z → W and must then predict the first half's test item.
        const int w = 0, z = 1;
        var rng = new Random(5);
        var offsets = new List<int> { 0 };
        var items = new List<int>();
        for (int u = 0; u < 200; u++)
        {
            int a = 2 + rng.Next(Items - 2), b = 2 + rng.Next(Items - 2), c = 2 + rng.Next(Items - 2);
            if (u % 2 == 0)
                items.AddRange([a, b, z, w]);
            else
                items.AddRange([a, b, z, w, c]);
            offsets.Add(items.Count);
        }
        var seqs = new UserSequences(offsets.ToArray(), items.ToArray(), new long[items.Count]);
        var options = Small(SequenceModelKind.SasRec, SequenceLoss.Sampled) with { Epochs = 20, Patience = 20, History = SequenceHistoryRule.Keep };
        var held = SequenceTrainer.Train(seqs, Items, options);
        var refitted = SequenceTrainer.Train(seqs, Items, options with { Refit = true });

        Assert.Equal(0, held.RefitEpochs);
        Assert.Equal(refitted.BestEpoch, refitted.RefitEpochs);
        Assert.True(refitted.RefitSeconds > 0);
        // Selection is the same run either way: the same validation figure and best epoch.
        Assert.Equal(held.BestValidNdcg10, refitted.BestValidNdcg10);
        Assert.Equal(held.BestEpoch, refitted.BestEpoch);
        // Half the test targets are W after Z: only the refitted model can find them (the reported test figures are
        // the refitted network's). The other half are random items: about 5 / 38 of them in any top 5.
        double heldHit = held.Test.HitRateAt(5), refitHit = refitted.Test.HitRateAt(5);
        Assert.True(heldHit < 0.15, $"held-out model HR@5 {heldHit:0.000}");
        Assert.True(refitHit > 0.45, $"refitted model HR@5 {refitHit:0.000}");
    }

    [Fact]
    public void Same_seed_gives_the_same_model()
    {
        var seqs = SyntheticSequences.Successors(users: 80, Items, 4, 8, seed: 3);
        var options = Small(SequenceModelKind.SasRec, SequenceLoss.Full) with { Epochs = 2, Patience = 2 };
        var a = SequenceTrainer.Train(seqs, Items, options);
        var b = SequenceTrainer.Train(seqs, Items, options);
        using var sa = new SequenceScorer(a.Network, SyntheticSequences.ItemIds(Items));
        using var sb = new SequenceScorer(b.Network, SyntheticSequences.ItemIds(Items));
        Assert.Equal(sa.Scores([1, 2, 3]), sb.Scores([1, 2, 3]));
        Assert.Equal(a.EpochLoss, b.EpochLoss);
    }

    [Fact]
    public void Early_stopping_stops_after_patience_epochs_without_improvement()
    {
        // Learning rate so small the validation metric cannot keep improving for long.
        var seqs = SyntheticSequences.Successors(users: 60, Items, 4, 8, seed: 4);
        var options = Small(SequenceModelKind.SasRec, SequenceLoss.Full) with { Epochs = 40, Patience = 2, LearningRate = 1e-7 };
        var result = SequenceTrainer.Train(seqs, Items, options);
        Assert.True(result.EpochsRun < 40);
        Assert.Equal(result.BestEpoch + 2, result.EpochsRun);
    }

    [Fact]
    public void Data_without_evaluable_users_is_a_user_error()
    {
        var seqs = SyntheticSequences.Successors(users: 10, Items, 2, 2, seed: 5);
        Assert.Throws<DataException>(() => SequenceTrainer.Train(seqs, Items, Small(SequenceModelKind.SasRec, SequenceLoss.Full)));
    }

    /// <summary>Records every update; on the first whose detail contains <see cref="PauseOn"/> it waits past the trainer's
    /// one-second interval (so the next batch must report), and on the first containing <see cref="CancelOn"/> it
    /// cancels <see cref="Source"/>.</summary>
    private sealed class Recorder : IProgress<ProgressUpdate>
    {
        public List<ProgressUpdate> Updates { get; } = [];
        public string? PauseOn { get; init; }
        public string? CancelOn { get; init; }
        public CancellationTokenSource Source { get; } = new();
        private bool _paused;

        public void Report(ProgressUpdate value)
        {
            Updates.Add(value);
            if (PauseOn is not null && !_paused && value.Detail!.Contains(PauseOn, StringComparison.Ordinal))
            {
                _paused = true;
                Thread.Sleep(1100);
            }
            if (CancelOn is not null && value.Detail!.Contains(CancelOn, StringComparison.Ordinal))
                Source.Cancel();
        }
    }

    [Fact]
    public void Progress_names_the_preparation_each_epoch_its_batches_the_validation_and_the_test()
    {
        var seqs = SyntheticSequences.Successors(users: 300, Items, 4, 9, seed: 6);
        var options = Small(SequenceModelKind.SasRec, SequenceLoss.Sampled) with { Epochs = 2, Patience = 2, BatchSize = 8 };
        var within = new Recorder { PauseOn = "epoch 2:" };
        SequenceTrainer.Train(seqs, Items, options, within);

        var details = within.Updates.Select(u => u.Detail!).ToList();
        Assert.All(within.Updates, u => Assert.Equal("train sasrec", u.Stage));
        Assert.Equal("preparing the sequences", details[0]);
        Assert.StartsWith("epoch 1: ", details[1]);
        // The pause after "epoch 2: ..." makes the next batch report where it stands within the epoch.
        int second = details.FindIndex(d => d.StartsWith("epoch 2: ", StringComparison.Ordinal));
        Assert.Matches(@"^epoch 2 batch \d+/\d+ loss \d", details[second + 1]);
        Assert.InRange(within.Updates[second + 1].Fraction, 0.5, 1);
        Assert.Contains(details, d => d.StartsWith("epoch 1 loss ", StringComparison.Ordinal) && d.EndsWith("validating", StringComparison.Ordinal));
        Assert.Contains(details, d => d.StartsWith("epoch 2 loss ", StringComparison.Ordinal) && d.Contains("valid ndcg@10", StringComparison.Ordinal));
        Assert.Equal("testing the best epoch", details[^1]);
        // The fraction never goes back.
        for (int i = 1; i < within.Updates.Count; i++)
            Assert.True(within.Updates[i].Fraction >= within.Updates[i - 1].Fraction, string.Join(" | ", details));

        // Validation reports its own progress once it has run a second.
        var validating = new Recorder { PauseOn = "validating" };
        SequenceTrainer.Train(seqs, Items, options with { Epochs = 1, Patience = 1 }, validating);
        Assert.Contains(validating.Updates, u => u.Detail!.Contains("validating", StringComparison.Ordinal) && u.Detail!.EndsWith('%'));
    }

    [Theory]
    [InlineData("preparing the sequences")]
    [InlineData("epoch 1: ")]
    [InlineData("validating")]
    [InlineData("testing the best epoch")]
    public void Cancellation_is_observed_in_every_phase(string phase)
    {
        // One epoch: a cancellation during its validation or the test was not seen at all before (no later check).
        var seqs = SyntheticSequences.Successors(users: 300, Items, 4, 9, seed: 6);
        var recorder = new Recorder { CancelOn = phase };
        Assert.ThrowsAny<OperationCanceledException>(() => SequenceTrainer.Train(seqs, Items,
            Small(SequenceModelKind.SasRec, SequenceLoss.Sampled) with { Epochs = 1, Patience = 1, BatchSize = 8 }, recorder, recorder.Source.Token));
        Assert.Contains(recorder.Updates, u => u.Detail!.Contains(phase, StringComparison.Ordinal));
    }
}
