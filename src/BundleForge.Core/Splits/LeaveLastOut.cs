using BundleForge.Data;

namespace BundleForge.Splits;

/// <summary>Per-user leave-last-out over chronological sequences: the last item is the test target, the second to
/// last the validation target, the rest is training history. Users with fewer than 3 items train only.</summary>
public sealed class LeaveLastOut
{
    private LeaveLastOut(UserSequences sequences) => Sequences = sequences;

    public UserSequences Sequences { get; }

    public static LeaveLastOut Create(UserSequences sequences) => new(sequences);

    /// <summary>True when the user has a validation and a test target.</summary>
    public bool IsEvaluable(int user) => Sequences.LengthOf(user) >= 3;

    /// <summary>Training history: all but the last two items (all items for short sequences).</summary>
    public ReadOnlySpan<int> TrainOf(int user)
    {
        var s = Sequences[user];
        return s.Length >= 3 ? s[..^2] : s;
    }

    /// <summary>History seen when predicting the validation target (all but the last two items).</summary>
    public ReadOnlySpan<int> ValidHistoryOf(int user) => Sequences[user][..^2];
    public int ValidTargetOf(int user) => Sequences[user][^2];

    /// <summary>History seen when predicting the test target (all but the last item).</summary>
    public ReadOnlySpan<int> TestHistoryOf(int user) => Sequences[user][..^1];
    public int TestTargetOf(int user) => Sequences[user][^1];
}
