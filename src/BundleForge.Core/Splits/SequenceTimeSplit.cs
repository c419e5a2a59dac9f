using BundleForge.Data;

namespace BundleForge.Splits;

/// <summary>A global time cut over purchase sequences for next-item evaluation: everything bought before the last
/// <c>testDays</c> days trains the model; each user who bought before AND during the test period is one test case,
/// whose history is all of their training purchases and whose targets are the distinct items of their first purchase
/// (order) in the test period. Unlike leave-last-out, no test-period purchase of anyone is seen in training.</summary>
public sealed class SequenceTimeSplit
{
    private SequenceTimeSplit(UserSequences train, long testStart, int[] users, int[] targetOffsets, int[] targets, int buyersWithoutHistory)
    {
        Train = train;
        TestStart = testStart;
        Users = users;
        _targetOffsets = targetOffsets;
        _targets = targets;
        BuyersWithoutHistory = buyersWithoutHistory;
    }

    private readonly int[] _targetOffsets;
    private readonly int[] _targets;

    /// <summary>Every user's purchases before <see cref="TestStart"/> (users keep their ids; some are empty).</summary>
    public UserSequences Train { get; }
    /// <summary>First unix second of the test period.</summary>
    public long TestStart { get; }
    /// <summary>The user of each test case.</summary>
    public int[] Users { get; }
    /// <summary>Users who bought in the test period but never before it (no history to predict from; not evaluated).</summary>
    public int BuyersWithoutHistory { get; }
    public int CaseCount => Users.Length;

    /// <summary>History of test case <paramref name="c"/>: the user's training purchases, oldest first.</summary>
    public ReadOnlySpan<int> HistoryOf(int c) => Train[Users[c]];

    /// <summary>Distinct items of test case <paramref name="c"/>'s first test-period purchase, ascending.</summary>
    public ReadOnlySpan<int> TargetsOf(int c) => _targets.AsSpan(_targetOffsets[c], _targetOffsets[c + 1] - _targetOffsets[c]);

    /// <summary>Cuts <paramref name="sequences"/> (which must carry real purchase times) <paramref name="testDays"/>
    /// days before its last purchase, as <see cref="TimeSplit"/> does for baskets.</summary>
    public static SequenceTimeSplit Create(UserSequences sequences, int testDays)
    {
        if (testDays < 1)
            throw new DataException($"The test period must be at least 1 day, not {testDays}.");
        if (sequences.Items.Length == 0)
            throw new DataException("The dataset has no purchases to split.");
        long max = long.MinValue;
        foreach (var t in sequences.Time)
            max = Math.Max(max, t);
        long testStart = max - testDays * 86_400L + 1;

        var offsets = new int[sequences.Count + 1];
        var items = new List<int>(sequences.Items.Length);
        var times = new List<long>(sequences.Items.Length);
        var users = new List<int>();
        var targetOffsets = new List<int> { 0 };
        var targets = new List<int>();
        int withoutHistory = 0;
        var first = new SortedSet<int>();
        for (int u = 0; u < sequences.Count; u++)
        {
            int start = sequences.Offsets[u], end = sequences.Offsets[u + 1];
            int k = start;
            // Sequences are chronological, so the training part is a prefix.
            while (k < end && sequences.Time[k] < testStart)
            { items.Add(sequences.Items[k]); times.Add(sequences.Time[k]); k++; }
            offsets[u + 1] = items.Count;
            if (k == end)
                continue;
            if (k == start)
            { withoutHistory++; continue; }
            long firstTime = sequences.Time[k];
            first.Clear();
            for (; k < end && sequences.Time[k] == firstTime; k++)
                first.Add(sequences.Items[k]);
            users.Add(u);
            targets.AddRange(first);
            targetOffsets.Add(targets.Count);
        }
        if (users.Count == 0)
            throw new DataException($"No user bought both before and during the last {testDays} days; a time split needs some.");
        return new SequenceTimeSplit(new UserSequences(offsets, items.ToArray(), times.ToArray()), testStart, users.ToArray(),
            targetOffsets.ToArray(), targets.ToArray(), withoutHistory);
    }
}
