namespace BundleForge.Evaluation.BasketCompletion;

/// <summary>Baseline: every basket is completed with the most-bought training items.</summary>
public sealed class PopularityScorer(ReadOnlySpan<int> trainingCounts) : IBasketCompletionScorer
{
    private readonly float[] _counts = ToFloat(trainingCounts);

    public string Name => "popularity";

    public void Score(ReadOnlySpan<int> visible, Span<float> scores) => _counts.CopyTo(scores);

    private static float[] ToFloat(ReadOnlySpan<int> counts)
    {
        var f = new float[counts.Length];
        for (int i = 0; i < f.Length; i++)
            f[i] = counts[i];
        return f;
    }
}
