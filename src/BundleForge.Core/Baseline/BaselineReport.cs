using BundleForge.Training;

namespace BundleForge.Baseline;

/// <summary>What training the baseline measured: catalog items, baskets counted for co-purchases, neighbour pairs
/// kept, user profiles and the seconds it took.</summary>
public sealed record BaselineReport(int Items, int PairBaskets, int NeighbourPairs, int Profiles, double Seconds) : ModelReport
{
    /// <inheritdoc />
    public override string Component => BaselineModel.ComponentName;
}
