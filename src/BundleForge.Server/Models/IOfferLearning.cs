using BundleForge.Server.Serving;

namespace BundleForge.Server.Models;

/// <summary>Where stored offer feedback goes: into this process's pricer (<see cref="LocalOfferLearning"/>, a single
/// node) or through the cluster's shared learner, which every node replays in one order (BundleForge.Cluster).</summary>
public interface IOfferLearning
{
    /// <summary>Applies feedback that was just stored durably (each event once) to <paramref name="model"/>'s pricer or
    /// the learner it shares; when the task completes, the next request on this node sees it.</summary>
    ValueTask ObserveAsync(ServingModel model, IReadOnlyList<OfferFeedback> feedback, CancellationToken cancel);
}
