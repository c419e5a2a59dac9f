using System.Text.Json.Nodes;
using BundleForge.Data;
using BundleForge.Training;

namespace BundleForge.BundleRanking;

/// <summary>Settings of the learned predefined-bundle ranker (<see cref="BundleRankerModel"/>): the candidates of each
/// hyper-parameter, chosen on a validation split carved from the train pairs (never on tune or test), and the share
/// carved. When no user has two train bundles to lend one, the middle λ and q and EASE alone are taken.</summary>
public sealed record BundleRankerOptions : IModelOptions
{
    /// <summary>Candidate ridge strengths λ of the EASE solve (added to the Gram matrix's diagonal).</summary>
    public IReadOnlyList<float> Lambdas { get; init; } = [300f, 1000f];

    /// <summary>Candidate weights q of the diagonal-proportional penalty (q·diag(G) added to the diagonal, as dropout
    /// in Steck's DLAE/EDLAE: bundles with many takers are regularised more).</summary>
    public IReadOnlyList<float> DiagonalWeights { get; init; } = [1f];

    /// <summary>Candidate weights of every signal other than EASE (whose weight is 1), tried in turn by coordinate
    /// ascent on the validation split; each signal is first divided by its spread over customers.</summary>
    public IReadOnlyList<float> BlendWeights { get; init; } = [0f, 0.1f, 0.2f, 0.4f, 0.8f, 1.6f];

    /// <summary>Candidate weights of the learned signal (<see cref="Learner"/>), wider than <see cref="BlendWeights"/>:
    /// on Youshu the first run with CrossCBR chose 1.6, the top of that list.</summary>
    public IReadOnlyList<float> LearnedWeights { get; init; } = [0f, 0.4f, 0.8f, 1.6f, 3.2f, 6.4f];

    /// <summary>Customer segments to measure weights per segment for, by the number of bundles a customer is known to
    /// have: ascending lower bounds of every segment after the first ([2, 5] = 0–1, 2–4, 5+); empty = none. Each
    /// segment's weights are chosen on its own validation customers and judged cross-fitted against one set of weights
    /// (<see cref="SegmentWeightSearch"/>), reported in the manifest's <c>segments</c>; the served model keeps one set of
    /// weights (on Youshu the segments lost cross-fitted: docs/BENCHMARKS.md, 2026-12-03 afternoon).</summary>
    public IReadOnlyList<int> SegmentBounds { get; init; } = [];

    /// <summary>Sweeps of the coordinate ascent over the signals (it stops early when a sweep changes nothing).</summary>
    public int BlendPasses { get; init; } = 2;

    /// <summary>Links kept per bundle in the served model (its strongest by absolute weight); on Youshu 200 of 4,771
    /// lose nothing.</summary>
    public int LinksPerBundle { get; init; } = 200;

    /// <summary>Nearest bundles by items a bundle nobody took is imputed from (0 = no imputation: such a bundle is
    /// scored by its item signals alone).</summary>
    public int ColdNeighbours { get; init; } = 10;

    /// <summary>Share of each user's train bundles held out for choosing the hyper-parameters (users with at least
    /// two train bundles lend at least one).</summary>
    public double ValidationShare { get; init; } = 0.2;

    /// <summary>Cut-off of the validation Recall and NDCG the choice maximises.</summary>
    public int ValidationK { get; init; } = 20;

    /// <summary>What the choice of λ, q and the weights maximises on the validation split: NDCG@k (ties by Recall@k),
    /// the figure the literature leads with, or Recall@k + NDCG@k (what this ranker used before).</summary>
    public BundleRankerObjective Objective { get; init; } = BundleRankerObjective.Ndcg;

    /// <summary>Learns user and bundle vectors whose dot product is blended as one more signal (CrossCBR from the Neural
    /// project); null leaves the ranker closed-form. Its epochs are chosen on the carved validation split, then it learns
    /// again on every train pair with as many.</summary>
    public IBundleVectorLearner? Learner { get; init; }

    /// <summary>The user–bundle splits the ranker learns from and serves as each user's known bundles; null takes train
    /// and tune when the data has a test split (tune is known history when test is judged), else train. A model that
    /// learned from tune cannot be judged on tune.</summary>
    public BundlePairs? LearnFrom { get; init; }

    /// <summary>Worker threads.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>The component the ranker writes.</summary>
    public string Component => BundleRankerModel.Component;

    /// <summary>Throws a <see cref="DataException"/> naming the setting that cannot train.</summary>
    public void Validate()
    {
        Check(nameof(Lambdas), Lambdas, l => l > 0, "positive");
        Check(nameof(DiagonalWeights), DiagonalWeights, w => w >= 0, "0 or more");
        Check(nameof(BlendWeights), BlendWeights, w => w >= 0, "0 or more");
        Check(nameof(LearnedWeights), LearnedWeights, w => w >= 0, "0 or more");
        if (SegmentBounds is null)
            throw Invalid(nameof(SegmentBounds), "must be a list (empty for none)");
        for (int g = 0; g < SegmentBounds.Count; g++)
            if (SegmentBounds[g] < 1 || (g > 0 && SegmentBounds[g] <= SegmentBounds[g - 1]))
                throw Invalid(nameof(SegmentBounds), $"must be ascending bundle counts of at least 1, not {string.Join(",", SegmentBounds)}");
        if (BlendPasses < 0)
            throw Invalid(nameof(BlendPasses), $"must be 0 or more, not {BlendPasses}");
        if (LinksPerBundle < 1)
            throw Invalid(nameof(LinksPerBundle), $"must be at least 1, not {LinksPerBundle}");
        if (ColdNeighbours < 0)
            throw Invalid(nameof(ColdNeighbours), $"must be 0 or more, not {ColdNeighbours}");
        if (!(ValidationShare > 0 && ValidationShare < 1))
            throw Invalid(nameof(ValidationShare), $"must be between 0 and 1 (exclusive), not {ValidationShare}");
        if (!Enum.IsDefined(Objective))
            throw Invalid(nameof(Objective), $"must be {string.Join(" or ", Enum.GetNames<BundleRankerObjective>())}, not {(int)Objective}");
        if (ValidationK < 1)
            throw Invalid(nameof(ValidationK), $"must be at least 1, not {ValidationK}");
        if (Threads < 1)
            throw Invalid(nameof(Threads), $"must be at least 1, not {Threads}");
    }

    /// <summary>The options a model was trained with, as its manifest <paramref name="parameters"/> record them, for
    /// solving it again (<see cref="BundleRankerTrainer.Refit"/>): links per bundle, cold neighbours and the learner's
    /// settings applied to <paramref name="learner"/> (a learner of the same kind); what a folder written before they were
    /// recorded lacks keeps the defaults. The seed the model was trained with comes back too (null when not recorded).</summary>
    public static (BundleRankerOptions Options, int? Seed) Recorded(JsonObject parameters, IBundleVectorLearner? learner)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var defaults = new BundleRankerOptions();
        var options = defaults with
        {
            LinksPerBundle = Int(parameters, "links_per_bundle") ?? defaults.LinksPerBundle,
            ColdNeighbours = Int(parameters, "cold_neighbours") ?? defaults.ColdNeighbours,
            Learner = learner is not null && parameters["learner_settings"] is JsonObject recorded ? learner.WithSettings(recorded) : learner,
            LearnFrom = LearnedFrom(parameters),
        };
        return (options, Int(parameters, "seed"));
    }

    /// <summary>The splits a model learned from, as its manifest <paramref name="parameters"/> record them; a folder
    /// written before they were recorded learned from train.</summary>
    public static BundlePairs LearnedFrom(JsonObject parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters["learned_from"] is not { } node)
            return BundlePairs.Train;
        string? name = node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : null;
        return BundleCatalog.Parse(name) ?? throw new DataException(
            $"The model's recorded bundle-ranker parameter 'learned_from' is {node.ToJsonString()}; known: \"train\", \"train+tune\".", field: "learned_from");
    }

    private static int? Int(JsonObject parameters, string name)
    {
        if (parameters[name] is not { } node)
            return null;
        try
        {
            return node.GetValue<int>();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new DataException($"The model's recorded bundle-ranker parameter '{name}' is not an integer: {node.ToJsonString()}.", field: name);
        }
    }

    /// <summary>The trainer of the ranker with these settings.</summary>
    public IModelTrainer CreateTrainer() => new BundleRankerTrainer(this);

    private static void Check(string option, IReadOnlyList<float> values, Func<float, bool> ok, string rule)
    {
        if (values is null || values.Count == 0)
            throw Invalid(option, "must list at least one value");
        foreach (var v in values)
            if (!float.IsFinite(v) || !ok(v))
                throw Invalid(option, $"values must be {rule}, not {v}");
    }

    private static DataException Invalid(string option, string rule) =>
        new($"BundleRanker.{option} {rule}.", field: "BundleRanker." + option);
}
