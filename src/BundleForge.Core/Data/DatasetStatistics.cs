namespace BundleForge.Data;

/// <summary>Summary figures of a dataset: sizes, time range, basket sizes and how concentrated item popularity is.</summary>
public sealed record DatasetStatistics(
    int Users, int Items, int Orders, int Interactions, int AnonymousOrders,
    DateTime? From, DateTime? To,
    double MeanBasketSize, int MedianBasketSize, int P90BasketSize, int MaxBasketSize,
    SortedDictionary<string, int> BasketSizeHistogram,
    double PopularityGini, double Top1PercentShare)
{
    public static DatasetStatistics Compute(Dataset d)
    {
        var b = d.Baskets;
        var sizes = new int[b.Count];
        int anonymous = 0;
        for (int i = 0; i < b.Count; i++)
        { sizes[i] = b.SizeOf(i); if (b.User[i] < 0) anonymous++; }
        Array.Sort(sizes);
        var hist = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in sizes)
            hist[Bucket(s)] = hist.GetValueOrDefault(Bucket(s)) + 1;

        // Popularity: purchases per item; Gini over all catalog items (items never bought count as zero).
        var pop = new long[d.Items.Count];
        foreach (var it in b.Items)
            pop[it]++;
        Array.Sort(pop);
        double gini = 0, total = 0, weighted = 0;
        for (int i = 0; i < pop.Length; i++)
        { total += pop[i]; weighted += (i + 1) * (double)pop[i]; }
        if (total > 0 && pop.Length > 1)
            gini = (2 * weighted) / (pop.Length * total) - (pop.Length + 1.0) / pop.Length;
        int top = Math.Max(1, pop.Length / 100);
        double topShare = 0;
        for (int i = pop.Length - top; i < pop.Length && i >= 0; i++)
            topShare += pop[i];

        DateTime? from = null, to = null;
        if (d.HasRealTime && d.Interactions.Count > 0)
        {
            long min = long.MaxValue, max = long.MinValue;
            foreach (var t in d.Interactions.Time)
            { if (t < min) min = t; if (t > max) max = t; }
            from = DateTime.UnixEpoch.AddSeconds(min);
            to = DateTime.UnixEpoch.AddSeconds(max);
        }
        return new DatasetStatistics(d.Users.Count, d.Items.Count, b.Count, d.Interactions.Count, anonymous, from, to,
            sizes.Length == 0 ? 0 : b.Items.Length / (double)sizes.Length,
            sizes.Length == 0 ? 0 : sizes[sizes.Length / 2],
            sizes.Length == 0 ? 0 : sizes[(int)Math.Min(sizes.Length - 1, Math.Ceiling(sizes.Length * 0.9) - 1)],
            sizes.Length == 0 ? 0 : sizes[^1],
            hist, Math.Round(gini, 4), total == 0 ? 0 : Math.Round(topShare / total, 4));
    }

    private static string Bucket(int s) => s switch
    {
        0 => "00: 0",
        1 => "01: 1",
        2 => "02: 2",
        3 => "03: 3",
        <= 5 => "04: 4-5",
        <= 10 => "05: 6-10",
        <= 20 => "06: 11-20",
        <= 50 => "07: 21-50",
        <= 100 => "08: 51-100",
        _ => "09: >100",
    };
}
