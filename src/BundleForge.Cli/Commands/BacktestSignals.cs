using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Engine;
using BundleForge.Evaluation.Bundles;
using BundleForge.Neural;

namespace BundleForge.Cli.Commands;

/// <summary>The signal models <c>backtest --signals</c> can name, with the engine knobs under test: item2vec from the
/// core, SASRec from the neural project, which the core cannot reference (TorchSharp), so the host hands it in. The
/// library trains them on the training baskets only.</summary>
internal sealed class BacktestSignals
{
    public float Item2VecWeight { get; init; } = Item2VecBundleSignals.DefaultComplementWeight;
    public float ProfileWeight { get; init; } = Item2VecBundleSignals.DefaultProfileWeight;
    public float EmbeddingPairWeight { get; init; } = EmbeddingPairScorer.DefaultEmbeddingWeight;
    public float SasRecWeight { get; init; } = SequenceCandidateSource.DefaultWeight;
    public double SasRecMinutes { get; init; } = 3;
    public int Seed { get; init; } = 42;

    /// <summary>The trainers for <paramref name="names"/>, in order; an unknown name is a user error.</summary>
    public IReadOnlyList<IBacktestSignalTrainer> Trainers(IEnumerable<string> names)
    {
        var result = new List<IBacktestSignalTrainer>();
        foreach (var name in names)
            result.Add(name switch
            {
                "item2vec" => new Item2VecSignalTrainer { ComplementWeight = Item2VecWeight, ProfileWeight = ProfileWeight, EmbeddingPairWeight = EmbeddingPairWeight, Seed = Seed },
                "sasrec" => new SequenceSignalTrainer { Weight = SasRecWeight, MaxMinutes = SasRecMinutes, Seed = Seed },
                _ => throw new DataException($"unknown signal '{name}' (use item2vec, sasrec)", field: "--signals"),
            });
        return result;
    }
}
