using BundleForge.Splits;

namespace BundleForge.Neural;

/// <summary>What the trainer decided about the user's own past items and why: the rule asked for, the outcome, the
/// best checkpoint's validation NDCG@10 both ways (NaN when the rule was fixed and only one way was measured) and the
/// share of training next items the user had already bought (evidence, not the criterion).</summary>
public sealed record SequenceHistoryDecision(SequenceHistoryRule Rule, bool Masked, double ValidNdcg10Kept, double ValidNdcg10Masked, double TrainRepeatShare)
{
    /// <summary>"masked" or "kept", as the manifest and <c>train --json</c> say it.</summary>
    public string Name => NameOf(Masked);

    /// <summary>"masked" or "kept".</summary>
    public static string NameOf(bool masked) => masked ? "masked" : "kept";

    /// <summary>Of the next items in the training sequences of <paramref name="users"/> (every position after the
    /// first), the share already bought earlier in the same sequence.</summary>
    public static double RepeatShareOf(LeaveLastOut split, IReadOnlyList<int> users)
    {
        long positions = 0, repeats = 0;
        var seen = new HashSet<int>();
        foreach (int u in users)
        {
            var sequence = split.TrainOf(u);
            seen.Clear();
            for (int t = 0; t < sequence.Length; t++)
            {
                if (t > 0)
                {
                    positions++;
                    if (seen.Contains(sequence[t]))
                        repeats++;
                }
                seen.Add(sequence[t]);
            }
        }
        return positions == 0 ? 0 : (double)repeats / positions;
    }
}
