namespace BundleForge.Recommendation;

/// <summary>The settings of TIFU-KNN (Hu et al., SIGIR 2020): orders are grouped <see cref="GroupSize"/> at a time
/// from the most recent back, each order weighted <see cref="WithinDecay"/>^(places from the end of its group) and
/// each group <see cref="GroupDecay"/>^(groups from the last); the prediction blends the user's own vector (weight
/// <see cref="Alpha"/>) with the mean of their <see cref="Neighbours"/> nearest users' vectors.</summary>
public sealed record TifuKnnParameters(int GroupSize, double WithinDecay, double GroupDecay, int Neighbours, double Alpha);

/// <summary>The values TIFU-KNN's parameters are chosen from on the validation period (the ranges of the paper's
/// tuning, thinned to what a shared two-core machine searches in seconds).</summary>
public sealed record TifuKnnGrid
{
    /// <summary>Orders per group.</summary>
    public IReadOnlyList<int> GroupSizes { get; init; } = [3, 7];
    /// <summary>Decay of orders within a group.</summary>
    public IReadOnlyList<double> WithinDecays { get; init; } = [0.9, 1.0];
    /// <summary>Decay of groups.</summary>
    public IReadOnlyList<double> GroupDecays { get; init; } = [0.6, 0.8, 1.0];
    /// <summary>Nearest neighbours, ascending.</summary>
    public IReadOnlyList<int> Neighbours { get; init; } = [50, 100, 300, 900];
    /// <summary>Weight of the user's own vector.</summary>
    public IReadOnlyList<double> Alphas { get; init; } = [0.5, 0.7, 0.9];

    /// <summary>Settings tried.</summary>
    public int Size => GroupSizes.Count * WithinDecays.Count * GroupDecays.Count * Neighbours.Count * Alphas.Count;
}
