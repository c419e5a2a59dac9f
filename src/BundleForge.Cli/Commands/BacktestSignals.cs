using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Engine;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Neural;

namespace BundleForge.Cli.Commands;

/// <summary>Trains the other models' bundle signals for <c>backtest</c> on the training baskets only (item2vec on the
/// baskets and per-user histories, SASRec on per-user purchase sequences in time order), so nothing of the held-out
/// period leaks in; the weights are the engine's knobs under test.</summary>
internal sealed class BacktestSignals
{
    public IReadOnlyList<string> Components { get; init; } = [];
    public float Item2VecWeight { get; init; } = Item2VecBundleSignals.DefaultComplementWeight;
    public float ProfileWeight { get; init; } = Item2VecBundleSignals.DefaultProfileWeight;
    public float EmbeddingPairWeight { get; init; } = EmbeddingPairScorer.DefaultEmbeddingWeight;
    public float SasRecWeight { get; init; } = SequenceCandidateSource.DefaultWeight;
    public double SasRecMinutes { get; init; } = 3;
    public int Seed { get; init; } = 42;
    public IProgress<ProgressUpdate>? Progress { get; init; }

    /// <summary>Seconds spent training each signal model.</summary>
    public Dictionary<string, double> Seconds { get; } = new();

    public IReadOnlyList<BundleSignals> Train(Dataset data, BasketSet train)
    {
        var result = new List<BundleSignals>();
        foreach (var c in Components)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            switch (c)
            {
                case "item2vec":
                    Progress?.Report(new ProgressUpdate("item2vec", double.NaN, "training on the training baskets"));
                    var restricted = new Dataset
                    {
                        Items = data.Items, Users = data.Users, Interactions = data.Interactions, Baskets = train, Report = data.Report,
                        Format = data.Format, HasRealTime = data.HasRealTime,
                    };
                    // No pseudonymiser: no stored profiles (the profile source builds them from each context's history).
                    var (model, _) = Item2VecModel.Train(restricted, new Item2VecOptions { Seed = Seed, Deterministic = false }, null, Progress);
                    result.Add(new Item2VecBundleSignals { ComplementWeight = Item2VecWeight, ProfileWeight = ProfileWeight, EmbeddingPairWeight = EmbeddingPairWeight }
                        .For(model, data.Items));
                    break;
                case "sasrec":
                    Progress?.Report(new ProgressUpdate("sasrec", double.NaN, "training on the training sequences"));
                    var options = new SequenceModelOptions { Kind = SequenceModelKind.SasRec, MaxMinutes = SasRecMinutes, Seed = Seed };
                    var trained = SequenceTrainer.Train(SequencesOf(train, data.Users.Count), data.Items.Count, options, Progress);
                    result.Add(new SequenceBundleSignals("sasrec") { Weight = SasRecWeight }.For(new SequenceScorer(trained.Network, data.Items.Ids), data.Items));
                    break;
                default:
                    throw new DataException($"unknown signal '{c}' (use item2vec, sasrec)", field: "--signals");
            }
            Seconds[c] = Math.Round(clock.Elapsed.TotalSeconds, 1);
        }
        return result;
    }

    /// <summary>Each user's purchases in the given baskets, oldest basket first.</summary>
    public static UserSequences SequencesOf(BasketSet baskets, int users)
    {
        var order = Enumerable.Range(0, baskets.Count).Where(b => baskets.User[b] >= 0).OrderBy(b => baskets.User[b]).ThenBy(b => baskets.Time[b]).ThenBy(b => b).ToArray();
        var offsets = new int[users + 1];
        foreach (int b in order) offsets[baskets.User[b] + 1] += baskets.SizeOf(b);
        for (int u = 0; u < users; u++) offsets[u + 1] += offsets[u];
        var items = new int[offsets[users]];
        var time = new long[offsets[users]];
        int k = 0;
        foreach (int b in order)
            foreach (int i in baskets[b]) { items[k] = i; time[k++] = baskets.Time[b]; }
        return new UserSequences(offsets, items, time);
    }
}
