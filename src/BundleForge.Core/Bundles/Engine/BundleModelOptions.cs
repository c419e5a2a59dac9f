using BundleForge.Bundles.Strategy;
using BundleForge.Training;

namespace BundleForge.Bundles.Engine;

/// <summary>Settings of the <c>bundles</c> model: the strategy it stores as its default (docs/STRATEGY.md).</summary>
public sealed record BundleModelOptions : IModelOptions
{
    /// <summary>The strategy the model serves with unless a request gives another.</summary>
    public MarketStrategy Strategy { get; init; } = MarketStrategy.Default;

    /// <summary>The component the bundle engine writes.</summary>
    public string Component => BundleModel.Component;

    /// <summary>True: the engine plugs in the signals of the models trained before it in the same run.</summary>
    public bool ReadsOtherComponents => true;

    /// <summary>Throws a <see cref="DataException"/> naming the setting that cannot train.</summary>
    public void Validate()
    {
        if (Strategy is null)
            throw new DataException("Bundles.Strategy must be set.", field: "Bundles.Strategy");
    }

    /// <summary>The trainer of the bundle engine's model with these settings.</summary>
    public IModelTrainer CreateTrainer() => new BundlesTrainer(this);
}
