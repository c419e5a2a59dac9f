using System.Text;

namespace BundleForge.Cluster.Tests;

/// <summary>A small shop trained by the real CLI into a model folder every node serves: items I00..I11 bought in
/// pairs (I00 with I01, I02 with I03, ...), so a purchase of one item makes its partner the first recommendation.</summary>
public static class ShopModel
{
    public static string Train(string dir)
    {
        var sb = new StringBuilder("user_id,item_id,timestamp,order_id\n");
        int order = 0;
        long t = 1_700_000_000;
        for (int u = 0; u < 30; u++)
        {
            for (int pair = 0; pair < 6; pair++)
            {
                if ((u + pair) % 3 == 0)
                    continue;
                order++;
                t += 3600;
                sb.Append("u").Append(u).Append(",I").Append((pair * 2).ToString("00", System.Globalization.CultureInfo.InvariantCulture)).Append(',').Append(t).Append(",o").Append(order).Append('\n');
                sb.Append("u").Append(u).Append(",I").Append((pair * 2 + 1).ToString("00", System.Globalization.CultureInfo.InvariantCulture)).Append(',').Append(t).Append(",o").Append(order).Append('\n');
            }
        }
        var csv = Path.Combine(dir, "shop.csv");
        File.WriteAllText(csv, sb.ToString());
        var model = Path.Combine(dir, "model");
        var r = ClusterNode.Run("train", "--data", csv, "--models", "baseline", "--out", model);
        if (r.Exit != 0)
            throw new InvalidOperationException("train failed: " + r.Stderr);
        return model;
    }

    /// <summary>A generated shop (prices, planted bundles) trained with the bundle engine, for the shared offer
    /// learner: returns the model folder and one customer of the shop.</summary>
    public static (string Model, string Customer) TrainWithBundles(string dir)
    {
        var shop = Path.Combine(dir, "shop");
        var g = ClusterNode.Run("generate", "--out", shop, "--users", "300", "--items", "60", "--orders", "4000", "--seed", "5");
        if (g.Exit != 0)
            throw new InvalidOperationException("generate failed: " + g.Stderr);
        var model = Path.Combine(dir, "model");
        var r = ClusterNode.Run("train", "--data", Path.Combine(shop, "interactions.csv"), "--catalog", Path.Combine(shop, "items.csv"),
            "--models", "baseline,bundles", "--out", model);
        if (r.Exit != 0)
            throw new InvalidOperationException("train failed: " + r.Stderr);
        string customer = File.ReadLines(Path.Combine(shop, "interactions.csv")).Skip(1).First().Split(',')[0];
        return (model, customer);
    }
}
