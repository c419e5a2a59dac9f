using System.Text.Json.Nodes;

namespace BundleForge.BundleRanking;

/// <summary>Learns a vector for every user and every bundle from user–bundle lists, the users' items and the bundles'
/// items, so that a user's score for a bundle is the dot product (CrossCBR on TorchSharp implements it in the Neural
/// project; the core only blends what it learns).</summary>
public interface IBundleVectorLearner
{
    /// <summary>The signal's name in reports (<c>crosscbr</c>).</summary>
    string Name { get; }

    /// <summary>Learns from <paramref name="graph"/>. With <paramref name="validation"/> (each user's held-out bundles)
    /// and <paramref name="epochs"/> 0 it stops early on validation Recall@20 + NDCG@20 and returns the best epoch's
    /// vectors; with <paramref name="epochs"/> above 0 it trains exactly that many passes. Deterministic for a
    /// <paramref name="seed"/> and thread count.</summary>
    LearnedBundleVectors Learn(BundleGraph graph, int[][]? validation, int epochs, int seed, int threads, IProgress<ProgressUpdate>? progress,
        CancellationToken cancellation);

    /// <summary>The settings this learner learns with, recorded in the model's manifest (null: nothing to record).</summary>
    JsonObject? Settings => null;

    /// <summary>A learner of the same kind with the <paramref name="recorded"/> settings of <see cref="Settings"/>, so that
    /// a model's vectors can be learned again as they were (the cold-bundle protocol).</summary>
    IBundleVectorLearner WithSettings(JsonObject recorded) => this;
}

/// <summary>What a <see cref="IBundleVectorLearner"/> learns from: each user's distinct bundles (ascending), each
/// user's distinct items, and the bundles' items as row offsets into one array.</summary>
public sealed record BundleGraph(int[][] Lists, int[][] UserItems, int[] BundleOffsets, int[] BundleItems, int ItemCount)
{
    /// <summary>Bundles in the graph.</summary>
    public int BundleCount => BundleOffsets.Length - 1;
}
