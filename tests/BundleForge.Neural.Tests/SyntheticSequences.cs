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

    public static string[] ItemIds(int itemCount)
    {
        var ids = new string[itemCount];
        for (int i = 0; i < itemCount; i++)
            ids[i] = $"sku-{i}";
        return ids;
    }
}
