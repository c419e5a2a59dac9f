using BundleForge.Data;
using BundleForge.Evaluation.Synthetic;
using BundleForge.Ingest;
using BundleForge.Ingest.Sources;

namespace BundleForge.Core.Tests.BundleRanking;

/// <summary>A crosscbr folder from a generated shop: the generator's planted bundles become predefined bundles, and a
/// user "takes" one when an order holds two of its items. Early orders give user_item and the train bundles, later
/// orders the held-out bundles the user had not taken before: all of them as tune, or, when a test split is asked for,
/// those first taken in the next half of the later period as tune and the rest as test.</summary>
internal static class GeneratedBundleShop
{
    public static Dataset Write(string dir, bool withTest, int seed = 12)
    {
        var (shop, data) = ShopGenerator.Build(new ShopGeneratorOptions { Users = 600, Items = 400, Orders = 9_000, Seed = seed });
        var shopIndex = new Dictionary<string, int>();
        for (int i = 0; i < shop.ItemCount; i++)
            shopIndex[shop.ItemIds[i]] = i;
        var baskets = data.Baskets;
        long cut = baskets.Time.Min() + (long)((baskets.Time.Max() - baskets.Time.Min()) * 0.7);
        var userItem = new HashSet<(int, int)>();
        var train = new HashSet<(int, int)>();
        long testCut = withTest ? cut + (baskets.Time.Max() - cut) / 2 : long.MaxValue;
        var later = new Dictionary<(int, int), long>();
        for (int b = 0; b < baskets.Count; b++)
        {
            int u = baskets.User[b];
            if (u < 0)
                continue;
            var items = baskets[b].ToArray().Select(i => shopIndex[data.Items.Ids[i]]).ToArray();
            bool early = baskets.Time[b] < cut;
            if (early)
                foreach (int i in items)
                    userItem.Add((u, i));
            foreach (var g in items.Where(i => shop.BundleOf[i] >= 0).GroupBy(i => shop.BundleOf[i]).Where(g => g.Count() >= 2))
                if (early)
                    train.Add((u, g.Key));
                else
                    later[(u, g.Key)] = Math.Min(later.GetValueOrDefault((u, g.Key), long.MaxValue), baskets.Time[b]);
        }
        var tune = later.Where(p => !train.Contains(p.Key) && p.Value < testCut).Select(p => p.Key).ToHashSet();
        var test = later.Where(p => !train.Contains(p.Key) && p.Value >= testCut).Select(p => p.Key).ToHashSet();
        File.WriteAllLines(Path.Combine(dir, "bundle_item.txt"), shop.Bundles.SelectMany((items, b) => items.Select(i => $"{b} {i}")));
        File.WriteAllLines(Path.Combine(dir, "user_item.txt"), userItem.Order().Select(p => $"{p.Item1} {p.Item2}"));
        File.WriteAllLines(Path.Combine(dir, "user_bundle_train.txt"), train.Order().Select(p => $"{p.Item1} {p.Item2}"));
        File.WriteAllLines(Path.Combine(dir, "user_bundle_tune.txt"), tune.Order().Select(p => $"{p.Item1} {p.Item2}"));
        if (withTest)
            File.WriteAllLines(Path.Combine(dir, "user_bundle_test.txt"), test.Order().Select(p => $"{p.Item1} {p.Item2}"));
        return DatasetLoader.Load(new LoadRequest { Path = dir, Format = DataFormat.CrossCbr });
    }
}
