namespace BundleForge.Data;

/// <summary>Each user's purchased items in chronological order (repeats kept), as compressed sparse rows.</summary>
public sealed class UserSequences
{
    public UserSequences(int[] offsets, int[] items, long[] time)
    {
        Offsets = offsets;
        Items = items;
        Time = time;
    }

    public int Count => Offsets.Length - 1;
    public int[] Offsets { get; }
    public int[] Items { get; }
    public long[] Time { get; }

    /// <summary>The chronological item sequence of <paramref name="user"/>.</summary>
    public ReadOnlySpan<int> this[int user] => Items.AsSpan(Offsets[user], Offsets[user + 1] - Offsets[user]);

    public int LengthOf(int user) => Offsets[user + 1] - Offsets[user];

    /// <summary>Builds the sequences from purchase rows of an interaction table sorted by user then time.</summary>
    public static UserSequences FromInteractions(InteractionTable t, int userCount)
    {
        var offsets = new int[userCount + 1];
        int n = 0;
        for (int r = 0; r < t.Count; r++)
            if (t.User[r] >= 0 && t.Kind[r] == EventKind.Purchase)
            { offsets[t.User[r] + 1]++; n++; }
        for (int u = 0; u < userCount; u++)
            offsets[u + 1] += offsets[u];
        var items = new int[n];
        var time = new long[n];
        var cursor = offsets.AsSpan(0, userCount).ToArray();
        for (int r = 0; r < t.Count; r++)
        {
            int u = t.User[r];
            if (u < 0 || t.Kind[r] != EventKind.Purchase)
                continue;
            int k = cursor[u]++;
            items[k] = t.Item[r];
            time[k] = t.Time[r];
        }
        return new UserSequences(offsets, items, time);
    }
}
