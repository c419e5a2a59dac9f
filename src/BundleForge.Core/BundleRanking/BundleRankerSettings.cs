namespace BundleForge.BundleRanking;

/// <summary>The settings of one <see cref="BundleRankerModel"/>: λ and q EASE was solved with, and the weight of every
/// other signal of <see cref="BundleSignals"/> relative to EASE's (1), each signal first divided by its typical spread
/// over customers (the mean per-customer standard deviation), so the weights compare like with like; <c>Learned</c> is
/// the weight of the learned vectors' dot product (<see cref="BundleSignals.Learned"/>, 0 when none were learned).</summary>
public readonly record struct BundleRankerSettings(float Lambda, float DiagonalWeight, float TwoHop, float CoTakers, float Content, float ItemOverlap,
    float ItemNeighbours, float Popularity, float Learned = 0)
{
    /// <summary>The weight of signal <paramref name="signal"/> (EASE's is 1).</summary>
    public float Weight(int signal) => signal switch
    {
        BundleSignals.Ease => 1f,
        BundleSignals.TwoHop => TwoHop,
        BundleSignals.CoTakers => CoTakers,
        BundleSignals.Content => Content,
        BundleSignals.ItemOverlap => ItemOverlap,
        BundleSignals.ItemNeighbours => ItemNeighbours,
        BundleSignals.Popularity => Popularity,
        BundleSignals.Learned => Learned,
        _ => throw new ArgumentOutOfRangeException(nameof(signal)),
    };

    /// <summary>These settings with the weight of <paramref name="signal"/> (not EASE) set to <paramref name="weight"/>.</summary>
    public BundleRankerSettings WithWeight(int signal, float weight) => signal switch
    {
        BundleSignals.TwoHop => this with { TwoHop = weight },
        BundleSignals.CoTakers => this with { CoTakers = weight },
        BundleSignals.Content => this with { Content = weight },
        BundleSignals.ItemOverlap => this with { ItemOverlap = weight },
        BundleSignals.ItemNeighbours => this with { ItemNeighbours = weight },
        BundleSignals.Popularity => this with { Popularity = weight },
        BundleSignals.Learned => this with { Learned = weight },
        _ => throw new ArgumentOutOfRangeException(nameof(signal)),
    };
}
