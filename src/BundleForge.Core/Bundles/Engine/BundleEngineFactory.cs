using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Pricing;
using BundleForge.Bundles.Strategy;

namespace BundleForge.Bundles.Engine;

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

    /// <summary>The components whose signals are plugged in (e.g. <c>item2vec</c>, <c>sasrec</c>).</summary>
    public IReadOnlyList<string> Signals { get; init; } = [];

    /// <summary>The model folder's version, handed to every engine (<see cref="BundleEngine.ModelVersion"/>: part of the
    /// state an answer's exploration is seeded by).</summary>
    public string ModelVersion { get; init; } = "";

    /// <summary>The clock the engines number exploration periods by (default: the system's; evaluations fix it).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>A copy with <paramref name="signals"/> plugged in: their sources added to <see cref="ExtraSources"/> and
    /// their pair scorers wrapped around the co-purchase scorer in order.</summary>
    public BundleEngineFactory With(IEnumerable<BundleSignals> signals)
    {
        var sources = new List<ICandidateSource>(ExtraSources);
        var names = new List<string>(Signals);
        IPairScorer? scorer = PairScorer;
        foreach (var s in signals)
        {
            sources.AddRange(s.Sources);
            if (s.PairScorer is not null)
                scorer = s.PairScorer(scorer ?? model.Pairs);
            names.Add(s.Component);
        }
        return new BundleEngineFactory(catalog, model)
        {
            ExtraSources = sources,
            PairScorer = scorer,
            Repurchase = Repurchase,
            RepurchaseWeight = RepurchaseWeight,
            Composer = Composer,
            Signals = names,
            ModelVersion = ModelVersion,
            Clock = Clock,
        };
    }

    /// <summary>A copy whose engines search with <paramref name="composer"/>.</summary>
    public BundleEngineFactory WithComposer(ComposerOptions composer) => new(catalog, model)
    {
        ExtraSources = ExtraSources,
        PairScorer = PairScorer,
        Repurchase = Repurchase,
        RepurchaseWeight = RepurchaseWeight,
        Composer = composer,
        Signals = Signals,
        ModelVersion = ModelVersion,
        Clock = Clock,
    };

    /// <summary>The factory for a model folder: the <c>bundles</c> component plus the signals of every other
    /// component present that the bundles model was trained to use (item2vec and the text vectors always; others through
    /// <paramref name="loaders"/>, e.g. the sequence models, which live in a project the core cannot reference).</summary>
    public static BundleEngineFactory Open(Artifacts.ModelReader reader, Data.ItemCatalog catalog, BundleModel model, IEnumerable<IBundleSignalLoader>? loaders = null)
    {
        var all = new List<IBundleSignalLoader> { new Item2VecBundleSignals(), new TextBundleSignals() };
        foreach (var l in loaders ?? [])
        {
            all.RemoveAll(x => x.Component == l.Component);
            all.Add(l);
        }
        var signals = new List<BundleSignals>();
        foreach (var l in all)
            if (reader.Has(l.Component) && model.UsesSignal(l.Component))
                signals.Add(l.Load(reader, catalog));
        return new BundleEngineFactory(catalog, model) { ModelVersion = reader.Manifest.ModelVersion }.With(signals);
    }


    /// <summary>Relevance-heavy composer weights (0.7 relevance, 0.25 complementarity, 0.05 margin) and a search
    /// narrowed to what relevance-heavy scoring can reach (150 candidates per source, 12 seeds, beam 12, extensions from
    /// the 100 most relevant, 2,000 per size, 48 kept per size), both chosen on the Online Retail validation period: bundles the user is
    /// likely to want are the ones that get accepted, and the narrower search scored as well as the wide one
    /// (docs/BENCHMARKS.md, "Bundle serving") at a tenth of the cost.</summary>
    public static ComposerOptions ServingComposer { get; } = new()
    {
        RelevanceWeight = 0.7f,
        ComplementWeight = 0.25f,
        MarginWeight = 0.05f,
        CandidatesPerSource = 150,
        Seeds = 12,
        BeamWidth = 12,
        ExpansionPool = 100,
        ExtensionBudget = 2_000,
        KeptPerSize = 48,
    };

    public BundleEngine Create(MarketStrategy? strategy = null, long seed = 1)
    {
        var pairs = model.Pairs;
        var sources = new List<ICandidateSource> { new ComplementCandidateSource(pairs) };
        if (Repurchase)
            sources.Add(new RepurchaseCandidateSource() { Weight = RepurchaseWeight });
        sources.Add(new ProfileCandidateSource(catalog, pairs.ItemCounts));
        sources.Add(new PopularityCandidateSource(pairs.ItemCounts));
        sources.AddRange(ExtraSources);
        var organic = new PopularityOrganicDemand(pairs.ItemCounts.ToArray(), pairs.BasketCount);
        var acceptance = new AcceptanceModel { Feedback = model.Feedback };
        var s = strategy ?? model.Strategy;
        // Prices are worded in the strategy's currency, else the catalog's, else the documented default.
        string currency = CurrencyCode.Resolve(s.Currency, model.Currency);
        return new BundleEngine(catalog, sources, PairScorer ?? pairs, s, acceptance, organic, Composer, seed) { Currency = currency, ModelVersion = ModelVersion, Clock = Clock };
    }
}
