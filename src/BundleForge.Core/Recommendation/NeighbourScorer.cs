namespace BundleForge.Recommendation;

/// <summary>The neighbourhood signal of TIFU-KNN for the next-basket ranker: a query history's TIFU vector, its
/// <see cref="NeighbourSettings.Neighbours"/> nearest users among the stored vectors, and the mean of their vectors
/// per item (what people who buy like this customer buy). A stored vector identical to the query's is taken to be
/// the customer themself and left out, so a customer is never their own neighbour in training, evaluation or
/// serving.</summary>
public sealed class NeighbourScorer(TifuUserVectors vectors, NeighbourSettings settings)
{
    [ThreadStatic]
    private static float[]? t_dot;
    [ThreadStatic]
    private static Dictionary<int, double>? t_row;

    /// <summary>The stored users' vectors.</summary>
    public TifuUserVectors Vectors => vectors;
    /// <summary>How vectors are built and how many neighbours are read.</summary>
    public NeighbourSettings Settings => settings;

    /// <summary>Writes the query's own TIFU value per item into <paramref name="own"/> and the sum of its neighbours'
    /// values per item into <paramref name="sum"/> (both cleared first); returns 1 / the neighbours summed (0 when
    /// none), the factor that makes the sums means.</summary>
    public float Score(OrderHistory history, Dictionary<int, float> own, Dictionary<int, float> sum)
    {
        own.Clear();
        sum.Clear();
        var row = t_row ??= [];
        TifuUserVectors.VectorOf(history, settings.GroupSize, settings.WithinDecay, settings.GroupDecay, settings.MaxOrders, row);
        if (row.Count == 0 || vectors.UserCount == 0)
            return 0;
        var items = new int[row.Count];
        var values = new float[row.Count];
        int at = 0;
        foreach (var (i, v) in row)
        {
            items[at] = i;
            values[at] = (float)v;
            at++;
        }
        items.AsSpan().Sort(values.AsSpan());
        float norm = System.Numerics.Tensors.TensorPrimitives.Dot(values, values);
        for (int k = 0; k < items.Length; k++)
            own[items[k]] = values[k];
        var dot = t_dot;
        if (dot is null || dot.Length != vectors.UserCount)
            t_dot = dot = new float[vectors.UserCount];
        Span<int> nearest = stackalloc int[settings.Neighbours + 1];
        int found = vectors.NearestTo(items, values, norm, -1, nearest, dot);
        int used = 0;
        for (int r = 0; r < found && used < settings.Neighbours; r++)
        {
            var ni = vectors.ItemsOf(nearest[r]);
            var nv = vectors.ValuesOf(nearest[r]);
            if (r == 0 && IsSame(items, values, ni, nv))
                continue;
            used++;
            for (int k = 0; k < ni.Length; k++)
                sum[ni[k]] = sum.GetValueOrDefault(ni[k]) + nv[k];
        }
        return used > 0 ? 1f / used : 0;
    }

    private static bool IsSame(ReadOnlySpan<int> items, ReadOnlySpan<float> values, ReadOnlySpan<int> otherItems, ReadOnlySpan<float> otherValues)
    {
        if (!items.SequenceEqual(otherItems))
            return false;
        for (int k = 0; k < values.Length; k++)
            if (Math.Abs(values[k] - otherValues[k]) > 1e-6f * Math.Max(1f, Math.Abs(values[k])))
                return false;
        return true;
    }
}

/// <summary>How the next-basket ranker's neighbour signal is built: TIFU-KNN vectors (Hu et al., SIGIR 2020) of each
/// customer's last <see cref="MaxOrders"/> orders, grouped <see cref="GroupSize"/> at a time, and the mean over the
/// <see cref="Neighbours"/> nearest customers.</summary>
public sealed record NeighbourSettings
{
    /// <summary>Orders per group.</summary>
    public int GroupSize { get; init; } = 3;
    /// <summary>Decay of orders within a group.</summary>
    public double WithinDecay { get; init; } = 1.0;
    /// <summary>Decay of groups.</summary>
    public double GroupDecay { get; init; } = 0.8;
    /// <summary>Nearest customers read; 0 turns the signal off.</summary>
    public int Neighbours { get; init; } = 100;
    /// <summary>Weight of the customer's own vector in TIFU-KNN's score (the <c>tifu_knn</c> feature and the served
    /// TIFU-KNN list); the neighbours' mean has 1 − α.</summary>
    public double Alpha { get; init; } = 0.5;
    /// <summary>Most recent orders per customer in a vector (the orders the served model keeps per customer).</summary>
    public int MaxOrders { get; init; } = 100;
}
