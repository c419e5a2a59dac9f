namespace BundleForge.Evaluation.Bundles;

/// <summary>The simulated shop of a backtest: the generated shop's size, the sessions simulated, and how the engine
/// under test learns from and chooses its offers.</summary>
public sealed record SimulatedShopOptions
{
    /// <summary>Users of the generated shop.</summary>
    public int Users { get; init; } = 1_500;
    /// <summary>Items of the generated shop.</summary>
    public int Items { get; init; } = 300;
    /// <summary>Orders of the generated shop's history (what the engine's model is built from).</summary>
    public int Orders { get; init; } = 20_000;
    /// <summary>Users sampled per round (at most <see cref="Users"/>).</summary>
    public int Sessions { get; init; } = 500;
    /// <summary>Rounds simulated (at least 1); the engine learns from feedback between them.</summary>
    public int Rounds { get; init; } = 3;
    /// <summary>Seed of the generated shop, of the engine and of the simulation.</summary>
    public int Seed { get; init; } = 42;
    /// <summary>Offers that lost to another accepted offer of the same session are not recorded as declined.</summary>
    public bool CensorCompetingDeclines { get; init; } = true;
    /// <summary>Offer feedback pooled across discount levels (false: independent Beta cells, the earlier learner).</summary>
    public bool PoolLevels { get; init; } = true;
    /// <summary>Per-offer Bayesian logistic regression learns from feedback (false: per segment × discount level cells).</summary>
    public bool UseOfferModel { get; init; } = true;
    /// <summary>Offers and prices chosen as a set, knowing a customer takes at most one (false: each bundle priced alone,
    /// the highest expected profits shown).</summary>
    public bool ChooseOffersTogether { get; init; } = true;
}
