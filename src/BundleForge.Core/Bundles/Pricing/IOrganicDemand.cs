namespace BundleForge.Bundles.Pricing;

/// <summary>The chance that a user buys an item anyway, at list price, without any bundle offer: the pricer
/// subtracts that profit so discounting what sells anyway is not rewarded.</summary>
public interface IOrganicDemand
{
    double Probability(UserContext user, int item);
}
