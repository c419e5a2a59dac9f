namespace BundleForge.Server.Tests.Dashboard;

/// <summary>Facts about the generated shop read straight from its CSV files, to check the pages against: the most
/// bought product, a customer who bought it, and every customer id (none of which a page may show unasked).</summary>
public sealed record ShopFacts(string TopItem, string TopTitle, string Customer, IReadOnlyList<string> CustomerIds, int Items)
{
    public static ShopFacts Read(string shopDir)
    {
        var titles = new Dictionary<string, string>();
        foreach (var line in File.ReadLines(Path.Combine(shopDir, "items.csv")).Skip(1))
        {
            var f = line.Split(',');
            titles[f[0]] = f[1];
        }
        var bought = new Dictionary<string, int>();
        var buyers = new Dictionary<string, Dictionary<string, int>>();
        var customers = new HashSet<string>();
        foreach (var line in File.ReadLines(Path.Combine(shopDir, "interactions.csv")).Skip(1))
        {
            // user_id,item_id,timestamp,order_id,event,quantity,price
            var f = line.Split(',');
            customers.Add(f[0]);
            if (f[4] != "purchase")
                continue;
            bought[f[1]] = bought.GetValueOrDefault(f[1]) + 1;
            if (!buyers.TryGetValue(f[1], out var b))
                buyers[f[1]] = b = new();
            b[f[0]] = b.GetValueOrDefault(f[0]) + 1;
        }
        var top = bought.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key;
        var customer = buyers[top].OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key;
        return new ShopFacts(top, titles[top], customer, customers.Order(StringComparer.Ordinal).ToList(), bought.Count);
    }
}
