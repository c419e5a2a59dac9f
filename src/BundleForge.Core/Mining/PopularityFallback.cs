namespace BundleForge.Mining;

/// <summary>Fills with the most purchased items overall (<c>fallback-popularity</c>).</summary>
public sealed class PopularityFallback : IFbtFallback
{
    private readonly int[] _byPopularity;
    private readonly int[] _itemCounts;

    public PopularityFallback(int[] itemCounts)
    {
        _itemCounts = itemCounts;
        _byPopularity = Data.PopularityOrder.Of(itemCounts, Enumerable.Range(0, itemCounts.Length));
    }

    public string Source => "fallback-popularity";

    public void Suggest(ReadOnlySpan<int> cart, int needed, IReadOnlySet<int> exclude, List<FbtRecommendation> into)
    {
        int added = 0;
        foreach (int i in _byPopularity)
        {
            if (added >= needed || _itemCounts[i] == 0)
                break;
            if (exclude.Contains(i))
                continue;
            into.Add(new FbtRecommendation(i, 0, Source, 0, 0, 0, -1, 0));
            added++;
        }
    }
}
