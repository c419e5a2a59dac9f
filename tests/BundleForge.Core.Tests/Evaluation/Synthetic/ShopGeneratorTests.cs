using System.Globalization;
using BundleForge.Evaluation.Synthetic;

namespace BundleForge.Core.Tests.Evaluation.Synthetic;

public sealed class ShopGeneratorTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "bf-gen-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    private static readonly ShopGeneratorOptions Small = new() { Users = 300, Items = 120, Orders = 4_000, Seed = 11 };

    private static readonly string[] Files =
    [
        ShopGenerator.InteractionsFile, ShopGenerator.ItemsFile, ShopGenerator.UsersFile,
        ShopGenerator.GroundTruthFile, ShopGenerator.SubstitutesFile, ShopGenerator.SequencesFile,
    ];

    [Fact]
    public void SameSeed_GivesByteIdenticalFiles_AndAnotherSeedDiffers()
    {
        var a = Path.Combine(_root, "a");
        var b = Path.Combine(_root, "b");
        var c = Path.Combine(_root, "c");
        ShopGenerator.Generate(Small, a);
        ShopGenerator.Generate(Small, b);
        ShopGenerator.Generate(Small with { Seed = 12 }, c);
        foreach (var f in Files)
            Assert.True(File.ReadAllBytes(Path.Combine(a, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, f))), f);
        Assert.False(File.ReadAllBytes(Path.Combine(a, ShopGenerator.InteractionsFile)).AsSpan()
            .SequenceEqual(File.ReadAllBytes(Path.Combine(c, ShopGenerator.InteractionsFile))));
    }

    [Fact]
    public void Files_HaveCanonicalHeaders_AndWellFormedRows()
    {
        var dir = Path.Combine(_root, "s");
        var result = ShopGenerator.Generate(Small, dir);

        var items = File.ReadAllLines(Path.Combine(dir, ShopGenerator.ItemsFile));
        Assert.Equal("item_id,title,category,brand,price,cost,stock", items[0]);
        Assert.Equal(Small.Items + 1, items.Length);
        var itemIds = new HashSet<string>();
        foreach (var line in items.Skip(1))
        {
            var f = line.Split(',');
            Assert.Equal(7, f.Length);
            Assert.True(itemIds.Add(f[0]));
            Assert.Equal(3, f[2].Split('>').Length);
            double price = double.Parse(f[4], CultureInfo.InvariantCulture), cost = double.Parse(f[5], CultureInfo.InvariantCulture);
            Assert.True(cost > 0 && cost < price, line);
            Assert.True(int.Parse(f[6], CultureInfo.InvariantCulture) >= 0);
        }

        var interactions = File.ReadAllLines(Path.Combine(dir, ShopGenerator.InteractionsFile));
        Assert.Equal("user_id,item_id,timestamp,order_id,event,quantity,price", interactions[0]);
        Assert.Equal(result.InteractionRows, interactions.Length - 1);
        Assert.Equal(interactions.Length, interactions.Distinct().Count()); // no exact duplicate rows for cleaning to drop
        long purchases = 0;
        var orders = new HashSet<string>();
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var line in interactions.Skip(1))
        {
            var f = line.Split(',');
            Assert.Equal(7, f.Length);
            Assert.Contains(f[1], itemIds);
            var t = DateTime.ParseExact(f[2], "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            Assert.InRange(t, start.AddHours(-1), start.AddDays(Small.Days));
            Assert.Contains(f[4], new[] { "purchase", "cart", "view" });
            if (f[4] == "purchase")
            {
                purchases++;
                Assert.StartsWith("O", f[3]);
                orders.Add(f[3]);
                Assert.InRange(int.Parse(f[5], CultureInfo.InvariantCulture), 1, 3);
                Assert.True(double.Parse(f[6], CultureInfo.InvariantCulture) > 0);
            }
            else
                Assert.Equal("", f[3]);
        }
        Assert.Equal(result.OrderLines, purchases);
        Assert.Equal(Small.Orders, orders.Count);

        Assert.Equal("bundle_id,item_id", File.ReadLines(Path.Combine(dir, ShopGenerator.GroundTruthFile)).First());
        var users = File.ReadAllLines(Path.Combine(dir, ShopGenerator.UsersFile));
        Assert.Equal("user_id,segment,wtp_factor,price_sensitivity,activity,taste", users[0]);
        Assert.Equal(Small.Users + 1, users.Length);
        Assert.Equal("item_id_a,item_id_b,category", File.ReadLines(Path.Combine(dir, ShopGenerator.SubstitutesFile)).First());
    }

    [Fact]
    public void InMemoryBuild_MatchesTheCsvOutput()
    {
        var (_, data) = ShopGenerator.Build(Small);
        var result = ShopGenerator.Generate(Small, Path.Combine(_root, "m"));
        Assert.Equal(result.Orders, data.Baskets.Count);
        Assert.Equal(result.OrderLines, data.Baskets.Items.Length);
        Assert.Equal(result.InteractionRows, data.Interactions.Count);
    }

    [Fact]
    public void PlantedBundles_CoOccurFarBeyondChance_AndSubstitutesNever()
    {
        var (shop, data) = ShopGenerator.Build(new ShopGeneratorOptions { Users = 2_000, Items = 400, Orders = 30_000, Seed = 5 });
        var baskets = data.Baskets;
        var count = new int[shop.ItemCount];
        var seen = new bool[shop.ItemCount];
        for (int b = 0; b < baskets.Count; b++)
            foreach (int i in baskets[b])
                count[i]++;
        double n = baskets.Count;

        int CoCount(int x, int y)
        {
            int c = 0;
            for (int b = 0; b < baskets.Count; b++)
            {
                var s = baskets[b];
                if (s.BinarySearch(x) >= 0 && s.BinarySearch(y) >= 0)
                    c++;
            }
            return c;
        }

        Assert.NotEmpty(shop.Bundles);
        foreach (var bundle in shop.Bundles)
        {
            int x = bundle[0], y = bundle[1];
            double lift = CoCount(x, y) * n / ((double)count[x] * count[y]);
            Assert.True(lift > 10, $"bundle pair {x},{y} lift {lift:0.0}");
        }

        Assert.NotEmpty(shop.Substitutes);
        foreach (var (a, b) in shop.Substitutes)
        {
            Assert.True(count[a] > 50 && count[b] > 50, "substitutes are popular items");
            Assert.Equal(0, CoCount(a, b));
        }
    }

    [Fact]
    public void PlantedSequences_FollowInTheNextOrder()
    {
        var (shop, data) = ShopGenerator.Build(new ShopGeneratorOptions { Users = 1_000, Items = 300, Orders = 20_000, Seed = 3 });
        var b = data.Baskets;
        int triggered = 0, followed = 0, ordersWithFollow = 0, considered = 0;
        var (x, y) = shop.Sequences[0];
        for (int k = 0; k + 1 < b.Count; k++)
        {
            if (b.User[k] != b.User[k + 1])
                continue;
            considered++;
            if (b[k + 1].BinarySearch(y) >= 0)
                ordersWithFollow++;
            if (b[k].BinarySearch(x) < 0)
                continue;
            triggered++;
            if (b[k + 1].BinarySearch(y) >= 0)
                followed++;
        }
        Assert.True(triggered >= 10, $"trigger bought {triggered} times");
        double conditional = (double)followed / triggered, baseRate = (double)ordersWithFollow / considered;
        Assert.True(conditional > 0.4 && conditional > 20 * baseRate, $"P(follow|trigger) {conditional:0.000} vs base {baseRate:0.0000}");
    }

    [Fact]
    public void Interactions_AreChronologicalPerUser()
    {
        var (_, data) = ShopGenerator.Build(Small);
        var t = data.Interactions;
        for (int r = 1; r < t.Count; r++)
            if (t.User[r] == t.User[r - 1])
                Assert.True(t.Time[r] >= t.Time[r - 1], $"row {r}");
    }

    [Fact]
    public void InvalidOptions_NameTheField()
    {
        var e = Assert.Throws<DataException>(() => SyntheticShop.Create(Small with { Items = 2 }));
        Assert.Equal("items", e.Field);
        e = Assert.Throws<DataException>(() => SyntheticShop.Create(Small with { BundleRate = 1.5 }));
        Assert.Equal("bundle_rate", e.Field);
    }

    [Fact]
    public void A_cancelled_run_leaves_the_folder_as_it_was_or_absent_and_no_staging_folder()
    {
        var dir = Path.Combine(_root, "kept");
        ShopGenerator.Generate(Small, dir);
        var before = Files.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(dir, f)));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => ShopGenerator.Generate(Small with { Seed = 12 }, dir, cancellation: cancelled.Token));
        foreach (var (file, bytes) in before)
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(dir, file)));
        var absent = Path.Combine(_root, "absent");
        Assert.ThrowsAny<OperationCanceledException>(() => ShopGenerator.Generate(Small, absent, cancellation: cancelled.Token));
        Assert.False(Directory.Exists(absent));
        Assert.Empty(Directory.GetDirectories(_root, ".*staging-*"));
    }

    [Fact]
    public void OutPathThatIsAFile_IsAUserError()
    {
        Directory.CreateDirectory(_root);
        var file = Path.Combine(_root, "file.txt");
        File.WriteAllText(file, "x");
        Assert.Throws<DataException>(() => ShopGenerator.Generate(Small, file));
    }
}
