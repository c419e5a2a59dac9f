using BundleForge.Server.Serving;

namespace BundleForge.Server.Models;

/// <summary>Single-node mode: feedback goes straight into the served version's pricer, in this process's memory.</summary>
public sealed class LocalOfferLearning : IOfferLearning
{
    public ValueTask ObserveAsync(ServingModel model, IReadOnlyList<OfferFeedback> feedback, CancellationToken cancel)
    {
        if (model.Pricer is { } pricer)
            foreach (var f in feedback)
                pricer.Observe(f);
        return ValueTask.CompletedTask;
    }
}
