using System.CommandLine;
using BundleForge.Baseline;
using BundleForge.BundleRanking;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Strategy;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Mining;
using BundleForge.Neural;
using BundleForge.Recommendation;
using BundleForge.Text;
using BundleForge.Training;

namespace BundleForge.Cli.Commands;

/// <summary>The train command's flags for each model, mapped onto the library's options records. The defaults are
/// the records' own (read from fresh records, never repeated here); a library error naming an option
/// (<c>Item2Vec.Dimensions</c>) is shown with the flag that sets it (<c>--dim</c>).</summary>
internal sealed class ModelFlags
{
    private static readonly BaselineOptions BaselineDefaults = new();
    private static readonly RulesOptions RulesDefaults = new();
    private static readonly Item2VecOptions Item2VecDefaults = new();
    private static readonly SequenceModelOptions SequenceDefaults = new();
    private static readonly NextBasketOptions NextBasketDefaults = new();
    private static readonly TextModelOptions TextDefaults = new();
    private static readonly BundleRankerOptions RankerDefaults = new();

    private static readonly string SasRec = SequenceModelArtifact.ComponentOf(SequenceModelKind.SasRec);
    private static readonly string Bert4Rec = SequenceModelArtifact.ComponentOf(SequenceModelKind.Bert4Rec);

    /// <summary>Every model train knows, in the order they run (bundles reads which of the others were trained).</summary>
    public static IReadOnlyList<string> Models { get; } =
        [BaselineModel.ComponentName, RulesModel.Component, Item2VecModel.Component, SasRec, Bert4Rec, NextBasketModel.Component, ItemTextVectors.Component, BundleModel.Component, BundleRankerModel.Component];

    /// <summary>Models trained only when <c>--models</c> names them: bert4rec (the alternative to sasrec), text (it loads
    /// a 90 MB sentence encoder) and bundle-ranker (it needs predefined bundles, as crosscbr data has). nextbasket is in
    /// the default list but trains only on data with order times (fimi and seqrec inputs have none).</summary>
    public static IReadOnlyList<string> OptIn { get; } = [Bert4Rec, ItemTextVectors.Component, BundleRankerModel.Component];

    private readonly Dictionary<string, string> _flagOf = new(StringComparer.Ordinal);

    private readonly Option<int> _baselineNeighbours = new("--baseline-neighbours") { Description = "Baseline: co-purchase neighbours kept per item.", DefaultValueFactory = _ => BaselineDefaults.Neighbours };
    private readonly Option<int> _baselineMinCo = new("--baseline-min-co-purchases") { Description = "Baseline: co-purchases needed for strict frequently-bought-together.", DefaultValueFactory = _ => BaselineDefaults.MinCoPurchases };
    private readonly Option<int> _baselineMaxBasket = new("--baseline-max-basket") { Description = "Baseline: larger baskets are left out of co-purchase counting.", DefaultValueFactory = _ => BaselineDefaults.MaxBasketSize };

    private readonly Option<double?> _minSupport = new("--min-support") { Description = $"rules: minimum itemset support as a fraction of baskets (default {RulesDefaults.MinSupport})." };
    private readonly Option<int?> _minCount = new("--min-count") { Description = "rules: minimum itemset support as a basket count (instead of --min-support)." };
    private readonly Option<double> _minConfidence = new("--min-confidence") { Description = "rules: minimum rule confidence.", DefaultValueFactory = _ => RulesDefaults.MinConfidence };
    private readonly Option<int> _rulesMaxSize = new("--rules-max-size") { Description = "rules: largest itemset mined (bounds long baskets).", DefaultValueFactory = _ => RulesDefaults.MaxSize };
    private readonly Option<int> _perAntecedent = new("--rules-per-antecedent") { Description = "rules: rules kept per antecedent (0 = all).", DefaultValueFactory = _ => RulesDefaults.TopPerAntecedent };
    private readonly Option<int> _fbtNeighbors = new("--fbt-neighbors") { Description = "rules: co-purchase partners kept per item for frequently-bought-together.", DefaultValueFactory = _ => RulesDefaults.NeighborsPerItem };

    // item2vec and the sequence models share --dim and --epochs, each with its own default when the flag is not given.
    private readonly Option<int?> _dim = new("--dim") { Description = $"Vector dimensions (item2vec default {Item2VecDefaults.Dimensions}; sasrec/bert4rec default {SequenceDefaults.Dim})." };
    private readonly Option<int?> _epochs = new("--epochs") { Description = $"Passes over the data (item2vec default {Item2VecDefaults.Epochs}; sasrec/bert4rec at most {SequenceDefaults.Epochs}, early stopping)." };
    private readonly Option<int> _window = new("--window") { Description = "item2vec: context window over histories and long baskets.", DefaultValueFactory = _ => Item2VecDefaults.Window };
    private readonly Option<int> _negatives = new("--negatives") { Description = "item2vec: negative samples per pair.", DefaultValueFactory = _ => Item2VecDefaults.Negatives };
    private readonly Option<int> _itemMinCount = new("--item-min-count") { Description = "item2vec: items seen fewer times get no trained vector.", DefaultValueFactory = _ => Item2VecDefaults.MinCount };
    private readonly Option<double> _sample = new("--sample") { Description = "item2vec: frequent-item subsampling threshold (0 = off).", DefaultValueFactory = _ => Item2VecDefaults.Sample };
    private readonly Option<bool?> _deterministic = new("--deterministic") { Description = "item2vec: one thread, bit-identical vectors for a seed (default: on when the run trains nextbasket, which reads them, so its served lists are the same run to run; --deterministic false: every thread, not reproducible)." };

    private readonly Option<int> _maxLength = new("--max-len") { Description = "sasrec/bert4rec: most recent items read per history.", DefaultValueFactory = _ => SequenceDefaults.MaxLength };
    private readonly Option<int> _blocks = new("--seq-blocks") { Description = "sasrec/bert4rec: Transformer blocks.", DefaultValueFactory = _ => SequenceDefaults.Blocks };
    private readonly Option<int> _heads = new("--seq-heads") { Description = "sasrec/bert4rec: attention heads (must divide --dim).", DefaultValueFactory = _ => SequenceDefaults.Heads };
    private readonly Option<double> _dropout = new("--seq-dropout") { Description = "sasrec/bert4rec: dropout rate.", DefaultValueFactory = _ => SequenceDefaults.Dropout };
    private readonly Option<string> _loss = new("--seq-loss") { Description = "sasrec/bert4rec: full (softmax over all items), sampled (softmax over --seq-negatives), bce (one negative).", DefaultValueFactory = _ => LossName(SequenceDefaults.Loss) };
    private readonly Option<int> _seqNegatives = new("--seq-negatives") { Description = "sasrec/bert4rec: negatives per batch for --seq-loss sampled.", DefaultValueFactory = _ => SequenceDefaults.Negatives };
    private readonly Option<string> _negativeSampling = new("--seq-negative-sampling") { Description = "sasrec/bert4rec: uniform or popularity (training count^0.75) negatives for --seq-loss sampled.", DefaultValueFactory = _ => Name(SequenceDefaults.NegativeSampling) };
    private readonly Option<bool> _logQ = new("--seq-logq") { Description = "sasrec/bert4rec: logQ correction of the sampled negatives' logits (subtract ln(k·q)).", DefaultValueFactory = _ => SequenceDefaults.LogQCorrection };
    private readonly Option<string> _schedule = new("--seq-schedule") { Description = "sasrec/bert4rec: learning rate over the planned epochs: constant or cosine (down to 0).", DefaultValueFactory = _ => Name(SequenceDefaults.Schedule) };
    private readonly Option<int> _warmup = new("--seq-warmup-steps") { Description = "sasrec/bert4rec: steps of linear learning-rate warm-up (0 = none).", DefaultValueFactory = _ => SequenceDefaults.WarmupSteps };
    private readonly Option<int> _batch = new("--seq-batch-size") { Description = "sasrec/bert4rec: histories per training step.", DefaultValueFactory = _ => SequenceDefaults.BatchSize };
    private readonly Option<double> _lr = new("--seq-lr") { Description = "sasrec/bert4rec: AdamW learning rate.", DefaultValueFactory = _ => SequenceDefaults.LearningRate };
    private readonly Option<double> _weightDecay = new("--seq-weight-decay") { Description = "sasrec/bert4rec: AdamW weight decay.", DefaultValueFactory = _ => SequenceDefaults.WeightDecay };
    private readonly Option<int> _patience = new("--seq-patience") { Description = "sasrec/bert4rec: stop after this many epochs without a better validation NDCG@10.", DefaultValueFactory = _ => SequenceDefaults.Patience };
    private readonly Option<double> _maskProbability = new("--seq-mask-prob") { Description = "bert4rec: share of items masked in training.", DefaultValueFactory = _ => SequenceDefaults.MaskProbability };
    private readonly Option<double> _maxMinutes = new("--seq-max-minutes") { Description = "sasrec/bert4rec: stop after the epoch that passes this training time (0 = no limit); the best checkpoint is kept.", DefaultValueFactory = _ => SequenceDefaults.MaxMinutes };
    private readonly Option<bool> _itemFeatures = new("--item-features") { Description = "sasrec/bert4rec: add learned embeddings of each item's category levels, brand and price band to its embedding (helps rarely bought and new items).", DefaultValueFactory = _ => SequenceDefaults.ItemFeatures };
    private readonly Option<string> _seqLayer = new("--seq-layer") { Description = "sasrec/bert4rec: Transformer block: sasrec (pre-LN) or ligr (gated residuals, SwiGLU; eSASRec).", DefaultValueFactory = _ => Name(SequenceDefaults.Layer) };
    private readonly Option<bool> _perPosition = new("--seq-negatives-per-position") { Description = "sasrec/bert4rec: --seq-loss sampled draws --seq-negatives for every position instead of once per batch.", DefaultValueFactory = _ => SequenceDefaults.NegativesPerPosition };
    private readonly Option<bool> _refit = new("--seq-refit") { Description = "sasrec/bert4rec: after validation chose the epochs, retrain that many on every purchase but each customer's test one (validation targets included) and keep that model (about twice the training time).", DefaultValueFactory = _ => SequenceDefaults.Refit };
    private readonly Option<bool> _decayEmbeddings = new("--seq-decay-embeddings") { Description = "sasrec/bert4rec: apply --seq-weight-decay to the embedding tables too (false: Transformer weights only).", DefaultValueFactory = _ => SequenceDefaults.DecayEmbeddings };
    private readonly Option<double> _labelSmoothing = new("--seq-label-smoothing") { Description = "sasrec/bert4rec: share of the target's probability spread over the whole catalogue, for --seq-loss full (0 = off).", DefaultValueFactory = _ => SequenceDefaults.LabelSmoothing };
    private readonly Option<string> _seqHistory = new("--seq-history") { Description = "sasrec/bert4rec: rank the user's own past items last when scoring: auto (decided on the validation split: the better validation NDCG@10 of masked and kept), mask or keep.", DefaultValueFactory = _ => Name(SequenceDefaults.History) };
    private readonly Option<int> _validateEvery = new("--seq-validate-every") { Description = "sasrec/bert4rec: validate every k epochs (and after the last); patience counts validations.", DefaultValueFactory = _ => SequenceDefaults.ValidateEvery };
    private readonly Option<int> _testDays = new("--seq-test-days") { Description = "sasrec/bert4rec: evaluate on a time split instead of leave-last-out: train on purchases before the last N days, test on each user's first order in them (needs real times; 0 = leave-last-out).", DefaultValueFactory = _ => SequenceDefaults.TestDays };

    private readonly Option<int> _nbValidDays = new("--nb-valid-days") { Description = "nextbasket: days at the end of the training data the ranker is fitted on.", DefaultValueFactory = _ => NextBasketDefaults.ValidationDays };
    private readonly Option<int> _nbTitle = new("--nb-title-candidates") { Description = "nextbasket: never-bought items closest to a customer's title words proposed as candidates; 0 turns the source off.", DefaultValueFactory = _ => NextBasketDefaults.Candidates.Title };
    private readonly Option<int> _nbNeighbours = new("--nb-neighbours") { Description = "nextbasket: nearest customers read by the neighbour signal (TIFU-KNN's neighbourhood); 0 turns it off.", DefaultValueFactory = _ => NextBasketDefaults.Neighbours.Neighbours };
    private readonly Option<int> _textBatch = new("--text-batch-size") { Description = "text: item texts per sentence-encoder call.", DefaultValueFactory = _ => TextDefaults.BatchSize };
    private readonly Option<bool> _textNoReuse = new("--text-no-reuse") { Description = "text: encode every item again instead of reusing the vectors of unchanged texts from the previous model folder." };
    private readonly Option<string> _rankerLambdas = new("--ranker-lambdas") { Description = "bundle-ranker: candidate EASE ridge strengths, comma-separated (chosen on a validation split carved from train).", DefaultValueFactory = _ => List(RankerDefaults.Lambdas) };
    private readonly Option<string> _rankerDiagonal = new("--ranker-diagonal") { Description = "bundle-ranker: candidate weights q of the penalty q·diag(G) (EDLAE's dropout).", DefaultValueFactory = _ => List(RankerDefaults.DiagonalWeights) };
    private readonly Option<string> _rankerBlend = new("--ranker-blend-weights") { Description = "bundle-ranker: candidate weights of each signal beside EASE (two-hop, co-takers, content, item overlap, item neighbours, popularity), tried in turn on the validation split.", DefaultValueFactory = _ => List(RankerDefaults.BlendWeights) };
    private readonly Option<int> _rankerPasses = new("--ranker-blend-passes") { Description = "bundle-ranker: sweeps of the coordinate ascent over the signals' weights (0 = EASE alone).", DefaultValueFactory = _ => RankerDefaults.BlendPasses };
    private readonly Option<int> _rankerLinks = new("--ranker-links") { Description = "bundle-ranker: links kept per bundle in the stored model.", DefaultValueFactory = _ => RankerDefaults.LinksPerBundle };
    private readonly Option<bool> _rankerCrossCbr = new("--ranker-crosscbr") { Description = "bundle-ranker: also learn CrossCBR vectors (TorchSharp) and blend their score, its weight and epochs chosen on the carved split." };
    private readonly Option<string> _rankerSegments = new("--ranker-segments") { Description = "bundle-ranker: customer segments by the number of bundles they took, as the ascending lower bounds of every segment after the first (2,5 = 0–1, 2–4, 5+); measures weights chosen per segment on its validation customers against one set, cross-fitted on validation (manifest 'segments'); the model keeps one set; 'none' (default) skips it.", DefaultValueFactory = _ => Bounds(RankerDefaults.SegmentBounds) };
    private readonly Option<string> _rankerLearnFrom = new("--ranker-learn-from") { Description = "bundle-ranker: the user–bundle splits it learns from: train, train+tune, or auto (default: train+tune when the folder has a test split, where tune is known history, else train). A model that learned from tune cannot be evaluated on tune.", DefaultValueFactory = _ => "auto" };
    private readonly Option<string> _rankerSelectBy = new("--ranker-select-by") { Description = "bundle-ranker: the validation figure λ, q and the weights are chosen by: ndcg (NDCG@20, ties by Recall@20) or recall+ndcg.", DefaultValueFactory = _ => ObjectiveName(RankerDefaults.Objective) };
    private readonly Option<int> _rankerCrossCbrEpochs = new("--ranker-crosscbr-epochs") { Description = "bundle-ranker: most CrossCBR epochs of the run that stops on the carved validation split (the final run takes the best epoch's count); a fixed budget, so a seed gives the same model on any machine.", DefaultValueFactory = _ => CrossCbrDefaults.MaxEpochs };
    private static readonly CrossCbrOptions CrossCbrDefaults = new();
    private readonly Option<double> _cbrLearningRate = new("--ranker-crosscbr-lr") { Description = "bundle-ranker: CrossCBR's Adam learning rate.", DefaultValueFactory = _ => CrossCbrDefaults.LearningRate };
    private readonly Option<double> _cbrL2 = new("--ranker-crosscbr-l2") { Description = "bundle-ranker: CrossCBR's L2 penalty (Adam weight decay) on the embeddings.", DefaultValueFactory = _ => CrossCbrDefaults.L2 };
    private readonly Option<int> _cbrDim = new("--ranker-crosscbr-dim") { Description = "bundle-ranker: dimensions of each CrossCBR view (a served vector holds both).", DefaultValueFactory = _ => CrossCbrDefaults.Dim };
    private readonly Option<int> _cbrLayers = new("--ranker-crosscbr-layers") { Description = "bundle-ranker: LightGCN propagation layers of each CrossCBR view.", DefaultValueFactory = _ => CrossCbrDefaults.Layers };
    private readonly Option<int> _cbrBatch = new("--ranker-crosscbr-batch") { Description = "bundle-ranker: user–bundle pairs per CrossCBR step.", DefaultValueFactory = _ => CrossCbrDefaults.BatchSize };
    private readonly Option<double> _cbrContrast = new("--ranker-crosscbr-contrast") { Description = "bundle-ranker: weight of CrossCBR's cross-view contrastive loss beside BPR (the paper's c_lambda).", DefaultValueFactory = _ => CrossCbrDefaults.ContrastWeight };
    private readonly Option<double> _cbrTemperature = new("--ranker-crosscbr-temperature") { Description = "bundle-ranker: temperature of CrossCBR's contrastive loss (the paper's c_temp).", DefaultValueFactory = _ => CrossCbrDefaults.Temperature };
    private readonly Option<double> _cbrItemDropout = new("--ranker-crosscbr-item-dropout") { Description = "bundle-ranker: share of user–item edges CrossCBR drops each epoch (item_level_ratio).", DefaultValueFactory = _ => CrossCbrDefaults.ItemEdgeDropout };
    private readonly Option<double> _cbrBundleDropout = new("--ranker-crosscbr-bundle-dropout") { Description = "bundle-ranker: share of user–bundle edges CrossCBR drops each epoch (bundle_level_ratio).", DefaultValueFactory = _ => CrossCbrDefaults.BundleEdgeDropout };
    private readonly Option<double> _cbrAggregationDropout = new("--ranker-crosscbr-agg-dropout") { Description = "bundle-ranker: share of bundle–item edges CrossCBR drops each epoch (bundle_agg_ratio).", DefaultValueFactory = _ => CrossCbrDefaults.AggregationDropout };
    private readonly Option<string> _cbrSchedule = new("--ranker-crosscbr-schedule") { Description = "bundle-ranker: CrossCBR's learning rate over --ranker-crosscbr-epochs: constant or cosine (down to 0).", DefaultValueFactory = _ => Name(CrossCbrDefaults.Schedule) };
    private readonly Option<int> _cbrEvaluateEvery = new("--ranker-crosscbr-every") { Description = "bundle-ranker: epochs between CrossCBR's checks on the carved validation split.", DefaultValueFactory = _ => CrossCbrDefaults.EvaluateEvery };
    private readonly Option<int> _cbrPatience = new("--ranker-crosscbr-patience") { Description = "bundle-ranker: CrossCBR's checks without improvement before it stops.", DefaultValueFactory = _ => CrossCbrDefaults.Patience };
    private readonly Option<double> _rankerValidation = new("--ranker-validation-share") { Description = "bundle-ranker: share of each user's train bundles carved out to choose the settings.", DefaultValueFactory = _ => RankerDefaults.ValidationShare };

    private readonly Option<string?> _strategy = new("--strategy") { Description = "bundles: strategy JSON stored as the model's default (docs/STRATEGY.md)." };

    /// <summary>Adds every model's flags to <paramref name="train"/>.</summary>
    public ModelFlags(Command train)
    {
        Add(train, _baselineNeighbours, "Baseline." + nameof(BaselineOptions.Neighbours));
        Add(train, _baselineMinCo, "Baseline." + nameof(BaselineOptions.MinCoPurchases));
        Add(train, _baselineMaxBasket, "Baseline." + nameof(BaselineOptions.MaxBasketSize));

        Add(train, _minSupport, "Rules." + nameof(RulesOptions.MinSupport));
        Add(train, _minCount, "Rules." + nameof(RulesOptions.MinCount));
        Add(train, _minConfidence, "Rules." + nameof(RulesOptions.MinConfidence));
        Add(train, _rulesMaxSize, "Rules." + nameof(RulesOptions.MaxSize));
        Add(train, _perAntecedent, "Rules." + nameof(RulesOptions.TopPerAntecedent));
        Add(train, _fbtNeighbors, "Rules." + nameof(RulesOptions.NeighborsPerItem));

        Add(train, _dim, ["Item2Vec." + nameof(Item2VecOptions.Dimensions), .. Sequence(nameof(SequenceModelOptions.Dim))]);
        Add(train, _epochs, ["Item2Vec." + nameof(Item2VecOptions.Epochs), .. Sequence(nameof(SequenceModelOptions.Epochs))]);
        Add(train, _window, "Item2Vec." + nameof(Item2VecOptions.Window));
        Add(train, _negatives, "Item2Vec." + nameof(Item2VecOptions.Negatives));
        Add(train, _itemMinCount, "Item2Vec." + nameof(Item2VecOptions.MinCount));
        Add(train, _sample, "Item2Vec." + nameof(Item2VecOptions.Sample));
        Add(train, _deterministic);

        Add(train, _maxLength, Sequence(nameof(SequenceModelOptions.MaxLength)));
        Add(train, _blocks, Sequence(nameof(SequenceModelOptions.Blocks)));
        Add(train, _heads, Sequence(nameof(SequenceModelOptions.Heads)));
        Add(train, _dropout, Sequence(nameof(SequenceModelOptions.Dropout)));
        Add(train, _loss, Sequence(nameof(SequenceModelOptions.Loss)));
        Add(train, _seqNegatives, Sequence(nameof(SequenceModelOptions.Negatives)));
        Add(train, _negativeSampling, Sequence(nameof(SequenceModelOptions.NegativeSampling)));
        Add(train, _logQ, Sequence(nameof(SequenceModelOptions.LogQCorrection)));
        Add(train, _schedule, Sequence(nameof(SequenceModelOptions.Schedule)));
        Add(train, _warmup, Sequence(nameof(SequenceModelOptions.WarmupSteps)));
        Add(train, _batch, Sequence(nameof(SequenceModelOptions.BatchSize)));
        Add(train, _lr, Sequence(nameof(SequenceModelOptions.LearningRate)));
        Add(train, _weightDecay, Sequence(nameof(SequenceModelOptions.WeightDecay)));
        Add(train, _patience, Sequence(nameof(SequenceModelOptions.Patience)));
        Add(train, _maskProbability, Sequence(nameof(SequenceModelOptions.MaskProbability)));
        Add(train, _maxMinutes, Sequence(nameof(SequenceModelOptions.MaxMinutes)));
        Add(train, _itemFeatures, Sequence(nameof(SequenceModelOptions.ItemFeatures)));
        Add(train, _testDays, Sequence(nameof(SequenceModelOptions.TestDays)));
        Add(train, _seqLayer, Sequence(nameof(SequenceModelOptions.Layer)));
        Add(train, _perPosition, Sequence(nameof(SequenceModelOptions.NegativesPerPosition)));
        Add(train, _decayEmbeddings, Sequence(nameof(SequenceModelOptions.DecayEmbeddings)));
        Add(train, _refit, Sequence(nameof(SequenceModelOptions.Refit)));
        Add(train, _validateEvery, Sequence(nameof(SequenceModelOptions.ValidateEvery)));
        Add(train, _labelSmoothing, Sequence(nameof(SequenceModelOptions.LabelSmoothing)));
        Add(train, _seqHistory, Sequence(nameof(SequenceModelOptions.History)));

        Add(train, _nbValidDays, "NextBasket." + nameof(NextBasketOptions.ValidationDays));
        Add(train, _nbNeighbours, "NextBasket." + nameof(NextBasketOptions.Neighbours));
        Add(train, _nbTitle, "NextBasket." + nameof(NextBasketOptions.Candidates));
        Add(train, _textBatch, "Text." + nameof(TextModelOptions.BatchSize));
        Add(train, _textNoReuse);

        Add(train, _strategy, "Bundles." + nameof(BundleModelOptions.Strategy));

        Add(train, _rankerLambdas, "BundleRanker." + nameof(BundleRankerOptions.Lambdas));
        Add(train, _rankerDiagonal, "BundleRanker." + nameof(BundleRankerOptions.DiagonalWeights));
        Add(train, _rankerBlend, "BundleRanker." + nameof(BundleRankerOptions.BlendWeights));
        Add(train, _rankerPasses, "BundleRanker." + nameof(BundleRankerOptions.BlendPasses));
        Add(train, _rankerLinks, "BundleRanker." + nameof(BundleRankerOptions.LinksPerBundle));
        Add(train, _rankerValidation, "BundleRanker." + nameof(BundleRankerOptions.ValidationShare));
        Add(train, _rankerSelectBy, "BundleRanker." + nameof(BundleRankerOptions.Objective));
        Add(train, _rankerSegments, "BundleRanker." + nameof(BundleRankerOptions.SegmentBounds));
        Add(train, _rankerLearnFrom, "BundleRanker." + nameof(BundleRankerOptions.LearnFrom));
        Add(train, _rankerCrossCbr);
        Add(train, _rankerCrossCbrEpochs, "CrossCbr." + nameof(CrossCbrOptions.MaxEpochs));
        Add(train, _cbrLearningRate, "CrossCbr." + nameof(CrossCbrOptions.LearningRate));
        Add(train, _cbrL2, "CrossCbr." + nameof(CrossCbrOptions.L2));
        Add(train, _cbrDim, "CrossCbr." + nameof(CrossCbrOptions.Dim));
        Add(train, _cbrLayers, "CrossCbr." + nameof(CrossCbrOptions.Layers));
        Add(train, _cbrBatch, "CrossCbr." + nameof(CrossCbrOptions.BatchSize));
        Add(train, _cbrContrast, "CrossCbr." + nameof(CrossCbrOptions.ContrastWeight));
        Add(train, _cbrTemperature, "CrossCbr." + nameof(CrossCbrOptions.Temperature));
        Add(train, _cbrItemDropout, "CrossCbr." + nameof(CrossCbrOptions.ItemEdgeDropout));
        Add(train, _cbrBundleDropout, "CrossCbr." + nameof(CrossCbrOptions.BundleEdgeDropout));
        Add(train, _cbrAggregationDropout, "CrossCbr." + nameof(CrossCbrOptions.AggregationDropout));
        Add(train, _cbrSchedule, "CrossCbr." + nameof(CrossCbrOptions.Schedule));
        Add(train, _cbrEvaluateEvery, "CrossCbr." + nameof(CrossCbrOptions.EvaluateEvery));
        Add(train, _cbrPatience, "CrossCbr." + nameof(CrossCbrOptions.Patience));
    }

    /// <summary>The options records of <paramref name="models"/> (names from <see cref="Models"/>) with the flags'
    /// values; files they name (the strategy) are read here.</summary>
    public List<IModelOptions> Read(ParseResult parse, IReadOnlyList<string> models)
    {
        var list = new List<IModelOptions>(models.Count);
        foreach (var model in models)
            list.Add(Read(parse, model));
        // The next-basket ranker reads item2vec when the same run trains it, retraining it with the same settings on
        // the data before its fitting period. Its served lists read the folder's vectors, so unless the flag says
        // otherwise those are trained reproducibly too: the same data and seed serve the same lists.
        int at = list.FindIndex(o => o is Item2VecOptions);
        if (at >= 0 && list.Exists(o => o is NextBasketOptions) && parse.GetValue(_deterministic) is null)
            list[at] = (Item2VecOptions)list[at] with { Deterministic = true };
        for (int m = 0; m < list.Count; m++)
            if (list[m] is NextBasketOptions nb && at >= 0)
                list[m] = nb with { Item2Vec = (Item2VecOptions)list[at] };
        return list;
    }

    /// <summary><paramref name="e"/> with the flag that sets the library option it names, if this command has one.</summary>
    public DataException WithFlag(DataException e) =>
        e.Field is { } option && _flagOf.TryGetValue(option, out var flag) ? new DataException(e.Reason, e.File, e.Line, flag, e) : e;

    /// <summary>Records which flag sets which library option (threads and the output are the train command's own).</summary>
    public void Maps(Option flag, params string[] libraryOptions)
    {
        foreach (var name in libraryOptions)
            _flagOf[name] = flag.Name;
    }

    private IModelOptions Read(ParseResult p, string model)
    {
        if (model == BaselineModel.ComponentName)
            return BaselineDefaults with
            {
                Neighbours = p.GetValue(_baselineNeighbours),
                MinCoPurchases = p.GetValue(_baselineMinCo),
                MaxBasketSize = p.GetValue(_baselineMaxBasket),
            };
        if (model == RulesModel.Component)
        {
            double? support = p.GetValue(_minSupport);
            int? count = p.GetValue(_minCount);
            if (support is not null && count is not null)
                throw new DataException("Give either --min-support or --min-count, not both.", field: _minSupport.Name);
            return RulesDefaults with
            {
                MinSupport = support ?? RulesDefaults.MinSupport,
                MinCount = count,
                MinConfidence = p.GetValue(_minConfidence),
                MaxSize = p.GetValue(_rulesMaxSize),
                TopPerAntecedent = p.GetValue(_perAntecedent),
                NeighborsPerItem = p.GetValue(_fbtNeighbors),
            };
        }
        if (model == Item2VecModel.Component)
            return Item2VecDefaults with
            {
                Dimensions = p.GetValue(_dim) ?? Item2VecDefaults.Dimensions,
                Epochs = p.GetValue(_epochs) ?? Item2VecDefaults.Epochs,
                Window = p.GetValue(_window),
                Negatives = p.GetValue(_negatives),
                MinCount = p.GetValue(_itemMinCount),
                Sample = p.GetValue(_sample),
                Deterministic = p.GetValue(_deterministic) ?? Item2VecDefaults.Deterministic,
            };
        if (model == SasRec || model == Bert4Rec)
            return SequenceDefaults with
            {
                Kind = model == SasRec ? SequenceModelKind.SasRec : SequenceModelKind.Bert4Rec,
                Dim = p.GetValue(_dim) ?? SequenceDefaults.Dim,
                Epochs = p.GetValue(_epochs) ?? SequenceDefaults.Epochs,
                MaxLength = p.GetValue(_maxLength),
                Blocks = p.GetValue(_blocks),
                Heads = p.GetValue(_heads),
                Dropout = p.GetValue(_dropout),
                Loss = ParseLoss(p.GetValue(_loss)),
                Negatives = p.GetValue(_seqNegatives),
                NegativeSampling = ParseName<SequenceNegativeSampling>(p.GetValue(_negativeSampling), _negativeSampling.Name),
                LogQCorrection = p.GetValue(_logQ),
                Schedule = ParseName<SequenceLearningRateSchedule>(p.GetValue(_schedule), _schedule.Name),
                WarmupSteps = p.GetValue(_warmup),
                BatchSize = p.GetValue(_batch),
                LearningRate = p.GetValue(_lr),
                WeightDecay = p.GetValue(_weightDecay),
                Patience = p.GetValue(_patience),
                MaskProbability = p.GetValue(_maskProbability),
                MaxMinutes = p.GetValue(_maxMinutes),
                ItemFeatures = p.GetValue(_itemFeatures),
                TestDays = p.GetValue(_testDays),
                Layer = ParseName<SequenceLayer>(p.GetValue(_seqLayer), _seqLayer.Name),
                NegativesPerPosition = p.GetValue(_perPosition),
                DecayEmbeddings = p.GetValue(_decayEmbeddings),
                Refit = p.GetValue(_refit),
                ValidateEvery = p.GetValue(_validateEvery),
                LabelSmoothing = p.GetValue(_labelSmoothing),
                History = ParseName<SequenceHistoryRule>(p.GetValue(_seqHistory), _seqHistory.Name),
            };
        if (model == NextBasketModel.Component)
            return NextBasketDefaults with
            {
                ValidationDays = p.GetValue(_nbValidDays),
                Candidates = NextBasketDefaults.Candidates with { Title = p.GetValue(_nbTitle) },
                Neighbours = NextBasketDefaults.Neighbours with { Neighbours = p.GetValue(_nbNeighbours) },
            };
        if (model == ItemTextVectors.Component)
            return TextDefaults with { BatchSize = p.GetValue(_textBatch), Reuse = !p.GetValue(_textNoReuse) };
        if (model == BundleModel.Component)
            return new BundleModelOptions { Strategy = p.GetValue(_strategy) is { } file ? MarketStrategy.Load(file) : MarketStrategy.Default };
        if (model == BundleRankerModel.Component)
            return RankerDefaults with
            {
                Lambdas = ParseList(p.GetValue(_rankerLambdas), _rankerLambdas.Name),
                DiagonalWeights = ParseList(p.GetValue(_rankerDiagonal), _rankerDiagonal.Name),
                BlendWeights = ParseList(p.GetValue(_rankerBlend), _rankerBlend.Name),
                BlendPasses = p.GetValue(_rankerPasses),
                LinksPerBundle = p.GetValue(_rankerLinks),
                ValidationShare = p.GetValue(_rankerValidation),
                Objective = ParseObjective(p.GetValue(_rankerSelectBy)),
                SegmentBounds = ParseBounds(p.GetValue(_rankerSegments), _rankerSegments.Name),
                Learner = p.GetValue(_rankerCrossCbr) ? new CrossCbrLearner(ReadCrossCbr(p)) : null,
                LearnFrom = ParseLearnFrom(p.GetValue(_rankerLearnFrom)),
            };
        throw new DataException($"Unknown model '{model}'. Known: {string.Join(", ", Models)}.", field: "--models");
    }

    /// <summary>CrossCBR's settings from the flags, checked here so that a bad value fails before the data is read.</summary>
    private CrossCbrOptions ReadCrossCbr(ParseResult p)
    {
        var options = new CrossCbrOptions
        {
            MaxEpochs = p.GetValue(_rankerCrossCbrEpochs),
            LearningRate = p.GetValue(_cbrLearningRate),
            L2 = p.GetValue(_cbrL2),
            Dim = p.GetValue(_cbrDim),
            Layers = p.GetValue(_cbrLayers),
            BatchSize = p.GetValue(_cbrBatch),
            ContrastWeight = p.GetValue(_cbrContrast),
            Temperature = p.GetValue(_cbrTemperature),
            ItemEdgeDropout = p.GetValue(_cbrItemDropout),
            BundleEdgeDropout = p.GetValue(_cbrBundleDropout),
            AggregationDropout = p.GetValue(_cbrAggregationDropout),
            Schedule = ParseName<SequenceLearningRateSchedule>(p.GetValue(_cbrSchedule), _cbrSchedule.Name),
            EvaluateEvery = p.GetValue(_cbrEvaluateEvery),
            Patience = p.GetValue(_cbrPatience),
        };
        options.Validate();
        return options;
    }

    private static string List(IReadOnlyList<float> values) => string.Join(",", values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static string Bounds(IReadOnlyList<int> bounds) => bounds.Count == 0 ? "none" : string.Join(",", bounds);

    private static int[] ParseBounds(string? text, string flag)
    {
        if (string.Equals(text?.Trim(), "none", StringComparison.OrdinalIgnoreCase))
            return [];
        var parts = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out values[i]) || values[i] < 1
                || (i > 0 && values[i] <= values[i - 1]))
                throw new DataException($"{flag} takes ascending bundle counts of at least 1, comma-separated, or 'none'; '{parts[i]}' is not one.", field: flag);
        return values;
    }

    private static float[] ParseList(string? text, string flag)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!float.TryParse(parts[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out values[i]))
                throw new DataException($"{flag} takes comma-separated numbers; '{parts[i]}' is not one.", field: flag);
        return values;
    }

    private void Add(Command train, Option flag, params string[] libraryOptions)
    {
        train.Options.Add(flag);
        Maps(flag, libraryOptions);
    }

    /// <summary>A sequence model option under both library prefixes (<c>SasRec.Dim</c>, <c>Bert4Rec.Dim</c>).</summary>
    private static string[] Sequence(string option) => ["SasRec." + option, "Bert4Rec." + option];

    private static string LossName(SequenceLoss loss) => loss.ToString().ToLowerInvariant();

    private static SequenceLoss ParseLoss(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        "full" or "ce" => SequenceLoss.Full,
        "sampled" or "sampled-ce" => SequenceLoss.Sampled,
        "bce" => SequenceLoss.Bce,
        _ => throw new DataException($"Unknown --seq-loss '{s}'. Known: full (or ce), sampled (or sampled-ce), bce.", field: "--seq-loss"),
    };

    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string ObjectiveName(BundleRankerObjective objective) => objective == BundleRankerObjective.Ndcg ? "ndcg" : "recall+ndcg";

    private BundleRankerObjective ParseObjective(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        "ndcg" => BundleRankerObjective.Ndcg,
        "recall+ndcg" => BundleRankerObjective.RecallPlusNdcg,
        _ => throw new DataException($"Unknown {_rankerSelectBy.Name} '{s}'. Known: ndcg, recall+ndcg.", field: _rankerSelectBy.Name),
    };

    private BundlePairs? ParseLearnFrom(string? s)
    {
        var name = s?.Trim().ToLowerInvariant();
        return name == "auto" ? null : BundleCatalog.Parse(name)
            ?? throw new DataException($"Unknown {_rankerLearnFrom.Name} '{s}'. Known: auto, train, train+tune.", field: _rankerLearnFrom.Name);
    }

    /// <summary>The member of <typeparamref name="T"/> named (in any case) by <paramref name="s"/>; numbers are no names.</summary>
    private static T ParseName<T>(string? s, string flag) where T : struct, Enum
    {
        var text = s?.Trim() ?? "";
        if (text.Length > 0 && char.IsLetter(text[0]) && Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value))
            return value;
        var known = string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
        throw new DataException($"Unknown {flag} '{s}'. Known: {known}.", field: flag);
    }
}
