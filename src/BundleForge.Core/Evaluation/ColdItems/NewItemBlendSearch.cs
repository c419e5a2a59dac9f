using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Evaluation.Metrics;
using BundleForge.Splits;

namespace BundleForge.Evaluation.ColdItems;

/// <summary>Chooses the <see cref="NewItemBlend"/> on a validation period: the items first sold in it are ranked for
/// their buyers from the history before it, for every neighbour count of <see cref="NeighbourGrid"/> and every weight
/// triple on a simplex grid of step <see cref="WeightStep"/>; the rule with the best NDCG@10 wins (ties: HR@10, then
/// the earlier grid point). Behaviour vectors are borrowed only from items sold before the validation period, so a
/// validation item never lends itself its own vector.</summary>
public static class NewItemBlendSearch
{
    /// <summary>Neighbour counts tried.</summary>
    public static IReadOnlyList<int> NeighbourGrid { get; } = [5, 10, 20, 50];
    /// <summary>Step of the weight grid (weights sum to 1).</summary>
    public const double WeightStep = 0.1;
    /// <summary>Default length of the validation period (days before the end of the training data).</summary>
    public const int DefaultValidationDays = 30;

    /// <summary>The rule that ranks <paramref name="validation"/>'s new items best; the defaults with a
    /// <see cref="NewItemBlend.Note"/> when the period has no case.</summary>
    public static NewItemBlend Fit(NextBasketSplit validation, ItemCatalog items, NewItemScorer scorer, CancellationToken cancellation = default)
    {
        var cases = ColdItemCases.From(validation, items);
        var start = DateTime.UnixEpoch.AddSeconds(validation.Cut);
        if (cases.Count == 0)
            return new NewItemBlend { ValidationDays = validation.Days, ValidationStart = start, ValidationCandidates = cases.Candidates.Count, Note = "no customer's first order in the validation period held an item first sold in it: default weights" };
        int m = cases.Candidates.Count;
        int q = scorer.BehaviourDimensions;
        var pool = new bool[items.Count];
        for (int i = 0; i < pool.Length; i++)
            pool[i] = !cases.IsCandidate[i];
        var text = new float[cases.Count][];
        var words = new float[cases.Count][];
        var behaviour = new float[NeighbourGrid.Count][][];
        var mapped = new float[m * q];
        var unused = new float[m];
        for (int g = 0; g < NeighbourGrid.Count; g++)
        {
            cancellation.ThrowIfCancellationRequested();
            for (int r = 0; r < m; r++)
                scorer.MapByNeighbours(cases.Candidates[r], NeighbourGrid[g], pool, mapped.AsSpan(r * q, q));
            behaviour[g] = new float[cases.Count][];
            for (int c = 0; c < cases.Count; c++)
            {
                behaviour[g][c] = new float[m];
                if (g == 0)
                {
                    text[c] = new float[m];
                    words[c] = new float[m];
                    scorer.Signals(cases.Histories[c], cases.Candidates, mapped, text[c], words[c], behaviour[g][c]);
                }
                else
                    scorer.Signals(cases.Histories[c], cases.Candidates, mapped, unused, unused, behaviour[g][c]);
            }
        }

        NewItemBlend? best = null;
        RankingMetrics? bestMetrics = null;
        var scores = new float[m];
        var order = new int[m];
        var keys = new float[m];
        int steps = (int)Math.Round(1 / WeightStep);
        for (int g = 0; g < NeighbourGrid.Count; g++)
            for (int a = 0; a <= steps; a++)
                for (int b = 0; a + b <= steps; b++)
                {
                    var blend = new NewItemBlend
                    {
                        Neighbours = NeighbourGrid[g],
                        TextWeight = Math.Round(a * WeightStep, 3),
                        WordWeight = Math.Round(b * WeightStep, 3),
                        BehaviourWeight = Math.Round((steps - a - b) * WeightStep, 3),
                    };
                    var accumulator = new RankingAccumulator(items.Count, 10, [10]);
                    for (int c = 0; c < cases.Count; c++)
                    {
                        NewItemScorer.Blend(blend, text[c], words[c], behaviour[g][c], scores);
                        cases.Rank(scores, order, keys);
                        accumulator.AddList(order, cases.Targets[c]);
                    }
                    var metrics = accumulator.ToMetrics();
                    if (bestMetrics is null || metrics.Ndcg > bestMetrics.Ndcg || (metrics.Ndcg == bestMetrics.Ndcg && metrics.HitRate > bestMetrics.HitRate))
                    {
                        best = blend;
                        bestMetrics = metrics;
                    }
                }
        return best! with
        {
            ValidationDays = validation.Days,
            ValidationStart = start,
            ValidationCases = cases.Count,
            ValidationCandidates = m,
            ValidationHitRate = Math.Round(bestMetrics!.HitRate, 4),
            ValidationNdcg = Math.Round(bestMetrics.Ndcg, 4),
        };
    }

    /// <summary>Fits on the last <paramref name="days"/> days of <paramref name="data"/> (what a model trained on it
    /// may use); the defaults with a note when the data has no times or nobody ordered before and during them.</summary>
    public static NewItemBlend FitOnLastDays(Dataset data, NewItemScorer scorer, int days = DefaultValidationDays, CancellationToken cancellation = default)
    {
        if (!data.HasRealTime)
            return new NewItemBlend { Note = "the data has no order times, so no validation period: default weights" };
        NextBasketSplit split;
        try
        {
            split = NextBasketSplit.Create(data.Baskets, data.Items.Count, data.Users.Count, days);
        }
        catch (DataException e)
        {
            return new NewItemBlend { ValidationDays = days, Note = $"no validation period ({e.Message}): default weights" };
        }
        return Fit(split, data.Items, scorer, cancellation);
    }
}
