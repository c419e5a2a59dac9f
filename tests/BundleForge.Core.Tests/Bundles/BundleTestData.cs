using BundleForge.Bundles;
using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Composition;
using BundleForge.Data;

namespace BundleForge.Core.Tests.Bundles;

/// <summary>Small catalogs and bundles for pricing and composition tests.</summary>
internal static class BundleTestData
{
    public static ItemCatalog Catalog(float[] price, float[] cost, string?[]? categories = null, int[]? stock = null, bool costAssumed = false)
    {
        int n = price.Length;
        var ids = Enumerable.Range(0, n).Select(i => "I" + i).ToArray();
        return new ItemCatalog(ids, ids.Select(i => (string?)("Item " + i)).ToArray(), categories ?? new string?[n], new string?[n],
            price, cost, stock ?? Enumerable.Repeat(-1, n).ToArray(), costAssumed);
    }

    public static ComposedBundle Bundle(ItemCatalog catalog, int[] items, float propensity = 0.2f, float relevance = 0.5f, bool overstock = false)
    {
        double list = 0, cost = 0;
        foreach (int i in items)
        { list += catalog.Price[i]; cost += catalog.Cost[i]; }
        var pairs = new List<(int, int, PairEvidence)>();
        for (int a = 0; a < items.Length; a++)
            for (int b = a + 1; b < items.Length; b++)
                pairs.Add((items[a], items[b], new PairEvidence(0.5f, 0, 40, 4.1f, propensity)));
        return new ComposedBundle
        {
            Items = items,
            Score = 1,
            Relevance = relevance,
            Complementarity = 0.5f,
            Propensity = propensity,
            ListPrice = list,
            Cost = cost,
            HasOverstockedItem = overstock,
            Pairs = pairs.ToArray(),
            ItemSources = items.Select(_ => ("test", SignalEvidence.None)).ToArray(),
            Personalised = true,
        };
    }
}
