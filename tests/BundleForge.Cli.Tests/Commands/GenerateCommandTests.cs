using System.Diagnostics;
using System.Text.Json;

namespace BundleForge.Cli.Tests.Commands;

public sealed class GenerateCommandTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "bf-gen-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out))
            Directory.Delete(_out, recursive: true);
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "bundleforge.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Json_PrintsOneObjectWithTheCounts()
    {
        var (code, stdout, _) = Run("generate", "--out", _out, "--users", "50", "--items", "40", "--orders", "300", "--seed", "9", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(50, root.GetProperty("users").GetInt32());
        Assert.Equal(40, root.GetProperty("items").GetInt32());
        Assert.Equal(300, root.GetProperty("orders").GetInt64());
        long rows = root.GetProperty("interaction_rows").GetInt64();
        Assert.Equal(rows + 1, File.ReadLines(Path.Combine(_out, "interactions.csv")).Count());
        Assert.Equal(Path.GetFullPath(_out), root.GetProperty("out").GetString());

        // The files hold what was asked for and what the summary says.
        var shop = Shop.Read(_out);
        Assert.Equal(50, shop.Users.Count);
        Assert.Equal(40, shop.Items.Count);
        Assert.Equal(300, shop.Orders.Count);
        Assert.Equal(root.GetProperty("order_lines").GetInt64(), shop.Orders.Sum(o => o.Items.Count));
        Assert.Equal(rows, shop.Rows.Count);
        Assert.All(shop.Rows, r => Assert.Contains(r.User, shop.Users));
        Assert.All(shop.Rows, r => Assert.Contains(r.Item, shop.Items));
        Assert.All(shop.Rows, r => Assert.InRange(r.Time, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(root.GetProperty("bundles").GetInt32(), shop.Bundles.Count);
        Assert.Equal(root.GetProperty("substitutes").GetInt32(), shop.Substitutes.Count);
        Assert.Equal(root.GetProperty("sequence_pairs").GetInt32(), shop.Sequences.Count);
        Assert.Equal(root.GetProperty("bytes").GetInt64(), Shop.Files.Sum(f => new FileInfo(Path.Combine(_out, f)).Length));
    }

    [Fact]
    public void TheSameSeedGivesByteIdenticalFiles_AndAnotherSeedDoesNot()
    {
        string again = _out + "-again", other = _out + "-other";
        try
        {
            Assert.Equal(0, Run("generate", "--out", _out, "--users", "60", "--items", "50", "--orders", "400", "--seed", "9", "--json").Code);
            Assert.Equal(0, Run("generate", "--out", again, "--users", "60", "--items", "50", "--orders", "400", "--seed", "9", "--json").Code);
            Assert.Equal(0, Run("generate", "--out", other, "--users", "60", "--items", "50", "--orders", "400", "--seed", "10", "--json").Code);
            foreach (var f in Shop.Files)
                Assert.True(File.ReadAllBytes(Path.Combine(_out, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(again, f))), f + " differs for the same seed");
            Assert.False(File.ReadAllBytes(Path.Combine(_out, "interactions.csv")).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(other, "interactions.csv"))));
            Assert.False(File.ReadAllBytes(Path.Combine(_out, "users.csv")).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(other, "users.csv"))));
        }
        finally
        {
            foreach (var d in new[] { again, other })
                if (Directory.Exists(d))
                    Directory.Delete(d, recursive: true);
        }
    }

    [Fact]
    public void ThePlantedStructureIsInTheOrders()
    {
        Assert.Equal(0, Run("generate", "--out", _out, "--users", "300", "--items", "200", "--orders", "4000", "--seed", "5", "--json").Code);
        var shop = Shop.Read(_out);
        Assert.NotEmpty(shop.Bundles);
        Assert.NotEmpty(shop.Substitutes);
        Assert.NotEmpty(shop.Sequences);
        double orders = shop.Orders.Count;
        double Rate(string item) => shop.Orders.Count(o => o.Items.Contains(item)) / orders;

        // Planted bundles are bought whole far more often than their items' popularity alone explains.
        foreach (var bundle in shop.Bundles)
        {
            int whole = shop.Orders.Count(o => bundle.All(o.Items.Contains));
            double chance = bundle.Aggregate(orders, (acc, i) => acc * Rate(i));
            Assert.True(whole >= 20 && whole > 5 * chance, $"bundle {string.Join('+', bundle)}: {whole} whole orders, {chance:0.0} by chance");
        }

        // Planted substitutes are never in the same order.
        foreach (var (a, b) in shop.Substitutes)
            Assert.DoesNotContain(shop.Orders, o => o.Items.Contains(a) && o.Items.Contains(b));

        // A trigger's follow-up is often in the same user's next order, far more often than in orders at large.
        var next = shop.Orders.GroupBy(o => o.User).SelectMany(g => g.OrderBy(o => o.Id, StringComparer.Ordinal).Zip(g.OrderBy(o => o.Id, StringComparer.Ordinal).Skip(1))).ToList();
        foreach (var (trigger, follow) in shop.Sequences)
        {
            var after = next.Where(p => p.First.Items.Contains(trigger)).ToList();
            double followRate = after.Count(p => p.Second.Items.Contains(follow)) / (double)after.Count;
            Assert.True(after.Count >= 10 && followRate >= 0.3 && followRate > 5 * Rate(follow),
                $"{trigger} then {follow}: {followRate:P0} of {after.Count} next orders, {Rate(follow):P1} of all orders");
        }
    }

    /// <summary>The generated files, read independently of the generator's code.</summary>
    private sealed record Shop(
        HashSet<string> Users, HashSet<string> Items, List<(string User, string Item, DateTimeOffset Time)> Rows,
        List<(string Id, string User, HashSet<string> Items)> Orders, List<string[]> Bundles, List<(string A, string B)> Substitutes,
        List<(string Trigger, string Follow)> Sequences)
    {
        public static readonly string[] Files = ["interactions.csv", "items.csv", "users.csv", "ground_truth.csv", "substitutes.csv", "sequences.csv"];

        public static Shop Read(string dir)
        {
            List<string[]> Csv(string name, string header)
            {
                var lines = File.ReadAllLines(Path.Combine(dir, name));
                Assert.Equal(header, lines[0]);
                return lines.Skip(1).Select(l => l.Split(',')).ToList();
            }
            // Ids come first and contain no comma; titles may, so only the first field of items.csv is read.
            var users = Csv("users.csv", "user_id,segment,wtp_factor,price_sensitivity,activity,taste").Select(f => f[0]).ToList();
            var items = Csv("items.csv", "item_id,title,category,brand,price,cost,stock").Select(f => f[0]).ToList();
            Assert.Equal(users.Count, users.Distinct().Count());
            Assert.Equal(items.Count, items.Distinct().Count());
            var interactions = Csv("interactions.csv", "user_id,item_id,timestamp,order_id,event,quantity,price");
            var rows = interactions.Select(f => (f[0], f[1], DateTimeOffset.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture))).ToList();
            var orders = interactions.Where(f => f[4] == "purchase")
                .GroupBy(f => f[3])
                .Select(g =>
                {
                    Assert.Single(g.Select(f => f[0]).Distinct()); // one user per order
                    return (g.Key, g.First()[0], g.Select(f => f[1]).ToHashSet());
                }).ToList();
            Assert.All(interactions.Where(f => f[4] != "purchase"), f => Assert.Equal("", f[3]));
            var bundles = Csv("ground_truth.csv", "bundle_id,item_id").GroupBy(f => f[0]).Select(g => g.Select(f => f[1]).ToArray()).ToList();
            var substitutes = Csv("substitutes.csv", "item_id_a,item_id_b,category").Select(f => (f[0], f[1])).ToList();
            var sequences = Csv("sequences.csv", "trigger_item_id,follow_item_id,follow_rate").Select(f => (f[0], f[1])).ToList();
            foreach (var i in bundles.SelectMany(b => b).Concat(substitutes.SelectMany(s => new[] { s.Item1, s.Item2 })).Concat(sequences.SelectMany(s => new[] { s.Item1, s.Item2 })))
                Assert.Contains(i, items);
            return new Shop(users.ToHashSet(), items.ToHashSet(), rows, orders, bundles, substitutes, sequences);
        }
    }

    [Fact]
    public void InvalidSize_IsAUserErrorWithExitCode2()
    {
        var (code, stdout, stderr) = Run("generate", "--out", _out, "--items", "1", "--json");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("items", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }
}
