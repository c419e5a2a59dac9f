using BundleForge.Data;

namespace BundleForge.Core.Tests.Embeddings;

/// <summary>A small shop for telling complements from substitutes: items 0 (phone) and 1 (case) are bought together;
/// 2 and 3 are two brands of the same charger, each bought with 4 (cable) but never with each other; 5..14 are filler.</summary>
internal static class ChargerShop
{
    public const int Items = 15;

    public static BasketSet Baskets()
    {
        var random = new Random(11);
        var lists = new List<int[]>();
        for (int b = 0; b < 3000; b++)
        {
            int r = random.Next(4);
            var items = new List<int>();
            if (r == 0)
                items.AddRange([0, 1]);
            else if (r == 1)
                items.AddRange([2, 4]);
            else if (r == 2)
                items.AddRange([3, 4]);
            items.Add(5 + random.Next(10));
            if (random.Next(2) == 0)
                items.Add(5 + random.Next(10));
            lists.Add(items.ToArray());
        }
        return BasketSet.FromLists(lists);
    }
}
