using BundleForge.Data;
using BundleForge.Ingest;
using BundleForge.Ingest.Sources;

namespace BundleForge.Text.Tests;

/// <summary>A small shop written for these tests: product titles in the style of Online Retail (colour variants of one
/// product, christmas lights, kitchen items) and orders in which lunch bags go with water bottles, the two jumbo bag
/// variants are often bought together and the lunch bag variants never are.</summary>
internal sealed class SmallShop : IDisposable
{
    public static readonly (string Id, string Title, string? Category, double Price)[] Items =
    [
        ("LB-RED", "RED RETROSPOT LUNCH BAG", null, 1.65),
        ("LB-WHITE", "WHITE SPOTTY LUNCH BAG", null, 1.65),
        ("LB-PINK", "PINK POLKADOT LUNCH BAG", null, 1.65),
        ("BOTTLE", "WATER BOTTLE BLUE STRIPE", null, 3.75),
        ("FAIRY", "SET OF 20 FAIRY LIGHTS WARM WHITE", null, 4.95),
        ("TL-WHITE", "WHITE HANGING HEART T-LIGHT HOLDER", null, 2.55),
        ("TL-RED", "RED HANGING HEART T-LIGHT HOLDER", null, 2.55),
        ("STAR", "CHRISTMAS TREE STAR DECORATION", null, 0.85),
        ("MUG", "CERAMIC COFFEE MUG", "Home>Kitchen>Mugs", 2.10),
        ("BEANS", "COFFEE BEANS 1KG", "Food>Coffee", 8.50),
        ("CHAIN-XMAS", "PAPER CHAIN KIT VINTAGE CHRISTMAS", null, 2.95),
        ("CHAIN-SPOT", "PAPER CHAIN KIT RETROSPOT", null, 2.95),
        ("TROWEL", "GARDEN TROWEL", "Garden>Tools", 5.00),
        ("CAN", "WATERING CAN", "Garden>Tools", 7.00),
        ("JB-RED", "JUMBO BAG RED RETROSPOT", null, 2.08),
        ("JB-PINK", "JUMBO BAG PINK POLKADOT", null, 2.08),
        ("NOTEXT", "", null, 1.00),
    ];

    /// <summary>The orders: item ids per order, each order by its own rotating customer.</summary>
    public static IEnumerable<string[]> Orders()
    {
        for (int r = 0; r < 6; r++)
        {
            yield return ["LB-RED", "BOTTLE"];
            yield return ["LB-WHITE", "BOTTLE"];
            yield return ["LB-PINK", "BOTTLE", "MUG"];
            yield return ["JB-RED", "JB-PINK"];
            yield return ["JB-RED", "JB-PINK", "STAR"];
            yield return ["FAIRY", "STAR", "CHAIN-XMAS"];
            yield return ["TL-WHITE", "FAIRY"];
            yield return ["TL-RED", "STAR"];
            yield return ["MUG", "BEANS"];
            yield return ["TROWEL", "CAN"];
            yield return ["CHAIN-SPOT", "LB-RED"];
            yield return ["NOTEXT", "CAN"];
        }
    }

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bf-text-" + Guid.NewGuid().ToString("N"));

    public SmallShop() => Directory.CreateDirectory(_dir);

    /// <summary>A folder inside the shop's temporary folder.</summary>
    public string PathOf(string name) => Path.Combine(_dir, name);

    /// <summary>The dataset of the orders with the catalog, <paramref name="retitle"/> changing titles by id.</summary>
    public Dataset Load(IReadOnlyDictionary<string, string>? retitle = null)
    {
        var orders = PathOf("orders.csv");
        using (var w = new StreamWriter(orders))
        {
            w.WriteLine("user_id,item_id,timestamp,order_id,event,quantity,price");
            int o = 0;
            var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            foreach (var order in Orders())
            {
                o++;
                foreach (var item in order)
                    w.WriteLine($"u{o % 9},{item},{start.AddHours(o):yyyy-MM-ddTHH:mm:ssZ},o{o},purchase,1,1.0");
            }
        }
        var catalog = PathOf("items.csv");
        using (var w = new StreamWriter(catalog))
        {
            w.WriteLine("item_id;title;category;brand;price;cost;stock");
            foreach (var (id, title, category, price) in Items)
            {
                var t = retitle is not null && retitle.TryGetValue(id, out var changed) ? changed : title;
                w.WriteLine(FormattableString.Invariant($"{id};{t};{category};;{price};{price * 0.5};100"));
            }
        }
        return DatasetLoader.Load(new LoadRequest { Path = orders, CatalogPath = catalog });
    }

    public void Dispose()
    {
        try
        { Directory.Delete(_dir, true); }
        catch (IOException) { }
    }
}
