namespace BundleForge.Baseline;

/// <summary>Training settings of the popularity + co-purchase baseline.</summary>
public sealed record BaselineOptions
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

    /// <summary>Throws a <see cref="DataException"/> for settings out of range.</summary>
    public void Validate()
    {
        if (Neighbours is < 1 or > 1000) throw new DataException("Neighbours per item must be between 1 and 1000.", field: "--baseline-neighbours");
        if (MinCoPurchases is < 1) throw new DataException("The minimum co-purchase count must be at least 1.", field: "--baseline-min-co-purchases");
        if (MaxBasketSize is < 2) throw new DataException("The maximum basket size must be at least 2.", field: "--baseline-max-basket");
        if (MaxHistory is < 1) throw new DataException("The profile history length must be at least 1.");
        if (Threads < 1) throw new DataException("Threads must be at least 1.", field: "--threads");
    }
}
