using BundleForge.Data;

namespace BundleForge.Splits;

/// <summary>Per-user leave-last-out over chronological sequences: the last item is the test target, the second to
/// last the validation target, the rest is training history. Users with fewer than 3 items train only.</summary>
public sealed class LeaveLastOut
{
    private readonly int _heldOut;

    private LeaveLastOut(UserSequences sequences, int heldOut)
    {
        Sequences = sequences;
        _heldOut = heldOut;
    }

    public UserSequences Sequences { get; }

    public static LeaveLastOut Create(UserSequences sequences) => new(sequences, 2);

    /// <summary>The same split with each evaluable user's validation target moved into training: what a model refitted
    /// after validation chose its epochs trains on (<see cref="TrainOf"/> = all but the test item). Its validation
    /// targets are training data, so it is for refitting, never for choosing.</summary>
    public LeaveLastOut WithValidationInTraining() => new(Sequences, 1);

    /// <summary>True when the validation targets are training data (<see cref="WithValidationInTraining"/>).</summary>
    public bool ValidationInTraining => _heldOut == 1;

    /// <summary>True when the user has a validation and a test target.</summary>
    public bool IsEvaluable(int user) => Sequences.LengthOf(user) >= 3;

    /// <summary>Training history: all but the last two items (all but the last one after
    /// <see cref="WithValidationInTraining"/>; all items for short sequences).</summary>
    public ReadOnlySpan<int> TrainOf(int user)
    {
        var s = Sequences[user];
        return s.Length >= 3 ? s[..^_heldOut] : s;
    }

    /// <summary>History seen when predicting the validation target (all but the last two items).</summary>
    public ReadOnlySpan<int> ValidHistoryOf(int user) => Sequences[user][..^2];
    public int ValidTargetOf(int user) => Sequences[user][^2];

    /// <summary>History seen when predicting the test target (all but the last item).</summary>
    public ReadOnlySpan<int> TestHistoryOf(int user) => Sequences[user][..^1];
    public int TestTargetOf(int user) => Sequences[user][^1];
}
