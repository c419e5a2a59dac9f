using System.Numerics.Tensors;

namespace BundleForge.BundleRanking;

/// <summary>Turns solved <see cref="BundleSignals"/> and chosen <see cref="BundleRankerSettings"/> into the parts of a
/// served <see cref="BundleRankerModel"/>: every signal divided by its spread (<see cref="Spreads"/>) and weighted, the
/// bundle-to-bundle ones summed into one matrix; bundles nobody took get their collaborative columns (and popularity)
/// imputed as the similarity-weighted mean of their nearest bundles by items (idf cosine), so a new bundle competes
/// with the ones customers already took; each bundle's row is cut to its strongest links.</summary>
public static class BundleBlend
{
    /// <summary>The spread of every signal: the mean, over customers with at least one of <paramref name="lists"/>'
    /// bundles and one item, of the standard deviation of the signal's scores (1 when it is 0), so a weight means the
    /// same for every signal. At most <paramref name="maxUsers"/> customers, evenly spaced, are read.</summary>
    public static float[] Spreads(BundleSignals signals, int[][] lists, int[][] userItems, int threads, int maxUsers = 3000)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(userItems);
        var users = new List<int>();
        for (int u = 0; u < Math.Min(lists.Length, userItems.Length); u++)
            if (lists[u].Length > 0 && userItems[u].Length > 0)
                users.Add(u);
        if (users.Count > maxUsers)
        {
            var picked = new List<int>(maxUsers);
            for (int x = 0; x < maxUsers; x++)
                picked.Add(users[(int)((long)x * users.Count / maxUsers)]);
            users = picked;
        }
        int n = signals.BundleCount;
        var deviations = new double[users.Count * BundleSignals.Count];
        Parallel.For(0, users.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, () => new float[n], (x, _, scores) =>
        {
            int u = users[x];
            for (int s = 0; s < BundleSignals.Count; s++)
            {
                signals.Score(s, lists[u], userItems[u], scores);
                deviations[x * BundleSignals.Count + s] = Deviation(scores);
            }
            return scores;
        }, _ => { });
        var spreads = new float[BundleSignals.Count];
        for (int s = 0; s < spreads.Length; s++)
        {
            double sum = 0;
            for (int x = 0; x < users.Count; x++)
                sum += deviations[x * BundleSignals.Count + s];
            double mean = users.Count > 0 ? sum / users.Count : 0;
            spreads[s] = mean > 1e-12 ? (float)mean : 1f;
        }
        return spreads;
    }

    /// <summary>The spread of learned vectors' dot products, as <see cref="Spreads"/> measures the others'.</summary>
    public static float LearnedSpread(LearnedBundleVectors learned, int[][] lists, int[][] userItems, int threads, int maxUsers = 3000)
    {
        ArgumentNullException.ThrowIfNull(learned);
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(userItems);
        var users = new List<int>();
        for (int u = 0; u < Math.Min(lists.Length, learned.UserCount); u++)
            if (lists[u].Length > 0 && u < userItems.Length && userItems[u].Length > 0)
                users.Add(u);
        if (users.Count > maxUsers)
        {
            var picked = new List<int>(maxUsers);
            for (int x = 0; x < maxUsers; x++)
                picked.Add(users[(int)((long)x * users.Count / maxUsers)]);
            users = picked;
        }
        var deviations = new double[users.Count];
        Parallel.For(0, users.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, () => new float[learned.BundleCount], (x, _, scores) =>
        {
            learned.Score(users[x], scores);
            deviations[x] = Deviation(scores);
            return scores;
        }, _ => { });
        double sum = 0;
        foreach (double v in deviations)
            sum += v;
        double mean = users.Count > 0 ? sum / users.Count : 0;
        return mean > 1e-12 ? (float)mean : 1f;
    }

    /// <summary>The population standard deviation of <paramref name="values"/>.</summary>
    public static double Deviation(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
            return 0;
        double mean = TensorPrimitives.Sum(values) / (double)values.Length;
        double squares = TensorPrimitives.SumOfSquares(values) / (double)values.Length;
        return Math.Sqrt(Math.Max(0, squares - mean * mean));
    }

    /// <summary>The served model of <paramref name="signals"/> blended with <paramref name="settings"/> and
    /// <paramref name="spreads"/>; each bundle keeps its <paramref name="linksPerBundle"/> strongest links (by absolute
    /// weight), and a bundle with no takers is imputed from its <paramref name="coldNeighbours"/> nearest bundles by
    /// items.</summary>
    public static BundleRankerModel Model(BundleSignals signals, float[] spreads, BundleRankerSettings settings, string[] bundleIds, int[] bundleOffsets,
        int[] bundleItems, int linksPerBundle, int coldNeighbours, int threads)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(spreads);
        int n = signals.BundleCount;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
        var factor = new float[BundleSignals.Count];
        for (int s = 0; s < factor.Length; s++)
            factor[s] = settings.Weight(s) / spreads[s];
        var (coldOffsets, coldBundles, coldWeights, cold) = ColdImputation(signals, bundleOffsets, bundleItems, coldNeighbours);

        var prior = new float[n];
        TensorPrimitives.Multiply(signals.LogPopularity, factor[BundleSignals.Popularity], prior);
        Impute(prior, cold, coldOffsets, coldBundles, coldWeights);

        int keep = Math.Clamp(linksPerBundle, 1, Math.Max(1, n));
        var rowTargets = new int[n][];
        var rowWeights = new float[n][];
        Parallel.For(0, n, options, () => (Row: new float[n], Heap: new Embeddings.TopKHeap(keep), Ranked: new Embeddings.Neighbor[keep]), (b, _, ws) =>
        {
            var row = ws.Row.AsSpan();
            row.Clear();
            for (int s = 0; s < signals.Dense.Length; s++)
                if (factor[s] != 0)
                    TensorPrimitives.MultiplyAdd(signals.Dense[s].AsSpan(b * n, n), factor[s], row, row);
            Impute(row, cold, coldOffsets, coldBundles, coldWeights);
            row[b] = 0;
            ws.Heap.Clear();
            for (int t = 0; t < n; t++)
                if (row[t] != 0)
                    ws.Heap.Add(t, MathF.Abs(row[t]));
            int found = ws.Heap.CopySortedTo(ws.Ranked);
            var targets = new int[found];
            for (int r = 0; r < found; r++)
                targets[r] = ws.Ranked[r].Id;
            Array.Sort(targets);
            var weights = new float[found];
            for (int r = 0; r < found; r++)
                weights[r] = row[targets[r]];
            rowTargets[b] = targets;
            rowWeights[b] = weights;
            return ws;
        }, _ => { });
        var linkOffsets = new int[n + 1];
        for (int b = 0; b < n; b++)
            linkOffsets[b + 1] = linkOffsets[b] + rowTargets[b].Length;
        var linkTargets = new int[linkOffsets[n]];
        var linkWeights = new float[linkOffsets[n]];
        for (int b = 0; b < n; b++)
        {
            rowTargets[b].CopyTo(linkTargets, linkOffsets[b]);
            rowWeights[b].CopyTo(linkWeights, linkOffsets[b]);
        }
        var neighbours = ImputeRows(signals.Neighbours, factor[BundleSignals.ItemNeighbours], n, cold, coldOffsets, coldBundles, coldWeights, options);
        return new BundleRankerModel(bundleIds, bundleOffsets, bundleItems, signals.ItemCount, new ItemBundleRows(linkOffsets, linkTargets, linkWeights),
            neighbours, factor[BundleSignals.ItemOverlap], prior, signals.Takers, settings);
    }

    /// <summary>For every bundle without takers, its nearest bundles with takers by idf-weighted item cosine (at most
    /// <paramref name="k"/>, weights summing to 1).</summary>
    private static (int[] Offsets, int[] Bundles, float[] Weights, int[] Cold) ColdImputation(BundleSignals signals, int[] bundleOffsets, int[] bundleItems, int k)
    {
        int n = signals.BundleCount;
        var cold = new List<int>();
        for (int b = 0; b < n; b++)
            if (signals.Takers[b] == 0)
                cold.Add(b);
        var offsets = new int[cold.Count + 1];
        var bundles = new List<int>();
        var weights = new List<float>();
        if (cold.Count > 0 && k > 0)
        {
            var membership = signals.Membership;
            var idf = new float[signals.ItemCount];
            for (int i = 0; i < idf.Length; i++)
                idf[i] = MathF.Log((n + 1f) / (membership.BundlesOf(i).Length + 1f));
            var norm = new float[n];
            for (int b = 0; b < n; b++)
            {
                float s = 0;
                for (int x = bundleOffsets[b]; x < bundleOffsets[b + 1]; x++)
                    if ((uint)bundleItems[x] < (uint)idf.Length)
                        s += idf[bundleItems[x]] * idf[bundleItems[x]];
                norm[b] = MathF.Sqrt(s);
            }
            var similarity = new float[n];
            var heap = new Embeddings.TopKHeap(k);
            var ranked = new Embeddings.Neighbor[k];
            for (int c = 0; c < cold.Count; c++)
            {
                int b = cold[c];
                Array.Clear(similarity);
                for (int x = bundleOffsets[b]; x < bundleOffsets[b + 1]; x++)
                {
                    int i = bundleItems[x];
                    if ((uint)i >= (uint)idf.Length)
                        continue;
                    float w = idf[i] * idf[i];
                    foreach (int other in membership.BundlesOf(i))
                        similarity[other] += w;
                }
                heap.Clear();
                for (int other = 0; other < n; other++)
                    if (similarity[other] > 0 && signals.Takers[other] > 0)
                        heap.Add(other, similarity[other] / (norm[b] * norm[other]));
                int found = heap.CopySortedTo(ranked);
                float total = 0;
                for (int r = 0; r < found; r++)
                    total += ranked[r].Score;
                for (int r = 0; r < found && total > 0; r++)
                {
                    bundles.Add(ranked[r].Id);
                    weights.Add(ranked[r].Score / total);
                }
                offsets[c + 1] = bundles.Count;
            }
        }
        return (offsets, [.. bundles], [.. weights], [.. cold]);
    }

    /// <summary>values[c] += Σ weight·values[neighbour] for every cold bundle c (neighbours always have takers, so the
    /// order of the cold bundles does not matter).</summary>
    private static void Impute(Span<float> values, int[] cold, int[] offsets, int[] bundles, float[] weights)
    {
        for (int c = 0; c < cold.Length; c++)
        {
            float s = 0;
            for (int k = offsets[c]; k < offsets[c + 1]; k++)
                s += weights[k] * values[bundles[k]];
            values[cold[c]] += s;
        }
    }

    /// <summary>The item-neighbour rows times <paramref name="factor"/>, with the cold bundles' entries imputed.</summary>
    private static ItemBundleRows ImputeRows(ItemBundleRows rows, float factor, int n, int[] cold, int[] coldOffsets, int[] coldBundles, float[] coldWeights,
        ParallelOptions options)
    {
        if (cold.Length == 0 || factor == 0)
            return rows.Scaled(factor);
        int items = rows.ItemCount;
        var rowBundles = new int[items][];
        var rowWeights = new float[items][];
        Parallel.For(0, items, options, () => new float[n], (i, _, dense) =>
        {
            var bs = rows.BundlesOf(i);
            var ws = rows.WeightsOf(i);
            if (bs.IsEmpty)
            {
                rowBundles[i] = [];
                rowWeights[i] = [];
                return dense;
            }
            for (int k = 0; k < bs.Length; k++)
                dense[bs[k]] = ws[k] * factor;
            Impute(dense, cold, coldOffsets, coldBundles, coldWeights);
            var outBundles = new List<int>(bs.Length);
            var outWeights = new List<float>(bs.Length);
            for (int b = 0; b < n; b++)
                if (dense[b] != 0)
                {
                    outBundles.Add(b);
                    outWeights.Add(dense[b]);
                    dense[b] = 0;
                }
            rowBundles[i] = [.. outBundles];
            rowWeights[i] = [.. outWeights];
            return dense;
        }, _ => { });
        var offsets = new int[items + 1];
        for (int i = 0; i < items; i++)
            offsets[i + 1] = offsets[i] + rowBundles[i].Length;
        var allBundles = new int[offsets[items]];
        var allWeights = new float[offsets[items]];
        for (int i = 0; i < items; i++)
        {
            rowBundles[i].CopyTo(allBundles, offsets[i]);
            rowWeights[i].CopyTo(allWeights, offsets[i]);
        }
        return new ItemBundleRows(offsets, allBundles, allWeights);
    }
}
