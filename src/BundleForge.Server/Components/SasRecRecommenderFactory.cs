using BundleForge.Neural;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Components;

/// <summary>Loads the <c>sasrec</c> component as a recommender. When libtorch cannot be loaded on this machine the
/// component is reported unavailable (the server warns and recommends with the next model in the order) instead of
/// refusing the whole model; a malformed or mismatched component still refuses it.</summary>
public sealed class SasRecRecommenderFactory(Action? ensureRuntime = null) : IServingComponentFactory
{
    public string ComponentName => SasRecRecommender.Component;
    public int Priority => 30;

    public IServingComponent Load(ModelLoadContext context)
    {
        TorchAvailability.Ensure(ensureRuntime);
        var (network, ids) = SequenceModelArtifact.Read(context.Reader, SasRecRecommender.Component);
        // The version disposes it once no request uses it (also when this load fails below).
        context.Owned.Add(network);
        if (!ids.AsSpan().SequenceEqual(context.Catalog.Ids))
            throw new DataException("The sasrec component was trained on other items than the baseline; train both in one run.", context.Reader.Directory);
        return new SasRecRecommender(network);
    }
}
