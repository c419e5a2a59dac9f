namespace BundleForge.Bundles.Pricing;

/// <summary>The chance that a user buys an item anyway, at list price, without any bundle offer: the pricer
/// subtracts that profit so discounting what sells anyway is not rewarded.</summary>
public interface IOrganicDemand
{
    double Probability(UserContext user, int item);

    /// <summary>Where <see cref="Probability"/> of <paramref name="item"/> comes from, in a few words for explanations
    /// ("estimated from its share of all orders"); null when the model does not say.</summary>
    string? BasisOf(UserContext user, int item) => null;
}
