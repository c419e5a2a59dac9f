using BundleForge.Server.Components;
using BundleForge.Server.Serving;
using BundleForge.Server.Settings;

namespace BundleForge.Server.Models;

/// <summary>The richer components the server can load beside the baseline (which it always loads first, as it also
/// carries the catalog and the user profiles). Add one line per component kind.</summary>
public static class ServingComponents
{
    /// <summary>Every component kind with default settings (what a load without a server uses).</summary>
    public static IReadOnlyList<IServingComponentFactory> All { get; } = Create(new BundlesOptions());

    /// <summary>Every component kind, the bundle engine with <paramref name="bundles"/>, new products with
    /// <paramref name="newItems"/> (default settings when null); the engine reads the signals of
    /// every other component of the model it was trained with (item2vec and sasrec), whichever host serves it.</summary>
    public static IReadOnlyList<IServingComponentFactory> Create(BundlesOptions bundles, NewItemsOptions? newItems = null) =>
    [
        new RulesComponentFactory(),
        new BundlesComponentFactory(bundles, newItems: newItems),
        new Item2VecRecommenderFactory(),
        new SasRecRecommenderFactory(),
        new NextBasketRecommenderFactory(),
        new TextSearchComponentFactory(),
        new NewItemsComponentFactory(newItems ?? new NewItemsOptions()),
        new PredefinedBundlesComponentFactory(),
    ];
}
