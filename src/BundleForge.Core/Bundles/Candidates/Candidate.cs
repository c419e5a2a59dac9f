namespace BundleForge.Bundles.Candidates;

/// <summary>One item proposed by a signal for a user: a non-negative score (larger is better, any scale; the engine
/// normalises per source), the source's name and the evidence the explanation words (none by default).</summary>
public readonly record struct Candidate(int Item, float Score, string Source, SignalEvidence Evidence = default);
