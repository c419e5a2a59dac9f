using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Strategy;

namespace BundleForge.Evaluation.Bundles;

/// <summary>What a held-out-time backtest runs: the period held out, the bundles offered per user, the strategy and
/// engine settings, the other models whose signals the engine uses, and whether it tests on the validation period (the
/// <c>TestDays</c> before the held-out ones) so settings can be tuned without touching the held-out period.</summary>
public sealed record BundleBacktestOptions
{
    /// <summary>Days at the end of the data held out.</summary>
    public int TestDays { get; init; } = 30;
    /// <summary>Bundles offered per user.</summary>
    public int Count { get; init; } = 3;
    public MarketStrategy Strategy { get; init; } = MarketStrategy.Default;
    public bool Validation { get; init; }
    public bool Repurchase { get; init; } = true;
    public float RepurchaseWeight { get; init; } = BundleEngineFactory.DefaultRepurchaseWeight;
    public ComposerOptions? Composer { get; init; } = BundleEngineFactory.ServingComposer;
    /// <summary>Other models trained on the training period whose signals the engine uses, in order (none by default).</summary>
    public IReadOnlyList<IBacktestSignalTrainer> Signals { get; init; } = [];
}
