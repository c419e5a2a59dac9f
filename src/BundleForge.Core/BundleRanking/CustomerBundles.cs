namespace BundleForge.BundleRanking;

/// <summary>The predefined bundles each customer took in the training data, by pseudonymous key (keys sorted
/// ordinally, bundles ascending), so a server can rank the rest for them.</summary>
public sealed class CustomerBundles
{
    /// <summary>No customers.</summary>
    public static CustomerBundles Empty { get; } = new([], [0], []);

    /// <summary>Customers from their parts; <paramref name="keys"/> must be sorted ordinally.</summary>
    public CustomerBundles(string[] keys, int[] offsets, int[] bundles)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(bundles);
        if (offsets.Length != keys.Length + 1 || offsets[^1] != bundles.Length)
            throw new ArgumentException("The keys, offsets and bundles disagree.", nameof(offsets));
        Keys = keys;
        Offsets = offsets;
        Bundles = bundles;
    }

    /// <summary>Pseudonymous keys, sorted ordinally.</summary>
    public string[] Keys { get; }
    /// <summary>Row offsets of each customer's bundles.</summary>
    public int[] Offsets { get; }
    /// <summary>The bundles of every customer.</summary>
    public int[] Bundles { get; }

    /// <summary>The bundles <paramref name="key"/> took; empty for a customer the model does not know.</summary>
    public ReadOnlySpan<int> Of(string key)
    {
        int x = Array.BinarySearch(Keys, key, StringComparer.Ordinal);
        return x < 0 ? [] : Bundles.AsSpan(Offsets[x], Offsets[x + 1] - Offsets[x]);
    }

    /// <summary>The same customers less <paramref name="userKeys"/>.</summary>
    public CustomerBundles Without(IReadOnlySet<string> userKeys)
    {
        ArgumentNullException.ThrowIfNull(userKeys);
        var keys = new List<string>(Keys.Length);
        var offsets = new List<int>(Keys.Length + 1) { 0 };
        var bundles = new List<int>(Bundles.Length);
        for (int x = 0; x < Keys.Length; x++)
        {
            if (userKeys.Contains(Keys[x]))
                continue;
            keys.Add(Keys[x]);
            bundles.AddRange(Bundles.AsSpan(Offsets[x], Offsets[x + 1] - Offsets[x]));
            offsets.Add(bundles.Count);
        }
        return new CustomerBundles([.. keys], [.. offsets], [.. bundles]);
    }

    /// <summary>True when <paramref name="key"/> is one of the customers.</summary>
    public bool Contains(string key) => Array.BinarySearch(Keys, key, StringComparer.Ordinal) >= 0;

    /// <summary>The customers with at least one bundle in <paramref name="lists"/>, keyed by <paramref name="keyOf"/>.</summary>
    public static CustomerBundles From(int[][] lists, Func<int, string> keyOf)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(keyOf);
        var rows = new List<(string Key, int[] Bundles)>();
        for (int u = 0; u < lists.Length; u++)
            if (lists[u].Length > 0)
                rows.Add((keyOf(u), lists[u]));
        rows.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var keys = new string[rows.Count];
        var offsets = new int[rows.Count + 1];
        var bundles = new List<int>();
        for (int x = 0; x < rows.Count; x++)
        {
            keys[x] = rows[x].Key;
            bundles.AddRange(rows[x].Bundles);
            offsets[x + 1] = bundles.Count;
        }
        return new CustomerBundles(keys, offsets, [.. bundles]);
    }
}
