namespace BundleForge.Bundles.Pricing;

/// <summary>Organic demand from data: an item already in the cart is bought with probability <see cref="CartRate"/>,
/// the item being looked at with <see cref="AnchorRate"/>, anything else with its share of orders (baskets
/// containing it / all baskets), times <see cref="OrdersAhead"/> expected orders.</summary>
public sealed class PopularityOrganicDemand(ReadOnlyMemory<int> itemCounts, double basketCount) : IOrganicDemand
{
    public double CartRate { get; init; } = 0.5;
    public double AnchorRate { get; init; } = 0.2;
    public double OrdersAhead { get; init; } = 1;

    public double Probability(UserContext user, int item)
    {
        if (Array.IndexOf(user.Cart, item) >= 0)
            return CartRate;
        if (item == user.Anchor)
            return AnchorRate;
        var counts = itemCounts.Span;
        if ((uint)item >= (uint)counts.Length || basketCount <= 0)
            return 0;
        return Math.Min(0.5, OrdersAhead * counts[item] / basketCount);
    }

    public string? BasisOf(UserContext user, int item) =>
        Array.IndexOf(user.Cart, item) >= 0 ? "assumed for an item in the cart"
        : item == user.Anchor ? "assumed for the product being looked at"
        : "estimated from its share of all orders, not from this customer's own purchases";
}
