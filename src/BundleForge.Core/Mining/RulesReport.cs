using BundleForge.Training;

namespace BundleForge.Mining;

/// <summary>What training the rules model measured: baskets mined, catalog items, the support count used, rules and
/// co-purchase pairs kept, and the seconds it took.</summary>
public sealed record RulesReport(int Transactions, int Items, int MinCount, int Rules, int Pairs, double Seconds) : ModelReport
{
    /// <inheritdoc />
    public override string Component => RulesModel.Component;
}
