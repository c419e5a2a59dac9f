using System.CommandLine;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Strategy;
using BundleForge.Embeddings;
using BundleForge.Evaluation.Bundles;
using BundleForge.Neural;
using BundleForge.Text;
using BundleForge.Training;

namespace BundleForge.Cli.Commands;

/// <summary>The options of <c>backtest</c> (all but the data options and <c>--json</c>), read into the library's
/// <see cref="BundleBacktestOptions"/> and <see cref="SimulatedShopOptions"/>; defaults come from those records. The
/// signal models are named by the same options records <c>train</c> fills (<see cref="Item2VecOptions"/>, Neural's
/// <see cref="SequenceModelOptions"/>), with the loaders that read them back as the engine's signals.</summary>
internal sealed class BacktestOptionSet
{
    private static readonly BundleBacktestOptions HeldOut = new();
    private static readonly SimulatedShopOptions Shop = new();
    private static readonly Item2VecBundleSignals Item2Vec = new();
    private static readonly string SasRecComponent = SequenceModelArtifact.ComponentOf(SequenceModelKind.SasRec);
    private static readonly SequenceBundleSignals SasRec = new(SasRecComponent);

    /// <summary>The backtest's SASRec trains within this many minutes by default (a full run takes longer).</summary>
    private const double SasRecMinutes = 3;

    private readonly Option<string?> _strategy = new("--strategy") { Description = "Strategy JSON (docs/STRATEGY.md); default: the built-in strategy." };
    private readonly Option<int> _testDays = new("--test-days") { Description = "Days at the end held out.", DefaultValueFactory = _ => HeldOut.TestDays };
    private readonly Option<int> _n = new("-n") { Description = "Bundles offered per user.", DefaultValueFactory = _ => HeldOut.Count };
    private readonly Option<int> _simUsers = new("--sim-users") { Description = "Users of the generated shop for the simulation (0 = skip the simulation).", DefaultValueFactory = _ => Shop.Users };
    private readonly Option<int> _simItems = new("--sim-items") { Description = "Items of the generated shop.", DefaultValueFactory = _ => Shop.Items };
    private readonly Option<int> _simOrders = new("--sim-orders") { Description = "Orders of the generated shop's history.", DefaultValueFactory = _ => Shop.Orders };
    private readonly Option<int> _simSessions = new("--sim-sessions") { Description = "Users sampled per simulated round.", DefaultValueFactory = _ => Shop.Sessions };
    private readonly Option<int> _simRounds = new("--sim-rounds") { Description = "Simulated rounds (the engine learns from feedback between them).", DefaultValueFactory = _ => Shop.Rounds };
    private readonly Option<bool> _validation = new("--validation") { Description = "Test on the --test-days before the held-out period instead (for tuning without touching it)." };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of the generated shop, the simulation and the signal models.", DefaultValueFactory = _ => Shop.Seed };
    private readonly Option<string> _signals = new("--signals") { Description = "Other models whose signals the engine uses, trained on the training period: comma list of item2vec, sasrec, text (the substitute veto and new products from their text; needs item2vec for new products), or none.", DefaultValueFactory = _ => "item2vec,sasrec" };
    private readonly Option<float> _item2vecWeight = new("--item2vec-weight") { Description = "Source weight of item2vec complements.", DefaultValueFactory = _ => Item2Vec.ComplementWeight };
    private readonly Option<float> _profileWeight = new("--profile-weight") { Description = "Source weight of item2vec profile relevance.", DefaultValueFactory = _ => Item2Vec.ProfileWeight };
    private readonly Option<float> _pairWeight = new("--embedding-pair-weight") { Description = "Weight of the embedding complement measure in pair complementarity.", DefaultValueFactory = _ => Item2Vec.EmbeddingPairWeight };
    private readonly Option<float> _sasrecWeight = new("--sasrec-weight") { Description = "Source weight of SASRec next-item scores.", DefaultValueFactory = _ => SasRec.Weight };
    private readonly Option<bool> _newItems = new("--new-items") { Description = "With the text signal: new products (no or few sales) may join bundles, one per bundle at most (false: the text substitute veto alone).", DefaultValueFactory = _ => true };
    private readonly Option<double> _sasrecMinutes = new("--sasrec-minutes") { Description = "Training time budget of the backtest's SASRec.", DefaultValueFactory = _ => SasRecMinutes };
    private readonly Option<bool> _simPool = new("--sim-pool-levels") { Description = "Simulated shop: pool offer feedback across discount levels (false: independent Beta cells, the earlier learner).", DefaultValueFactory = _ => Shop.PoolLevels };
    private readonly Option<string> _simLearner = new("--sim-learner") { Description = "Simulated shop: offer feedback learner, 'offers' (per-offer Bayesian logistic regression, default) or 'cells' (per segment × discount level, the earlier learner).", DefaultValueFactory = _ => "offers" };
    private readonly Option<string> _simOffers = new("--sim-offers") { Description = "Simulated shop: how the engine picks the offers it shows, 'together' (offers and prices chosen as a set, knowing a customer takes at most one; default) or 'independent' (each bundle priced alone, the highest expected profits shown).", DefaultValueFactory = _ => "together" };
    private readonly Option<bool> _simCensor = new("--sim-censor-competing") { Description = "Simulated shop: offers that lost to another accepted offer of the same session are not recorded as declined.", DefaultValueFactory = _ => Shop.CensorCompetingDeclines };
    private readonly Option<int?> _searchSeeds = new("--search-seeds") { Description = "Composer search (tuning): most relevant items a bundle may start from." };
    private readonly Option<int?> _searchBeam = new("--search-beam") { Description = "Composer search (tuning): partial bundles kept per size." };
    private readonly Option<int?> _searchReach = new("--search-reach") { Description = "Composer search (tuning): most relevant candidates considered for extending a bundle." };
    private readonly Option<int?> _searchBudget = new("--search-budget") { Description = "Composer search (tuning): extensions tried per bundle size." };
    private readonly Option<int?> _searchCandidates = new("--search-candidates") { Description = "Composer search (tuning): candidates asked from each source." };
    private readonly Option<int?> _searchKept = new("--search-kept") { Description = "Composer search (tuning): bundles kept per size (beam and finalists)." };

    /// <summary>Adds the options to <paramref name="backtest"/>.</summary>
    public BacktestOptionSet(Command backtest)
    {
        _simLearner.AcceptOnlyFromAmong("offers", "cells");
        _simOffers.AcceptOnlyFromAmong("together", "independent");
        foreach (var o in new Option[]
                 {
                     _simPool, _simLearner, _simOffers, _simCensor, _strategy, _testDays, _n, _simUsers, _simItems, _simOrders, _simSessions, _simRounds, _validation, _seed,
                     _signals, _item2vecWeight, _profileWeight, _pairWeight, _sasrecWeight, _sasrecMinutes, _newItems, _searchSeeds, _searchBeam, _searchReach, _searchBudget,
                     _searchCandidates, _searchKept,
                 })
            backtest.Options.Add(o);
    }

    /// <summary>The held-out backtest's options (the strategy file loaded, the named signal trainers made) and the
    /// simulated shop's, null when <c>--sim-users 0</c> skips it.</summary>
    public (BundleBacktestOptions HeldOut, SimulatedShopOptions? Simulation) Read(ParseResult parse)
    {
        var file = parse.GetValue(_strategy);
        var names = (parse.GetValue(_signals) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(x => x != "none").Distinct();
        var c = BundleEngineFactory.ServingComposer;
        var heldOut = new BundleBacktestOptions
        {
            TestDays = parse.GetValue(_testDays),
            Count = parse.GetValue(_n),
            Validation = parse.GetValue(_validation),
            Strategy = file is null ? MarketStrategy.Default : MarketStrategy.Load(file),
            Composer = c with
            {
                Seeds = parse.GetValue(_searchSeeds) ?? c.Seeds,
                BeamWidth = parse.GetValue(_searchBeam) ?? c.BeamWidth,
                ExpansionPool = parse.GetValue(_searchReach) ?? c.ExpansionPool,
                ExtensionBudget = parse.GetValue(_searchBudget) ?? c.ExtensionBudget,
                CandidatesPerSource = parse.GetValue(_searchCandidates) ?? c.CandidatesPerSource,
                KeptPerSize = parse.GetValue(_searchKept) ?? c.KeptPerSize,
            },
            Signals = SignalModels(parse, names),
            SignalLoaders =
            [
                new Item2VecBundleSignals
                {
                    ComplementWeight = parse.GetValue(_item2vecWeight),
                    ProfileWeight = parse.GetValue(_profileWeight),
                    EmbeddingPairWeight = parse.GetValue(_pairWeight),
                },
                new SequenceBundleSignals(SasRecComponent) { Weight = parse.GetValue(_sasrecWeight) },
                new TextBundleSignals { NewItems = parse.GetValue(_newItems) },
            ],
            SignalSeed = parse.GetValue(_seed),
        };
        if (parse.GetValue(_simUsers) <= 0)
            return (heldOut, null);
        return (heldOut, new SimulatedShopOptions
        {
            Users = parse.GetValue(_simUsers),
            Items = parse.GetValue(_simItems),
            Orders = parse.GetValue(_simOrders),
            Sessions = parse.GetValue(_simSessions),
            Rounds = parse.GetValue(_simRounds),
            Seed = parse.GetValue(_seed),
            CensorCompetingDeclines = parse.GetValue(_simCensor),
            PoolLevels = parse.GetValue(_simPool),
            UseOfferModel = parse.GetValue(_simLearner) != "cells",
            ChooseOffersTogether = parse.GetValue(_simOffers) != "independent",
        });
    }

    /// <summary>The options records of the signal models <paramref name="names"/> asks for, in order; an unknown name
    /// is a user error.</summary>
    private List<IModelOptions> SignalModels(ParseResult parse, IEnumerable<string> names)
    {
        var models = new List<IModelOptions>();
        foreach (var name in names)
            models.Add(name switch
            {
                "item2vec" => new Item2VecOptions(),
                "sasrec" => new SequenceModelOptions { Kind = SequenceModelKind.SasRec, MaxMinutes = parse.GetValue(_sasrecMinutes) },
                "text" => new TextModelOptions(),
                _ => throw new DataException($"unknown signal '{name}' (use item2vec, sasrec, text)", field: "--signals"),
            });
        return models;
    }
}
