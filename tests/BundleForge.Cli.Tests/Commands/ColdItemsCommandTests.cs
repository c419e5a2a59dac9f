using System.Globalization;
using System.Text;

namespace BundleForge.Cli.Tests.Commands;

/// <summary>Issue 17, item 2: <c>evaluate --task cold-items</c> on a shop with three kinds of customers (lunch bags,
/// garden tools, tea things); in the held-out days each customer buys a product nobody had bought before, of their
/// own kind.</summary>
public sealed class ColdItemsCommandTests : IDisposable
{
    private static readonly string[][] Kinds =
    [
        ["RED RETROSPOT LUNCH BAG", "WHITE SPOTTY LUNCH BAG", "PINK POLKADOT LUNCH BAG", "BLUE STRIPE LUNCH BAG", "GREEN APPLE LUNCH BAG"],
        ["GARDEN TROWEL", "WATERING CAN", "GARDEN GLOVES", "PRUNING SHEARS", "GARDEN RAKE"],
        ["CERAMIC TEA POT", "MILK JUG", "SUGAR BOWL", "TEA CUP AND SAUCER", "TEA STRAINER"],
    ];

    // The never-sold products, one per kind, bought in the test period by that kind's customers; the last one nobody buys.
    private static readonly string[] NewItems = ["DINOSAUR PRINT LUNCH BAG", "GARDEN KNEELING PAD", "ENAMEL TEA KETTLE", "USB PHONE CHARGER CABLE"];

    private readonly string _dir = CliRunner.TempDir();

    public void Dispose()
    {
        try
        { Directory.Delete(_dir, true); }
        catch (IOException) { }
    }

    [Fact]
    public void A_never_sold_item_close_to_the_customers_purchases_ranks_first_and_the_json_has_the_documented_fields()
    {
        var (data, catalog) = WriteShop();
        var model = Path.Combine(_dir, "model");
        var train = CliRunner.Run("train", "--data", data, "--catalog", catalog, "--models", "item2vec,text", "--holdout-days", "10",
            "--threads", "2", "--out", model, "--json");
        Assert.True(train.ExitCode == 0, train.Stderr);

        var eval = CliRunner.Run("evaluate", "--model", model, "--data", data, "--catalog", catalog, "--task", "cold-items", "--test-days", "10", "--json");
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        var e = eval.Json;
        Assert.Equal("cold-items", e.GetProperty("task").GetString());
        Assert.Contains("never sold", e.GetProperty("protocol").GetString());
        Assert.Equal("new_item_blend", e.GetProperty("model").GetString());
        // The rule comes from the model folder; this shop sells nothing new before the test period, so training kept
        // the default weights and said why.
        var rule = e.GetProperty("rule");
        Assert.Equal("model folder", rule.GetProperty("from").GetString());
        Assert.Equal(0, rule.GetProperty("validation_customers").GetInt32());
        Assert.Contains("default weights", rule.GetProperty("note").GetString());
        var interval = e.GetProperty("intervals").GetProperty("new_item_blend");
        Assert.Equal(30, interval.GetProperty("customers").GetInt32());
        Assert.Equal(2, interval.GetProperty("ndcg@10").GetArrayLength());
        Assert.True(e.TryGetProperty("model_minus_tfidf", out _));
        var split = e.GetProperty("split");
        Assert.Equal(10, split.GetProperty("test_days").GetInt32());
        Assert.Equal(NewItems.Length, split.GetProperty("candidates").GetInt32());
        Assert.Equal(30, split.GetProperty("customers").GetInt32());
        Assert.Equal(1.0, split.GetProperty("mean_targets").GetDouble());
        Assert.True(e.GetProperty("map").GetProperty("rows").GetInt32() >= 15);
        Assert.True(e.GetProperty("map").GetProperty("lambda").GetDouble() > 0);
        foreach (var name in new[] { "neighbour_map", "text_nearest", "text_to_item2vec", "text_profile", "item2vec_content", "tfidf_titles", "random" })
            Assert.True(e.GetProperty("baselines").TryGetProperty(name, out var b) && b.TryGetProperty("ndcg@10", out _), name);

        // Four candidates: the new product of the customer's own kind must come first for every customer (NDCG@10 = 1),
        // while a random order puts it first a quarter of the time.
        double ndcg = e.GetProperty("metrics").GetProperty("ndcg@10").GetDouble();
        Assert.Equal(1.0, ndcg, 6);
        Assert.Equal(30, e.GetProperty("metrics").GetProperty("users").GetInt32());
        double random = e.GetProperty("baselines").GetProperty("random").GetProperty("ndcg@10").GetDouble();
        Assert.InRange(random, 0.55, 0.75);
    }

    private (string Data, string Catalog) WriteShop()
    {
        var data = Path.Combine(_dir, "orders.csv");
        var rows = new StringBuilder("user_id,item_id,timestamp,order_id,event,quantity,price\n");
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var rng = new Random(5);
        int order = 0;
        void Order(int user, DateTime at, IEnumerable<string> items)
        {
            order++;
            foreach (var item in items.Distinct())
                rows.Append(CultureInfo.InvariantCulture, $"u{user},{Id(item)},{at:yyyy-MM-ddTHH:mm:ssZ},o{order},purchase,1,1.0\n");
        }
        // 55 days of orders (all before the test period, which starts 10 days before the last order, day 69):
        // customer u buys two or three products of kind u % 3.
        for (int day = 0; day < 55; day++)
            for (int user = 0; user < 30; user++)
                if (rng.Next(3) == 0)
                {
                    var kind = Kinds[user % 3];
                    Order(user, start.AddDays(day).AddMinutes(user), Enumerable.Range(0, rng.Next(2, 4)).Select(_ => kind[rng.Next(kind.Length)]));
                }
        // The last 10 days: each customer's first order holds the new product of their kind and an old one.
        for (int user = 0; user < 30; user++)
            Order(user, start.AddDays(62).AddMinutes(user), [NewItems[user % 3], Kinds[user % 3][rng.Next(5)]]);
        Order(0, start.AddDays(69), [Kinds[0][0]]);
        File.WriteAllText(data, rows.ToString());

        var catalog = Path.Combine(_dir, "items.csv");
        var lines = new StringBuilder("item_id;title;category;brand;price;cost;stock\n");
        foreach (var title in Kinds.SelectMany(k => k).Concat(NewItems))
            lines.Append(CultureInfo.InvariantCulture, $"{Id(title)};{title};;;2.5;1.2;100\n");
        File.WriteAllText(catalog, lines.ToString());
        return (data, catalog);
    }

    private static string Id(string title) => title.Replace(' ', '-');
}
