using BundleForge.Data;

namespace BundleForge.Mining;

/// <summary>Fills with the most purchased items of the cart items' categories (<c>fallback-category</c>): the exact
/// category path first, then the top-level department.</summary>
public sealed class CategoryFallback : IFbtFallback
{
    private readonly string?[] _categories;
    private readonly int[] _itemCounts;
    private readonly Dictionary<string, int[]> _byCategory = new(StringComparer.Ordinal);

    public CategoryFallback(string?[] categories, int[] itemCounts)
    {
        if (categories.Length != itemCounts.Length)
            throw new ArgumentException("One category per item.", nameof(categories));
        _categories = categories;
        _itemCounts = itemCounts;
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < categories.Length; i++)
        {
            var c = categories[i];
            if (string.IsNullOrEmpty(c))
                continue;
            Add(groups, c, i);
            var top = CategoryPath.TopLevel(c);
            if (top != c)
                Add(groups, top, i);
        }
        foreach (var (key, items) in groups)
            _byCategory[key] = Data.PopularityOrder.Of(itemCounts, items);
    }

    public string Source => "fallback-category";

    public void Suggest(ReadOnlySpan<int> cart, int needed, IReadOnlySet<int> exclude, List<FbtRecommendation> into)
    {
        var taken = new HashSet<int>();
        foreach (bool topLevel in (ReadOnlySpan<bool>)[false, true])
            foreach (int a in cart)
            {
                var c = _categories[a];
                if (string.IsNullOrEmpty(c) || !_byCategory.TryGetValue(topLevel ? CategoryPath.TopLevel(c) : c, out var items))
                    continue;
                foreach (int i in items)
                {
                    if (taken.Count >= needed)
                        return;
                    if (_itemCounts[i] == 0 || exclude.Contains(i) || !taken.Add(i))
                        continue;
                    into.Add(new FbtRecommendation(i, 0, Source, 0, 0, 0, -1, 0));
                }
            }
    }


    private static void Add(Dictionary<string, List<int>> groups, string key, int item)
    {
        if (!groups.TryGetValue(key, out var list))
            groups[key] = list = [];
        list.Add(item);
    }
}
