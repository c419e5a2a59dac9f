using BundleForge.Data;
using BundleForge.Privacy;

namespace BundleForge.Baseline;

/// <summary>Distinct purchased items per user (most recent last), keyed by pseudonymous key, sorted by key.</summary>
public sealed class PurchaseHistories
{
    private readonly Dictionary<string, int> _index;

    public PurchaseHistories(string[] keys, int[] offsets, int[] items)
    {
        if (offsets.Length != keys.Length + 1 || offsets[0] != 0 || offsets[^1] != items.Length)
            throw new ArgumentException("Offsets must match the keys and items.");
        Keys = keys;
        Offsets = offsets;
        Items = items;
        _index = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
        for (int u = 0; u < keys.Length; u++)
            _index[keys[u]] = u;
    }

    public int Count => Keys.Length;
    public string[] Keys { get; }
    public int[] Offsets { get; }
    public int[] Items { get; }

    public bool Contains(string userKey) => _index.ContainsKey(userKey);

    /// <summary>The user's history, or an empty array.</summary>
    public int[] HistoryOf(string userKey) =>
        _index.TryGetValue(userKey, out var u) ? Items.AsSpan(Offsets[u], Offsets[u + 1] - Offsets[u]).ToArray() : [];

    /// <summary>Builds the profiles of every user with purchases.</summary>
    public static PurchaseHistories FromSequences(UserTable users, UserSequences sequences, Pseudonymizer pseudonymizer, int maxHistory)
    {
        var rows = new List<(string Key, int[] Items)>(users.Count);
        var seen = new HashSet<int>();
        var recent = new List<int>();
        for (int u = 0; u < users.Count && u < sequences.Count; u++)
        {
            var seq = sequences[u];
            if (seq.Length == 0)
                continue;
            seen.Clear();
            recent.Clear();
            // Walk backwards so each item sits at its most recent purchase; then flip to oldest-first.
            for (int x = seq.Length - 1; x >= 0 && recent.Count < maxHistory; x--)
                if (seen.Add(seq[x]))
                    recent.Add(seq[x]);
            recent.Reverse();
            rows.Add((pseudonymizer.Key(users.Ids[u]), recent.ToArray()));
        }
        return FromRows(rows);
    }

    /// <summary>The same profiles without the given users.</summary>
    public PurchaseHistories Without(IReadOnlySet<string> userKeys)
    {
        var rows = new List<(string, int[])>(Count);
        for (int u = 0; u < Count; u++)
            if (!userKeys.Contains(Keys[u]))
                rows.Add((Keys[u], Items[Offsets[u]..Offsets[u + 1]]));
        return FromRows(rows);
    }

    private static PurchaseHistories FromRows(List<(string Key, int[] Items)> rows)
    {
        rows.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var keys = new string[rows.Count];
        var offsets = new int[rows.Count + 1];
        var items = new List<int>();
        for (int u = 0; u < rows.Count; u++)
        {
            keys[u] = rows[u].Key;
            items.AddRange(rows[u].Items);
            offsets[u + 1] = items.Count;
        }
        return new PurchaseHistories(keys, offsets, items.ToArray());
    }

    public void Write(string path)
    {
        using var w = BaselineFile.Create(path, "profiles");
        w.WriteNullableStrings(Keys);
        w.WriteArray<int>(Offsets);
        w.WriteArray<int>(Items);
    }

    public static PurchaseHistories Read(string path, int itemCount)
    {
        using var r = BaselineFile.Open(path, "profiles");
        var keys = r.ReadNullableStrings();
        var offsets = r.ReadArray<int>();
        var items = r.ReadArray<int>();
        r.ExpectEnd();
        if (keys.Any(k => k is null) || offsets.Length != keys.Length + 1)
            throw r.Error("The user profiles do not match the catalog.");
        r.ExpectOffsets(offsets, items.Length, "profile");
        r.ExpectIds(items, itemCount, "profile item");
        return new PurchaseHistories(keys!, offsets, items);
    }
}
