namespace BundleForge.Data;

/// <summary>Groups users of similar sequence length into batches so each batch is padded only to its own longest
/// sequence: retail histories are short (Beauty averages under 9 items), so padding every row to the maximum length
/// would spend most of the Transformer's work on padding.</summary>
public static class LengthBatches
{
    /// <summary>Batches of users sorted by length (ties broken at random), in random batch order.</summary>
    public static List<int[]> Shuffled(IReadOnlyList<int> users, Func<int, int> lengthOf, int batchSize, ref SeededRandom rng)
    {
        var keys = new double[users.Count];
        var order = new int[users.Count];
        for (int i = 0; i < users.Count; i++)
        { order[i] = users[i]; keys[i] = lengthOf(users[i]) + rng.NextDouble(); }
        Array.Sort(keys, order);
        var batches = Chunk(order, batchSize);
        rng.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batches));
        return batches;
    }

    /// <summary>Batches of users sorted by length (deterministic; for evaluation).</summary>
    public static List<int[]> Sorted(IReadOnlyList<int> users, Func<int, int> lengthOf, int batchSize)
    {
        var keys = new long[users.Count];
        var order = new int[users.Count];
        for (int i = 0; i < users.Count; i++)
        { order[i] = users[i]; keys[i] = (long)lengthOf(users[i]) << 32 | (uint)users[i]; }
        Array.Sort(keys, order);
        return Chunk(order, batchSize);
    }

    private static List<int[]> Chunk(int[] order, int batchSize)
    {
        var batches = new List<int[]>((order.Length + batchSize - 1) / batchSize);
        for (int start = 0; start < order.Length; start += batchSize)
            batches.Add(order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray());
        return batches;
    }
}
