using BundleForge.Data;

namespace BundleForge.Neural.Tests;

/// <summary>Generated sequences with a planted pattern: item i is always followed by item (i + 1) mod itemCount,
/// from a random start, so only a model that learns the order can predict the next item.</summary>
internal static class SyntheticSequences
{
    public static UserSequences Successors(int users, int itemCount, int minLength, int maxLength, int seed)
    {
        var rng = new Random(seed);
        var offsets = new int[users + 1];
        var items = new List<int>();
        for (int u = 0; u < users; u++)
        {
            int len = rng.Next(minLength, maxLength + 1);
            int start = rng.Next(itemCount);
            for (int k = 0; k < len; k++)
                items.Add((start + k) % itemCount);
            offsets[u + 1] = items.Count;
        }
        return new UserSequences(offsets, items.ToArray(), new long[items.Count]);
    }

    /// <summary>A shop of repeat purchases: every user buys their own three favourites over and over in the same
    /// order, so from the fourth purchase on every next item is one the user already bought.</summary>
    public static UserSequences Favourites(int users, int itemCount, int minLength, int maxLength, int seed)
    {
        var rng = new Random(seed);
        var offsets = new int[users + 1];
        var items = new List<int>();
        for (int u = 0; u < users; u++)
        {
            int len = rng.Next(minLength, maxLength + 1);
            int a = rng.Next(itemCount), b = (a + 1 + rng.Next(itemCount - 1)) % itemCount, c;
            do
                c = rng.Next(itemCount);
            while (c == a || c == b);
            int[] favourites = [a, b, c];
            for (int k = 0; k < len; k++)
                items.Add(favourites[k % 3]);
            offsets[u + 1] = items.Count;
        }
        return new UserSequences(offsets, items.ToArray(), new long[items.Count]);
    }

    public static string[] ItemIds(int itemCount)
    {
        var ids = new string[itemCount];
        for (int i = 0; i < itemCount; i++)
            ids[i] = $"sku-{i}";
        return ids;
    }
}
