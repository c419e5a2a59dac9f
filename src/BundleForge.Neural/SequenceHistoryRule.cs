namespace BundleForge.Neural;

/// <summary>Whether a sequence model ranks the user's own past items down when it scores: decided at training time
/// from the data (<see cref="Auto"/>), or set by the user.</summary>
public enum SequenceHistoryRule
{
    /// <summary>Validate both ways after every epoch and keep the better by validation NDCG@10 (ties keep the history):
    /// a shop whose customers never re-buy learns to mask, a shop of repeat purchases to keep.</summary>
    Auto,
    /// <summary>Always rank the user's past items last.</summary>
    Mask,
    /// <summary>Never: past items compete with the rest on their scores.</summary>
    Keep,
}
