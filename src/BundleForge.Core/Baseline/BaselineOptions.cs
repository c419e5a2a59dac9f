using BundleForge.Training;

namespace BundleForge.Baseline;

/// <summary>Training settings of the popularity + co-purchase baseline.</summary>
public sealed record BaselineOptions : IModelOptions
{
    /// <summary>Co-purchase neighbours kept per item.</summary>
    public int Neighbours { get; init; } = 50;
    /// <summary>Co-purchases needed for a neighbour to count in strict frequently-bought-together.</summary>
    public int MinCoPurchases { get; init; } = 2;
    /// <summary>Baskets with more distinct items are left out of co-purchase counting (wholesale orders pair
    /// everything with everything and swamp the signal).</summary>
    public int MaxBasketSize { get; init; } = 200;
    /// <summary>Most recent distinct purchases kept per user profile.</summary>
    public int MaxHistory { get; init; } = 100;
    /// <summary>Worker threads.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>The component the baseline writes.</summary>
    public string Component => BaselineModel.ComponentName;

    /// <summary>Throws a <see cref="DataException"/> naming the setting that is out of range.</summary>
    public void Validate()
    {
        if (Neighbours is < 1 or > 1000)
            throw Invalid(nameof(Neighbours), $"must be between 1 and 1000, not {Neighbours}");
        if (MinCoPurchases < 1)
            throw Invalid(nameof(MinCoPurchases), $"must be at least 1, not {MinCoPurchases}");
        if (MaxBasketSize < 2)
            throw Invalid(nameof(MaxBasketSize), $"must be at least 2, not {MaxBasketSize}");
        if (MaxHistory < 1)
            throw Invalid(nameof(MaxHistory), $"must be at least 1, not {MaxHistory}");
        if (Threads < 1)
            throw Invalid(nameof(Threads), $"must be at least 1, not {Threads}");
    }

    /// <summary>The trainer of the baseline with these settings.</summary>
    public IModelTrainer CreateTrainer() => new BaselineTrainer(this);

    private static DataException Invalid(string option, string rule) =>
        new($"Baseline.{option} {rule}.", field: "Baseline." + option);
}
