using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BundleForge.Artifacts;
using BundleForge.Baseline;
using BundleForge.Data;
using BundleForge.Ingest;
using BundleForge.Ingest.Sources;
using BundleForge.Privacy;
using BundleForge.Recommendation;
using BundleForge.Training;

namespace BundleForge.Core.Tests.Recommendation;

/// <summary>The explore features of the next-basket ranker: how a never-bought candidate relates to the customer's
/// history (price band, popularity band, closeness to their latest items, co-purchase with everything they bought),
/// by hand on tiny data and learned by real training on a generated shop where new items follow the price band.</summary>
public sealed class NextBasketFeaturesTests : IDisposable
{
    private const long Day = DailyOrderHistory.Day;
    private readonly string _dir = Fixture.TempDir();

    public void Dispose()
    {
        try
        { Directory.Delete(_dir, true); }
        catch (IOException) { }
    }

    private static int Column(string name) => Array.IndexOf(NextBasketFeatures.Names, name);

    private static OrderHistory History(params int[][] orders) => DailyOrderHistory.Of(orders);

    [Fact]
    public void The_price_gap_is_the_distance_from_the_customers_mean_log_price_and_zero_for_owned_or_unpriced_items()
    {
        // Items 0–3 cost 1, 2, 4 and 100; item 4 has no price. The customer bought 0 (in two orders) and 1 (in one).
        float[] price = [1, 2, 4, 100, float.NaN];
        var orders = BasketSet.FromLists([[0, 1], [0], [2, 3, 4], [2, 3, 4]], [0, 0, 1, 2], [Day, 2 * Day, Day, Day]);
        var signals = ItemSignals.Build(orders, 5, 3 * Day, 30, 10, 200, 10, price);
        var set = new NextBasketFeatures(signals, null, new NextBasketCandidates()).Build(History([0, 1], [0]), 3 * Day);

        float mean = (2 * MathF.Log(1) + MathF.Log(2)) / 3;
        int gap = Column("new_x_price_gap");
        Assert.Equal(MathF.Abs(MathF.Log(4) - mean), set.RowOf(set.IndexOf(2))[gap], 5);
        Assert.Equal(MathF.Abs(MathF.Log(100) - mean), set.RowOf(set.IndexOf(3))[gap], 5);
        Assert.True(set.RowOf(set.IndexOf(2))[gap] < set.RowOf(set.IndexOf(3))[gap]);
        Assert.Equal(0f, set.RowOf(set.IndexOf(4))[gap]);
        Assert.Equal(0f, set.RowOf(set.IndexOf(0))[gap]);

        // The popularity gap: |log share − the customer's order-weighted mean log share|.
        int pop = Column("new_x_popularity_gap");
        float meanPop = (2 * signals.Popularity[0] + signals.Popularity[1]) / 3;
        Assert.Equal(MathF.Abs(signals.Popularity[3] - meanPop), set.RowOf(set.IndexOf(3))[pop], 5);
    }

    [Fact]
    public void Co_purchase_with_everything_bought_reaches_partners_of_old_orders_the_recent_anchors_miss()
    {
        // Item 5 is bought with 0 only; the customer bought 0 in their first order, then three orders without it.
        var orders = BasketSet.FromLists([[0, 5], [0, 5], [1], [2], [3]], [1, 1, 2, 2, 2], [Day, 2 * Day, Day, Day, Day]);
        var signals = ItemSignals.Build(orders, 8, 6 * Day, 30, 10, 200, 10);
        var set = new NextBasketFeatures(signals, null, new NextBasketCandidates()).Build(History([0], [1], [2], [3]), 5 * Day);

        int five = set.IndexOf(5);
        Assert.True(five >= 0);
        Assert.Equal(0f, set.RowOf(five)[Column("co_purchase")]);
        Assert.True(set.RowOf(five)[Column("new_x_co_purchase_all")] > 0);
        // An item nobody bought with the customer's items has none.
        int seven = set.IndexOf(7);
        if (seven >= 0)
            Assert.Equal(0f, set.RowOf(seven)[Column("new_x_co_purchase_all")]);
    }

    [Fact]
    public void Item2vec_closeness_to_recent_items_is_the_best_cosine_to_the_last_orders()
    {
        // Unit vectors in two dimensions: 0 = (1, 0), 1 = (0, 1), 2 = (0.6, 0.8), 3 = (−1, 0). The customer's last
        // order holds 0 only; their first (older than three orders back) held 1.
        float[] unit = [1, 0, 0, 1, 0.6f, 0.8f, -1, 0];
        var vectors = new ItemVectors(unit, 2, [true, true, true, true]);
        var orders = BasketSet.FromLists([[0], [1], [2], [3]], [0, 0, 1, 1], [Day, Day, Day, Day]);
        var signals = ItemSignals.Build(orders, 4, 9 * Day, 30, 10, 200, 10);
        var limits = new NextBasketCandidates { Item2Vec = 4 };
        var set = new NextBasketFeatures(signals, vectors, limits).Build(History([1], [0], [0], [0]), 5 * Day);

        int column = Column("new_x_item2vec_recent");
        Assert.Equal(0.6f, set.RowOf(set.IndexOf(2))[column], 5);
        Assert.Equal(-1f, set.RowOf(set.IndexOf(3))[column], 5);
        Assert.Equal(0f, set.RowOf(set.IndexOf(0))[column]);
    }

    [Fact]
    public void Novelty_is_the_smoothed_share_of_first_purchases_after_the_first_order_and_trend_compares_the_week_with_the_month()
    {
        // The customer's orders: {0, 1}, {0, 2}, {0, 2, 3}: after the first order, 2 of 5 items were new.
        // Item 4 was bought by others 20 days ago only, item 5 in the last week only.
        var orders = BasketSet.FromLists([[4], [4], [5], [5], [6]], [1, 2, 1, 2, 3], [10 * Day, 10 * Day, 27 * Day, 28 * Day, Day]);
        var signals = ItemSignals.Build(orders, 7, 30 * Day, 30, 10, 200, 10);
        var set = new NextBasketFeatures(signals, null, new NextBasketCandidates()).Build(History([0, 1], [0, 2], [0, 2, 3]), 30 * Day);

        int novelty = Column("new_x_novelty"), trend = Column("new_x_trend");
        Assert.Equal(3f / 7f, set.RowOf(set.IndexOf(4))[novelty], 5);
        Assert.Equal(0f, set.RowOf(set.IndexOf(0))[novelty]);
        Assert.True(set.RowOf(set.IndexOf(5))[trend] > 0, "bought in the last week: rising");
        Assert.True(set.RowOf(set.IndexOf(4))[trend] < 0, "bought this month but not this week: fading");
        Assert.Equal(signals.WeekPopularity[5] - signals.RecentPopularity[5], set.RowOf(set.IndexOf(5))[trend], 5);
    }

    /// <summary>A generated shop of two price bands: each customer keeps buying a few items of their own and, in every
    /// order, two items they never bought from their band; the popular items are spread over both bands.</summary>
    private static string GeneratedShop(string dir)
    {
        var rng = new Random(5);
        var csv = new StringBuilder("user_id,item_id,timestamp,order_id,event,quantity,price\n");
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        int order = 0;
        for (int u = 0; u < 240; u++)
        {
            bool cheap = u % 2 == 0;
            int band = cheap ? 0 : 60;
            var own = new[] { band + rng.Next(60), band + rng.Next(60) };
            var bought = new HashSet<int>(own);
            int day = rng.Next(5);
            while (day < 120)
            {
                var items = new HashSet<int>(own);
                while (items.Count < own.Length + 2)
                {
                    int i = band + rng.Next(60);
                    if (bought.Add(i))
                        items.Add(i);
                    if (bought.Count >= 58)
                        break;
                }
                var time = start.AddDays(day).AddMinutes(rng.Next(600)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                foreach (var i in items)
                {
                    float price = i < 60 ? 1 + i % 5 * 0.2f : 40 + i % 5 * 8;
                    csv.Append(CultureInfo.InvariantCulture, $"u{u},i{i},{time},o{order},purchase,1,{price}\n");
                }
                order++;
                day += 6 + rng.Next(8);
            }
        }
        var path = Path.Combine(dir, "shop.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    [Fact]
    public void Trained_on_a_shop_whose_new_items_follow_the_price_band_the_explore_ranker_weighs_the_price_gap_against_them()
    {
        var data = DatasetLoader.Load(new LoadRequest { Path = GeneratedShop(_dir) });
        var folder = Path.Combine(_dir, "model");
        TrainingPipeline.Run(data, new TrainingPlan
        {
            OutputFolder = folder,
            Models = [new BaselineOptions(), new NextBasketOptions { ValidationDays = 20, TifuKnn = new() { GroupSizes = [3], WithinDecays = [1.0], GroupDecays = [0.8], Neighbours = [20], Alphas = [0.7] } }],
            Threads = 1,
            Pseudonymizer = new Pseudonymizer("test-secret-0123456789"u8),
        }, null, CancellationToken.None);

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")))!;
        var parameters = manifest["components"]![NextBasketModel.Component]!["parameters"]!;
        // The explore ranker alone finds the customers' new items better than the popularity list on the fitting period.
        double alone = parameters["validation_explore_ranker_alone"]!["explore_ndcg@10"]!.GetValue<double>();
        double popularity = parameters["validation_popularity_explore"]!["explore_ndcg@10"]!.GetValue<double>();
        Assert.True(alone > 1.5 * popularity, $"explore ranker alone {alone} vs popularity {popularity}");

        // Its learned weight on the price gap is negative: the further from the customer's band, the less likely.
        var model = NextBasketModel.Load(ModelReader.Open(folder), data.Items.Count);
        Assert.True(model.ExploreRanker.Weights[Column("new_x_price_gap")] < 0, "price gap weight");

        // A shop without titles trains and serves: no item has words, and the title closeness is 0 everywhere.
        Assert.Equal(0, parameters["items_with_words"]!.GetValue<int>());
        Assert.Empty(model.Features.Words.Words);
        foreach (var name in TitleColumns)
        {
            Assert.Equal(0f, model.Ranker.Weights[Column(name)]);
            Assert.Equal(0f, model.ExploreRanker.Weights[Column(name)]);
        }
        var key = model.Users.Keys[0];
        var history = model.Users.HistoryOf(key);
        var set = model.Features.Build(history, model.Now);
        for (int c = 0; c < set.Count; c++)
            foreach (var name in TitleColumns)
                Assert.Equal(0f, set.RowOf(c)[Column(name)]);
        Assert.Equal(10, model.RankStored(key, new int[10]));
    }

    /// <summary>The product line of a dense item of <see cref="TitledShop"/> (its id is i{line × 12 + variant}).</summary>
    private static int LineOf(Dataset data, int item) => int.Parse(data.Items.Ids[item].AsSpan(1), CultureInfo.InvariantCulture) / 12;

    private static readonly string[] TitleColumns = ["new_x_title_closest", "new_x_title_profile"];

    /// <summary>A generated shop of product lines: 60 lines of 12 variants, each titled by the line's own word and a kind
    /// word every line shares (mug, bag, ...). Each customer (four per line) keeps buying two favourites and, in every
    /// order, one variant of their line they never bought and one other new item at random: variants of a line are never
    /// bought together, and few other customers buy them, so mostly the titles tell which new items are the customer's.</summary>
    private static (string Orders, string Catalog) TitledShop(string dir)
    {
        const int Lines = 60, Variants = 12;
        string[] kinds = ["mug", "bag", "lamp", "tray", "card", "vase", "cup", "bowl", "jar", "box", "tin", "frame"];
        var catalog = new StringBuilder("item_id,title,price\n");
        for (int l = 0; l < Lines; l++)
            for (int v = 0; v < Variants; v++)
                catalog.Append(CultureInfo.InvariantCulture, $"i{l * Variants + v},{(char)('a' + l / 26)}{(char)('a' + l % 26)}line {kinds[v]},{2 + v}\n");
        var rng = new Random(11);
        var csv = new StringBuilder("user_id,item_id,timestamp,order_id,event,quantity,price\n");
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        int order = 0, n = Lines * Variants;
        for (int u = 0; u < 240; u++)
        {
            int line = u % Lines;
            var own = new[] { rng.Next(n), rng.Next(n) };
            var bought = new HashSet<int>(own);
            int day = rng.Next(5);
            while (day < 120)
            {
                var items = new HashSet<int>(own);
                for (int v = 0; v < Variants; v++)
                    if (bought.Add(line * Variants + v))
                    {
                        items.Add(line * Variants + v);
                        break;
                    }
                for (int tries = 0; tries < 20; tries++)
                {
                    int other = rng.Next(n);
                    if (other / Variants != line && bought.Add(other))
                    {
                        items.Add(other);
                        break;
                    }
                }
                var time = start.AddDays(day).AddMinutes(rng.Next(600)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                foreach (var i in items)
                    csv.Append(CultureInfo.InvariantCulture, $"u{u},i{i},{time},o{order},purchase,1,{2 + i % Variants}\n");
                order++;
                day += 8 + rng.Next(7);
            }
        }
        var orders = Path.Combine(dir, "titled.csv");
        var products = Path.Combine(dir, "titled-items.csv");
        File.WriteAllText(orders, csv.ToString());
        File.WriteAllText(products, catalog.ToString());
        return (orders, products);
    }

    private JsonNode TrainTitled(string name, string orders, string? catalog)
    {
        var data = DatasetLoader.Load(new LoadRequest { Path = orders, CatalogPath = catalog });
        TrainingPipeline.Run(data, new TrainingPlan
        {
            OutputFolder = Path.Combine(_dir, name),
            // Every item a candidate (through the popular lists), so the test judges the ranking, not the candidate sources.
            Models = [new BaselineOptions(), new NextBasketOptions
            {
                ValidationDays = 20,
                Candidates = new() { Popular = 1000 },
                TifuKnn = new() { GroupSizes = [3], WithinDecays = [1.0], GroupDecays = [0.8], Neighbours = [20], Alphas = [0.7] },
            }],
            Threads = 1,
            Pseudonymizer = new Pseudonymizer("test-secret-0123456789"u8),
        }, null, CancellationToken.None);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, name, "manifest.json")))!;
        return manifest["components"]![NextBasketModel.Component]!["parameters"]!;
    }

    [Fact]
    public void Trained_on_a_shop_of_product_lines_title_closeness_finds_the_customers_new_items_and_the_stored_model_keeps_the_words()
    {
        var (orders, catalog) = TitledShop(_dir);
        var data = DatasetLoader.Load(new LoadRequest { Path = orders, CatalogPath = catalog });
        var parameters = TrainTitled("titled-model", orders, catalog);
        var without = TrainTitled("untitled-model", orders, null);
        var folder = Path.Combine(_dir, "titled-model");
        Assert.Equal(data.Items.Count, parameters["items_with_words"]!.GetValue<int>());
        Assert.Equal(0, without["items_with_words"]!.GetValue<int>());
        // New items follow the customer's product line, which only the titles name: with them, the explore ranker alone
        // finds the customers' new items on the fitting period far better than the same orders without a catalog.
        double Alone(JsonNode p) => p["validation_explore_ranker_alone"]!["explore_ndcg@10"]!.GetValue<double>();
        Assert.True(Alone(parameters) > 1.5 * Alone(without), $"explore NDCG@10 of the explore ranker alone: {Alone(parameters)} with titles, {Alone(without)} without");
        var model = NextBasketModel.Load(ModelReader.Open(folder), data.Items.Count);
        Assert.True(model.ExploreRanker.Weights[Column("new_x_title_closest")] > 0, "closest-title weight");

        // The stored model carries the words it was fitted with, so serving computes the same closeness.
        var built = ItemWords.Build(data.Items);
        Assert.Equal(built.Offsets, model.Features.Words.Offsets);
        Assert.Equal(built.Words, model.Features.Words.Words);
        Assert.Equal(built.Idf, model.Features.Words.Idf);
        var key = model.Users.Keys[0];
        var history = model.Users.HistoryOf(key);
        var set = model.Features.Build(history, model.Now);
        var fresh = new NextBasketFeatures(model.Features.Signals, null, model.Features.Limits, model.Features.Neighbours, built).Build(history, model.Now);
        Assert.Equal(fresh.Features, set.Features);
        bool close = false;
        for (int c = 0; c < set.Count; c++)
            close |= set.RowOf(c)[Column("new_x_title_closest")] > 0.3f;
        Assert.True(close, "some new candidate shares a line with what the customer bought");
        var full = new int[20];
        var stored = new int[20];
        int k = model.Rank(history, Math.Max(history.Times[^1], model.Now), full);
        Assert.Equal(full[..k], stored[..model.RankStored(key, stored)]);

        // The title source alone proposes the variants of a customer's product line they never bought, every one of
        // them: their line's word is among the heaviest of their profile (one variant bought per order; their two
        // favourites, bought in every order, weigh their own lines as much, so the limit leaves room for three lines).
        var onlyTitle = new NextBasketCandidates { CoPurchase = 0, Neighbour = 0, Item2Vec = 0, Popular = 0, Title = 3 * 12 };
        int checkedCustomers = 0;
        foreach (var customer in model.Users.Keys)
        {
            var own = model.Users.HistoryOf(customer);
            var bought = new HashSet<int>(own.Items.AsSpan(0, own.Offsets[^1]).ToArray());
            var distinctPerLine = new Dictionary<int, int>();
            foreach (var i in bought)
                distinctPerLine[LineOf(data, i)] = distinctPerLine.GetValueOrDefault(LineOf(data, i)) + 1;
            int line = distinctPerLine.MaxBy(x => x.Value).Key;
            var missing = new List<int>();
            for (int i = 0; i < data.Items.Count; i++)
                if (LineOf(data, i) == line && !bought.Contains(i))
                    missing.Add(i);
            if (missing.Count == 0)
                continue;
            var proposed = new NextBasketFeatures(model.Features.Signals, null, onlyTitle, null, built).Build(own, model.Now);
            foreach (var i in missing)
            {
                int c = proposed.IndexOf(i);
                Assert.True(c >= 0, $"variant {data.Items.Ids[i]} of line {line} not proposed");
                Assert.Equal(CandidateSource.Title, proposed.Sources[c]);
            }
            if (++checkedCustomers == 20)
                break;
        }
        Assert.True(checkedCustomers > 0);
        Assert.Equal(0, parameters["candidates"]!["title"]!.GetValue<int>());      // off by default (NextBasketCandidates.Title)

        // A model of the format before the title source (version 6) fails with one clear line, not a misread file.
        var file = Path.Combine(folder, NextBasketModel.Component, "nextbasket.bin");
        var bytes = File.ReadAllBytes(file);
        Assert.Equal(7, BitConverter.ToInt32(bytes, 4));
        BitConverter.TryWriteBytes(bytes.AsSpan(4), 6);
        File.WriteAllBytes(file, bytes);
        var e = Assert.Throws<DataException>(() => NextBasketModel.Load(ModelReader.Open(folder, verifyChecksums: false), data.Items.Count));
        Assert.Contains("version 6", e.Message);
        Assert.Contains("retrain", e.Message);
    }
}
