using System.Numerics.Tensors;

namespace BundleForge.BundleRanking;

/// <summary>The seven signals the bundle ranker blends, each linear in what a customer has (the bundles taken, the
/// items interacted with), solved from one set of user–bundle lists and the users' items:
/// EASE (bundle-to-bundle, closed form), two-hop random walk user→bundle→user→bundle (RP3 with β = 0), co-takers
/// (the symmetric-normalised bundle co-occurrence, one LightGCN layer pair), content (bundles sharing rare items),
/// item overlap (how many of the customer's items a bundle holds), item neighbours (customers with the same items
/// took the bundle: user→item→user→bundle, the cross view of the literature) and popularity (log of the takers).
/// Bundles are rows and columns of the dense matrices, row b being what taking b adds to every bundle.</summary>
public sealed class BundleSignals
{
    /// <summary>Number of signals.</summary>
    public const int Count = 7;

    /// <summary>Signal indices, in the order of <see cref="BundleBlend"/>'s weights.</summary>
    public const int Ease = 0, TwoHop = 1, CoTakers = 2, Content = 3, ItemOverlap = 4, ItemNeighbours = 5, Popularity = 6;

    /// <summary>Index of the optional eighth signal, the dot product of learned user and bundle vectors
    /// (<see cref="IBundleVectorLearner"/>); it is not one of <see cref="Count"/>, being per customer, not linear in what
    /// they have.</summary>
    public const int Learned = 7;

    /// <summary>Signal names, as reports and explanations write them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["ease", "two_hop", "co_takers", "content", "item_overlap", "item_neighbours", "popularity"];

    private BundleSignals(int bundles, int items, float[][] dense, ItemBundleRows neighbours, ItemBundleRows membership, float[] popularity, int[] takers)
    {
        BundleCount = bundles;
        ItemCount = items;
        Dense = dense;
        Neighbours = neighbours;
        Membership = membership;
        LogPopularity = popularity;
        Takers = takers;
    }

    /// <summary>Bundles.</summary>
    public int BundleCount { get; }
    /// <summary>Catalog size of the item ids.</summary>
    public int ItemCount { get; }
    /// <summary>The bundle-to-bundle matrices (EASE, two-hop, co-takers, content), row-major.</summary>
    public float[][] Dense { get; }
    /// <summary>Item neighbours: item → bundles its users took, normalised.</summary>
    public ItemBundleRows Neighbours { get; }
    /// <summary>Item → the bundles holding it (weight 1).</summary>
    public ItemBundleRows Membership { get; }
    /// <summary>ln(1 + takers) of every bundle.</summary>
    public float[] LogPopularity { get; }
    /// <summary>Takers of every bundle in the lists the signals were solved on.</summary>
    public int[] Takers { get; }

    /// <summary>Solves every signal from <paramref name="lists"/> (each user's distinct bundles, ascending) and
    /// <paramref name="userItems"/> (each user's distinct items), with EASE's ridge λ and dropout penalty q.
    /// Deterministic for any thread count: every output row is summed by one thread in a fixed order.</summary>
    public static BundleSignals Solve(int[][] lists, int[][] userItems, int[] bundleOffsets, int[] bundleItems, int itemCount, float lambda, float diagonalWeight,
        int threads, ref double inverseSeconds, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(userItems);
        ArgumentNullException.ThrowIfNull(bundleOffsets);
        ArgumentNullException.ThrowIfNull(bundleItems);
        int n = bundleOffsets.Length - 1;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellation };
        var takers = new int[n];
        foreach (var row in lists)
            foreach (int b in row)
                takers[b]++;
        var ease = BundleRankerTrainer.Solve(BundleGram.OfInteractions(lists, n), lambda, diagonalWeight, n, threads, ref inverseSeconds);
        var (twoHop, coTakers) = CoTaking(lists, takers, n, options);
        var content = ContentOverlap(bundleOffsets, bundleItems, itemCount, n, options);
        var membership = ItemBundleRows.Membership(bundleOffsets, bundleItems, itemCount);
        var neighbours = ItemBundleRows.Neighbours(lists, userItems, takers, itemCount, n, options);
        var popularity = new float[n];
        for (int b = 0; b < n; b++)
            popularity[b] = MathF.Log(1 + takers[b]);
        return new BundleSignals(n, itemCount, [ease, twoHop, coTakers, content], neighbours, membership, popularity, takers);
    }

    /// <summary>Writes signal <paramref name="signal"/> for a customer with <paramref name="bundles"/> and
    /// <paramref name="items"/> into <paramref name="scores"/> (overwritten).</summary>
    public void Score(int signal, ReadOnlySpan<int> bundles, ReadOnlySpan<int> items, Span<float> scores)
    {
        scores.Clear();
        int n = BundleCount;
        switch (signal)
        {
            case < ItemOverlap:
                var m = Dense[signal];
                foreach (int b in bundles)
                    if ((uint)b < (uint)n)
                        TensorPrimitives.Add(scores, m.AsSpan(b * n, n), scores);
                break;
            case ItemOverlap:
                Membership.AddTo(items, 1f, scores);
                break;
            case ItemNeighbours:
                Neighbours.AddTo(items, UserItemScale(items.Length), scores);
                break;
            default:
                LogPopularity.CopyTo(scores);
                break;
        }
    }

    /// <summary>The factor of a customer's item-neighbour row: 1/√(items), the user side of the symmetric normalisation.</summary>
    public static float UserItemScale(int items) => items > 0 ? 1f / MathF.Sqrt(items) : 0f;

    /// <summary>Two-hop T[b,b'] = C[b,b'] ÷ takers(b) and co-takers S[b,b'] = C[b,b'] ÷ √(takers(b)·takers(b')), with
    /// C[b,b'] = Σ over users who took both of 1 ÷ (bundles the user took); diagonals 0.</summary>
    private static (float[] TwoHop, float[] CoTakers) CoTaking(int[][] lists, int[] takers, int n, ParallelOptions options)
    {
        var (offsets, users) = Invert(lists, n);
        var twoHop = new float[(long)n * n];
        var coTakers = new float[(long)n * n];
        var inverseRoot = new float[n];
        for (int b = 0; b < n; b++)
            inverseRoot[b] = takers[b] > 0 ? 1f / MathF.Sqrt(takers[b]) : 0f;
        Parallel.For(0, n, options, b =>
        {
            if (takers[b] == 0)
                return;
            var row = coTakers.AsSpan(b * n, n);
            for (int k = offsets[b]; k < offsets[b + 1]; k++)
            {
                var taken = lists[users[k]];
                float w = 1f / taken.Length;
                foreach (int b2 in taken)
                    row[b2] += w;
            }
            row[b] = 0;
            var hop = twoHop.AsSpan(b * n, n);
            TensorPrimitives.Multiply(row, 1f / takers[b], hop);
            TensorPrimitives.Multiply(row, inverseRoot, row);
            TensorPrimitives.Multiply(row, inverseRoot[b], row);
        });
        return (twoHop, coTakers);
    }

    /// <summary>Content K[b,b'] = Σ over shared items of 1 ÷ (bundles holding the item), ÷ √(size(b)·size(b'));
    /// diagonal 0. It needs no takers, so it links a new bundle to the ones customers took.</summary>
    private static float[] ContentOverlap(int[] bundleOffsets, int[] bundleItems, int itemCount, int n, ParallelOptions options)
    {
        var membership = ItemBundleRows.Membership(bundleOffsets, bundleItems, itemCount);
        var inverseRoot = new float[n];
        for (int b = 0; b < n; b++)
        {
            int size = bundleOffsets[b + 1] - bundleOffsets[b];
            inverseRoot[b] = size > 0 ? 1f / MathF.Sqrt(size) : 0f;
        }
        var content = new float[(long)n * n];
        Parallel.For(0, n, options, b =>
        {
            var row = content.AsSpan(b * n, n);
            for (int k = bundleOffsets[b]; k < bundleOffsets[b + 1]; k++)
            {
                int i = bundleItems[k];
                if ((uint)i >= (uint)itemCount)
                    continue;
                var holders = membership.BundlesOf(i);
                float w = 1f / holders.Length;
                foreach (int b2 in holders)
                    row[b2] += w;
            }
            row[b] = 0;
            TensorPrimitives.Multiply(row, inverseRoot, row);
            TensorPrimitives.Multiply(row, inverseRoot[b], row);
        });
        return content;
    }

    /// <summary>The users of each bundle in <paramref name="lists"/>, ascending.</summary>
    private static (int[] Offsets, int[] Users) Invert(int[][] lists, int n)
    {
        var offsets = new int[n + 1];
        foreach (var row in lists)
            foreach (int b in row)
                offsets[b + 1]++;
        for (int b = 0; b < n; b++)
            offsets[b + 1] += offsets[b];
        var users = new int[offsets[n]];
        var next = offsets[..^1];
        for (int u = 0; u < lists.Length; u++)
            foreach (int b in lists[u])
                users[next[b]++] = u;
        return (offsets, users);
    }
}
