using BundleForge.Server.Serving;

namespace BundleForge.Server.Models;

/// <summary>The richer components the server can load beside the baseline (which it always loads first, as it also
/// carries the catalog and the user profiles). Add one line per component kind.</summary>
public static class ServingComponents
{
    public static IReadOnlyList<IServingComponentFactory> All { get; } =
    [
        new Components.RulesComponentFactory(),
        new Components.BundlesComponentFactory(),
        new Components.Item2VecRecommenderFactory(),
        new Components.SasRecRecommenderFactory(),
    ];
}
