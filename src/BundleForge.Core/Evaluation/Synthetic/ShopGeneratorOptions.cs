namespace BundleForge.Evaluation.Synthetic;

/// <summary>Size, seed and behaviour knobs of a synthetic shop. The defaults give a shop whose planted structure
/// (bundles, substitutes, sequential follow-ups) is clearly detectable at a few thousand orders.</summary>
public sealed record ShopGeneratorOptions
{
    public int Users { get; init; } = 1_000;
    public int Items { get; init; } = 500;
    public int Orders { get; init; } = 10_000;
    public long Seed { get; init; } = 42;
    /// <summary>First instant of the simulated year.</summary>
    public DateTime Start { get; init; } = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public int Days { get; init; } = 365;
    /// <summary>Largest number of distinct items in one order.</summary>
    public int MaxBasketSize { get; init; } = 8;
    /// <summary>Chance that a basket grows by one more item (geometric basket sizes; 0.5 gives a mean of about 2).</summary>
    public double BasketGrowth { get; init; } = 0.5;
    /// <summary>Chance that an order contains one of the planted bundles.</summary>
    public double BundleRate { get; init; } = 0.15;
    /// <summary>Chance that buying a sequence trigger item puts its follow-up item into the user's next order.</summary>
    public double FollowRate { get; init; } = 0.6;
    /// <summary>Chance that a purchased line was viewed before the order.</summary>
    public double ViewRate { get; init; } = 0.3;
    /// <summary>Chance that a purchased line was put in the cart as a separate event before the order.</summary>
    public double CartRate { get; init; } = 0.15;
    /// <summary>Chance, per purchased line, of also viewing (and not buying) another item of the same leaf category.</summary>
    public double BrowseRate { get; init; } = 0.1;

    /// <summary>Throws <see cref="DataException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (Users < 1)
            throw new DataException("must be at least 1", field: "users");
        if (Items < 4)
            throw new DataException("must be at least 4 (bundles and substitutes need items)", field: "items");
        if (Orders < 1)
            throw new DataException("must be at least 1", field: "orders");
        if (Days < 1)
            throw new DataException("must be at least 1", field: "days");
        if (MaxBasketSize < 1 || MaxBasketSize > 64)
            throw new DataException("must be between 1 and 64", field: "max_basket_size");
        CheckRate(BasketGrowth, "basket_growth", 0.95);
        CheckRate(BundleRate, "bundle_rate", 1);
        CheckRate(FollowRate, "follow_rate", 1);
        CheckRate(ViewRate, "view_rate", 1);
        CheckRate(CartRate, "cart_rate", 1);
        CheckRate(BrowseRate, "browse_rate", 1);
    }

    private static void CheckRate(double value, string field, double max)
    {
        if (!(value >= 0 && value <= max))
            throw new DataException($"must be between 0 and {max}", field: field);
    }
}
