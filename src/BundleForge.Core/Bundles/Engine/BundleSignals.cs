using BundleForge.Bundles.Candidates;

namespace BundleForge.Bundles.Engine;

/// <summary>What one model component adds to the bundle engine: candidate sources and, optionally, a pair scorer
/// that wraps the co-purchase one (e.g. mixing in an embedding complement measure).</summary>
public sealed record BundleSignals
{
    /// <summary>The component the signals come from (e.g. <c>item2vec</c>, <c>sasrec</c>).</summary>
    public required string Component { get; init; }
    public IReadOnlyList<ICandidateSource> Sources { get; init; } = [];
    /// <summary>Builds the engine's pair scorer from the co-purchase scorer; null leaves pair scoring alone.</summary>
    public Func<IPairScorer, IPairScorer>? PairScorer { get; init; }
}
