using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Engine;

namespace BundleForge.Evaluation.Bundles;

/// <summary>Engine settings a backtest runs with, and whether it tests on the validation period (the
/// <c>testDays</c> before the held-out ones) so settings can be tuned without touching the held-out period.</summary>
public sealed record BundleBacktestOptions
{
    public bool Validation { get; init; }
    public bool Repurchase { get; init; } = true;
    public float RepurchaseWeight { get; init; } = BundleEngineFactory.DefaultRepurchaseWeight;
    public ComposerOptions? Composer { get; init; } = BundleEngineFactory.ServingComposer;
}
