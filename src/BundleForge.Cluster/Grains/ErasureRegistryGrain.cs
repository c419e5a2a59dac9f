using BundleForge.Cluster.Database;

namespace BundleForge.Cluster.Grains;

/// <summary>Keeps the registry in the <c>bundleforge_erasures</c> table (read by every node's model loader and by
/// <c>train --erasures</c>), so it survives any node.</summary>
public sealed class ErasureRegistryGrain(ClusterEventLog log, OfferFeedbackLog feedback) : Grain, IErasureRegistryGrain
{
    public async Task<(int Events, bool Session)> Erase(string userKey)
    {
        // First, durably: whatever fails below, every later model load still removes the user.
        await log.RecordErasureAsync(userKey, CancellationToken.None);
        // The shared learner's log keeps the feedback, without the key (as the single node's learner does).
        await feedback.EraseUserAsync(userKey, CancellationToken.None);
        if ((await GrainFactory.GetGrain<IServedModelGrain>(0).Current()).Version is { } served)
            await GrainFactory.GetGrain<IOfferLearnerGrain>(served).Forget(userKey);
        return await GrainFactory.GetGrain<ICustomerGrain>(userKey).Erase();
    }

    public Task<int> Count() => Task.FromResult(log.ErasedKeys().Count);
}
