using BundleForge.Recommendation;
using BundleForge.Splits;

namespace BundleForge.Evaluation.NextBasket;

/// <summary>The personal-top baseline: the customer's own past items by recency-decayed frequency (each order holding
/// the item counts 0.5^(age / half-life), age in days before the cut; the one <see cref="RepeatProfile"/>), then the
/// most popular items to fill the list. The half-life is chosen on the validation period.</summary>
public sealed class PersonalTopRanker(NextBasketSplit split, double halfLifeDays) : INextBasketRanker
{
    /// <summary>Half-lives tried on validation, in days (the last one is nearly plain frequency).</summary>
    public static IReadOnlyList<double> HalfLives => RepeatProfile.PersonalTopHalfLives;

    private readonly int[] _popular = PopularityRanker.OrderOf(split);

    /// <summary>The half-life used, in days.</summary>
    public double HalfLifeDays => halfLifeDays;

    /// <inheritdoc />
    public int Rank(int c, Span<int> top)
    {
        var history = OrderHistory.Of(split.Baskets, split.BasketsOf(split.Users[c]));
        int n = RepeatProfile.Of(history, split.Cut, halfLifeDays).WriteRanked(top);
        return RankedList.Fill(top, n, _popular);
    }

    /// <summary>The half-life of <see cref="HalfLives"/> with the best NDCG@10 on <paramref name="validation"/>, and that NDCG.</summary>
    public static (double HalfLifeDays, double Ndcg) Tune(NextBasketSplit validation, int threads)
    {
        double best = HalfLives[0], bestNdcg = double.NegativeInfinity;
        foreach (var h in HalfLives)
        {
            double ndcg = NextBasketEvaluator.Evaluate(validation, new PersonalTopRanker(validation, h), threads).Whole.Ndcg;
            if (ndcg > bestNdcg)
            { bestNdcg = ndcg; best = h; }
        }
        return (best, bestNdcg);
    }
}
