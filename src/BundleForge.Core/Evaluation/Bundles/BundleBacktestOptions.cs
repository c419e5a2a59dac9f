using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Strategy;
using BundleForge.Training;

namespace BundleForge.Evaluation.Bundles;

/// <summary>What a held-out-time backtest runs: the period held out, the bundles offered per user, the strategy and
/// engine settings, the other models whose signals the engine uses (trained on the training period through
/// <see cref="TrainingPipeline"/>, read back through their <see cref="IBundleSignalLoader"/>), and whether it tests
/// on the validation period (the <c>TestDays</c> before the held-out ones) so settings can be tuned without touching
/// the held-out period.</summary>
public sealed record BundleBacktestOptions
{
    /// <summary>Days at the end of the data held out.</summary>
    public int TestDays { get; init; } = 30;
    /// <summary>Bundles offered per user.</summary>
    public int Count { get; init; } = 3;
    /// <summary>The market strategy the engine prices under (exploration is switched off).</summary>
    public MarketStrategy Strategy { get; init; } = MarketStrategy.Default;
    /// <summary>Test on the <see cref="TestDays"/> before the held-out period instead (tuning).</summary>
    public bool Validation { get; init; }
    /// <summary>Include the repurchase ("buy again") candidate source.</summary>
    public bool Repurchase { get; init; } = true;
    /// <summary>Weight of the repurchase source against the others.</summary>
    public float RepurchaseWeight { get; init; } = BundleEngineFactory.DefaultRepurchaseWeight;
    /// <summary>Composer settings (default: the serving ones).</summary>
    public ComposerOptions? Composer { get; init; } = BundleEngineFactory.ServingComposer;
    /// <summary>Other models whose signals the engine uses, as the options records <c>train</c> takes
    /// (<see cref="Embeddings.Item2VecOptions"/>, Neural's <c>SequenceModelOptions</c>), trained in this order on the
    /// training period only (none by default).</summary>
    public IReadOnlyList<IModelOptions> Signals { get; init; } = [];
    /// <summary>How the engine reads each signal model's component, with the source weights under test (as serving
    /// does); item2vec's is <see cref="Item2VecBundleSignals"/> with its defaults unless one is given here. A model in
    /// <see cref="Signals"/> whose component has no loader is an error.</summary>
    public IReadOnlyList<IBundleSignalLoader> SignalLoaders { get; init; } = [];
    /// <summary>Random seed of the signal models (<see cref="TrainingPlan.Seed"/>).</summary>
    public int SignalSeed { get; init; } = new TrainingPlan().Seed;
    /// <summary>Worker threads of the signal models (<see cref="TrainingPlan.Threads"/>).</summary>
    public int SignalThreads { get; init; } = new TrainingPlan().Threads;
}
