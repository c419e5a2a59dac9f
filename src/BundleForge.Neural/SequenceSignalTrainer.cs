using BundleForge.Bundles.Engine;
using BundleForge.Data;
using BundleForge.Evaluation.Bundles;

namespace BundleForge.Neural;

/// <summary>SASRec trained on a backtest's training baskets (each user's purchases in time order) within a time
/// budget, as bundle signals: its next-item scores as a candidate source with the weight under test.</summary>
public sealed class SequenceSignalTrainer : IBacktestSignalTrainer
{
    /// <summary>Source weight of the next-item scores.</summary>
    public float Weight { get; init; } = SequenceCandidateSource.DefaultWeight;
    /// <summary>Training time budget.</summary>
    public double MaxMinutes { get; init; } = 3;
    /// <summary>Seed of the training.</summary>
    public int Seed { get; init; } = 42;

    public string Component => "sasrec";

    public BundleSignals Train(Dataset data, BasketSet train, IProgress<ProgressUpdate>? progress)
    {
        progress?.Report(new ProgressUpdate("sasrec", double.NaN, "training on the training sequences"));
        var options = new SequenceModelOptions { Kind = SequenceModelKind.SasRec, MaxMinutes = MaxMinutes, Seed = Seed };
        var trained = SequenceTrainer.Train(SequencesOf(train, data.Users.Count), data.Items.Count, options, progress);
        return new SequenceBundleSignals(Component) { Weight = Weight }.For(new SequenceScorer(trained.Network, data.Items.Ids), data.Items);
    }

    /// <summary>Each user's purchases in the given baskets, oldest basket first.</summary>
    public static UserSequences SequencesOf(BasketSet baskets, int users)
    {
        var order = Enumerable.Range(0, baskets.Count).Where(b => baskets.User[b] >= 0).OrderBy(b => baskets.User[b]).ThenBy(b => baskets.Time[b]).ThenBy(b => b).ToArray();
        var offsets = new int[users + 1];
        foreach (int b in order)
            offsets[baskets.User[b] + 1] += baskets.SizeOf(b);
        for (int u = 0; u < users; u++)
            offsets[u + 1] += offsets[u];
        var items = new int[offsets[users]];
        var time = new long[offsets[users]];
        int k = 0;
        foreach (int b in order)
            foreach (int i in baskets[b])
            { items[k] = i; time[k++] = baskets.Time[b]; }
        return new UserSequences(offsets, items, time);
    }
}
