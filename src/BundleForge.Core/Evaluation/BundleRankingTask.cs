using BundleForge.BundleRanking;
using BundleForge.Data;
using BundleForge.Evaluation.Bundles;
using BundleForge.Evaluation.Metrics;

namespace BundleForge.Evaluation;

/// <summary><c>evaluate --task bundle-ranking</c>: ranks a dataset's predefined bundles (crosscbr) for each user with
/// held-out bundles by the model's trained <c>bundle-ranker</c> component, beside the popularity and item-affinity
/// baselines, under the CrossCBR protocol (<see cref="BundleRankingProtocol"/>).</summary>
public sealed class BundleRankingTask : EvaluationTask<BundleRankingTaskOptions, BundleRankingTaskResult>
{
    public override string Name => "bundle-ranking";

    public override BundleRankingTaskResult Evaluate(EvaluationContext context, BundleRankingTaskOptions options)
    {
        int k = options.K;
        if (k < 1)
            throw new DataException("--bundle-k must be at least 1.", field: "--bundle-k");
        var data = context.Data;
        var bundles = data.Bundles ?? throw new DataException("The data has no predefined bundles (use the crosscbr format).", field: "--data");
        var protocol = BundleRankingProtocol.For(bundles, data.Users.Count, options.Split);
        int[] cutoffs = [k, 2 * k];
        var ranker = BundleRankerModel.Load(context.Model);
        // Recorded by the training: a model that learned from the tune pairs has seen tune's answers.
        var parameters = context.Model.Manifest.Components[BundleRankerModel.Component].Parameters;
        var learnedFrom = BundleRankerOptions.LearnedFrom(parameters);
        if (learnedFrom == BundlePairs.TrainAndTune && protocol.Split == BundleRankingSplit.Tune)
            throw new DataException("The model learned from the tune pairs (its manifest says learned_from \"train+tune\"), so tune cannot judge it: " +
                "evaluate on a test split, or train with --ranker-learn-from train to judge on tune.", field: "--split");
        context.Progress?.Report(new ProgressUpdate("bundle-ranking", double.NaN, $"ranking {bundles.Count} bundles for {protocol.Users.Count} users"));
        // Every ranker reads the same known pairs: those the model learned from.
        var model = protocol.Evaluate(new TrainedBundleScorer(ranker, data, learnedFrom: learnedFrom), cutoffs);
        var baselines = new Dictionary<string, RelevantSetMetrics>(StringComparer.Ordinal)
        {
            ["popularity"] = protocol.Evaluate(new PopularityBundleBaseline(bundles, learnedFrom), cutoffs),
            ["item_affinity"] = protocol.Evaluate(new ItemAffinityBaseline(data, learnedFrom), cutoffs),
        };
        // The learned vectors alone (CrossCBR's own ranking), beside the blend they are part of.
        if (ranker.Vectors is { } vectors)
            baselines[vectors.Learner] = protocol.Evaluate(new LearnedVectorScorer(vectors, TrainedBundleScorer.VectorRows(vectors, data, null)), cutoffs);
        ColdBundleFigures? cold = null;
        if (options.ColdBundleShare > 0)
        {
            context.Progress?.Report(new ProgressUpdate("bundle-ranking", double.NaN, "cold bundles: solving without them"));
            // Solved and learned again as the model was: its recorded links, neighbours, learner settings and seed.
            var (recorded, trainingSeed) = BundleRankerOptions.Recorded(parameters, options.Learner);
            cold = ColdBundleEvaluation.Run(ranker, data, protocol, options.ColdBundleShare, options.ColdBundleSeed, cutoffs, Environment.ProcessorCount,
                recorded, learnerSeed: trainingSeed);
        }
        return new BundleRankingTaskResult
        {
            Task = Name,
            Protocol = protocol.Describe(cutoffs, learnedFrom),
            Split = protocol.Split,
            K = k,
            Model = model,
            Baselines = baselines,
            ColdBundles = cold,
            Users = protocol.Users.Count,
            Bundles = bundles.Count,
        };
    }
}

/// <summary>Ranks by the learned vectors' dot product alone (a user without a vector gets all zeros).</summary>
internal sealed class LearnedVectorScorer(CustomerVectors vectors, int[] rows) : IBundleScorer
{
    public void Score(int user, Span<float> scores)
    {
        scores.Clear();
        int row = rows[user];
        if (row < 0)
            return;
        var u = vectors.Users.AsSpan(row * vectors.Dim, vectors.Dim);
        LearnedBundleVectors.Score(u, vectors.Bundles, vectors.Dim, scores);
    }
}
