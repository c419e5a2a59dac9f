namespace BundleForge.Bundles;

/// <summary>Wires a <see cref="BundleEngine"/> from a <see cref="BundleModel"/>: the co-purchase, repurchase, profile
/// and best-seller sources, plus any extra sources (item2vec neighbours, a sequence model's next items) plugged in
/// through <see cref="ExtraSources"/>, and popularity-based organic demand.</summary>
public sealed class BundleEngineFactory(Data.ItemCatalog catalog, BundleModel model)
{
    /// <summary>Optional signals from other models (the hook item2vec and SASRec plug into).</summary>
    public IReadOnlyList<ICandidateSource> ExtraSources { get; init; } = [];

    /// <summary>An optional pair scorer replacing the co-purchase one (e.g. co-purchase mixed with embeddings).</summary>
    public IPairScorer? PairScorer { get; init; }

    /// <summary>Include the repurchase ("buy again") source; off reproduces the engine without it.</summary>
    public bool Repurchase { get; init; } = true;

    /// <summary>Weight of the repurchase source against the others (1 = equal). 4 was best of 1–4 on the Online
    /// Retail validation period (docs/BENCHMARKS.md, "Bundles backtest").</summary>
    public float RepurchaseWeight { get; init; } = DefaultRepurchaseWeight;

    /// <summary>Composer settings (default: <see cref="ServingComposer"/>).</summary>
    public ComposerOptions? Composer { get; init; } = ServingComposer;

    public const float DefaultRepurchaseWeight = 4f;

    /// <summary>Relevance-heavy composer weights (0.7 relevance, 0.25 complementarity, 0.05 margin), chosen on the
    /// Online Retail validation period: bundles the user is likely to want are the ones that get accepted.</summary>
    public static ComposerOptions ServingComposer { get; } = new() { RelevanceWeight = 0.7f, ComplementWeight = 0.25f, MarginWeight = 0.05f };

    public BundleEngine Create(MarketStrategy? strategy = null, long seed = 1)
    {
        var pairs = model.Pairs;
        var sources = new List<ICandidateSource> { new ComplementCandidateSource(pairs, catalog) };
        if (Repurchase) sources.Add(new RepurchaseCandidateSource(catalog) { Weight = RepurchaseWeight });
        sources.Add(new ProfileCandidateSource(catalog, pairs.ItemCounts));
        sources.Add(new PopularityCandidateSource(pairs.ItemCounts));
        sources.AddRange(ExtraSources);
        var organic = new PopularityOrganicDemand(pairs.ItemCounts.ToArray(), pairs.BasketCount);
        var acceptance = new AcceptanceModel { Feedback = model.Feedback };
        return new BundleEngine(catalog, sources, PairScorer ?? pairs, strategy ?? model.Strategy, acceptance, organic, Composer, seed);
    }
}
