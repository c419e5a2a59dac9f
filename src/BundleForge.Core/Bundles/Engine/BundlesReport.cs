using BundleForge.Training;

namespace BundleForge.Bundles.Engine;

/// <summary>What training the bundles model measured: users with a history, history rows, catalog items, the other
/// components whose signals it uses and the seconds it took.</summary>
public sealed record BundlesReport(int Users, int HistoryRows, int Items, IReadOnlyList<string> Signals, double Seconds) : ModelReport
{
    /// <inheritdoc />
    public override string Component => BundleModel.Component;
}
