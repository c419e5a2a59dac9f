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
    /// <summary>Other models trained on the training period whose signals the engine uses, in order (none by default).</summary>
    public IReadOnlyList<IBacktestSignalTrainer> Signals { get; init; } = [];
}
