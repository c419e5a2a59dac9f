namespace BundleForge.Cluster.Grains;

/// <summary>The offer-response learner one model version shares across the cluster (key: the model version): the
/// ordered log of that version's offer feedback. Every node applies the log to its own copy of the learner in the log's
/// order, so every node reaches the same feedback state (and answer key) after the same events.</summary>
public interface IOfferLearnerGrain : IGrainWithStringKey
{
    /// <summary>Appends <paramref name="entries"/> durably, in order; returns the log from position
    /// <paramref name="from"/> on (the new entries included; nothing when <paramref name="from"/> is negative).</summary>
    Task<OfferFeedbackEntry[]> Append(OfferFeedbackEntry[] entries, long from);

    /// <summary>The log from position <paramref name="from"/> on (at most <paramref name="max"/> entries).</summary>
    Task<OfferFeedbackEntry[]> Since(long from, int max);

    /// <summary>Removes an erased user's key from the entries held (the log in PostgreSQL is blanked by the registry).</summary>
    Task Forget(string userKey);
}
