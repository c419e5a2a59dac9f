using System.Text.Json;
using BundleForge.Artifacts;
using BundleForge.Mining;

namespace BundleForge.Cli.Tests.Mining;

[Collection("console")]
public sealed class MiningCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"bf-mine-cli-{Guid.NewGuid():N}");
    private readonly string _fimi;

    public MiningCommandTests()
    {
        Directory.CreateDirectory(_dir);
        _fimi = Path.Combine(_dir, "shop.dat");
        // Item ids are sparse on purpose so that output must map dense ids back to them.
        var rng = new Random(3);
        var lines = new List<string>();
        for (int b = 0; b < 400; b++)
        {
            var items = new List<int>();
            if (b % 4 == 0)
                items.AddRange([100, 200]);          // planted pair
            if (b % 3 == 0)
                items.Add(300);
            for (int k = rng.Next(4); k > 0; k--)
                items.Add(1000 + rng.Next(12));
            lines.Add(string.Join(' ', items));
        }
        lines.Add("");       // an empty basket
        lines.Add("7 7 8");  // a duplicate inside a basket
        File.WriteAllLines(_fimi, lines);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, true);
    }

    [Fact]
    public void MineReportsCountsAndStreamsItemsetsWithOriginalIds()
    {
        var itemsets = Path.Combine(_dir, "itemsets.txt");
        var rules = Path.Combine(_dir, "rules.txt");
        var (exit, stdout, stderr) = CliRunner.Run("mine", "--data", _fimi, "--format", "fimi", "--min-support", "0.05",
            "--min-confidence", "0.5", "--itemsets-out", itemsets, "--rules-out", rules, "--json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(402, root.GetProperty("transactions").GetInt32());
        Assert.Equal(21, root.GetProperty("min_count").GetInt32()); // ceil(0.05 × 402) = ceil(20.1)
        long found = root.GetProperty("itemsets").GetInt64();
        var lines = File.ReadAllLines(itemsets);
        Assert.Equal(found, lines.Length);
        Assert.Contains(lines, l => l is "100 200 #SUP: 100" or "200 100 #SUP: 100");
        Assert.All(lines, l => Assert.Matches(@"^\d+( \d+)* #SUP: \d+$", l));
        Assert.True(root.GetProperty("rules").GetInt32() > 0);
        Assert.Equal(root.GetProperty("rules").GetInt32(), File.ReadAllLines(rules).Length);
        Assert.Contains(File.ReadAllLines(rules), l => l.StartsWith("100 ==> 200 #SUP: 100 #CONF: 1 "));

        // Against an independent brute-force count over the same file: exactly the frequent itemsets, with their
        // supports, and exactly the rules of confidence >= 0.5 with their support, confidence and lift.
        var baskets = ReadBaskets(_fimi);
        var expected = FrequentItemsetsByBruteForce(baskets, minCount: 21);
        Assert.Equal(expected, ParseItemsets(lines));
        Assert.Equal(expected.Count, found);
        Assert.Equal(17, root.GetProperty("items").GetInt32());
        Assert.Equal(expected.Keys.Count(k => !k.Contains(' ')), root.GetProperty("frequent_items").GetInt32());
        Assert.Equal(expected.Keys.Max(k => k.Split(' ').Length), root.GetProperty("longest_itemset").GetInt32());
        var bySize = root.GetProperty("itemsets_by_size").EnumerateObject().ToDictionary(p => int.Parse(p.Name), p => p.Value.GetInt64());
        Assert.Equal(expected.Keys.GroupBy(k => k.Split(' ').Length).ToDictionary(g => g.Key, g => (long)g.Count()), bySize);

        var expectedRules = RulesByBruteForce(expected, baskets.Count, minConfidence: 0.5);
        var minedRules = ParseRules(File.ReadAllLines(rules));
        Assert.Equal(expectedRules.Keys.Order(), minedRules.Keys.Order());
        foreach (var (rule, (sup, conf, lift)) in expectedRules)
        {
            var mined = minedRules[rule];
            Assert.Equal(sup, mined.Support);
            Assert.Equal(conf, mined.Confidence, 1e-6); // the file rounds to 6 decimals
            Assert.Equal(lift, mined.Lift, 1e-6);
        }

        var apriori = Path.Combine(_dir, "apriori.txt");
        var (exit2, stdout2, _) = CliRunner.Run("mine", "--data", _fimi, "--format", "fimi", "--min-support", "0.05", "--algorithm", "apriori",
            "--itemsets-out", apriori, "--json");
        Assert.Equal(0, exit2);
        using var doc2 = JsonDocument.Parse(stdout2);
        Assert.Equal(found, doc2.RootElement.GetProperty("itemsets").GetInt64());
        Assert.Equal(expected, ParseItemsets(File.ReadAllLines(apriori)));
        Assert.Equal(JsonValueKind.Null, doc2.RootElement.GetProperty("rules").ValueKind);
    }

    private static List<HashSet<int>> ReadBaskets(string fimi) =>
        File.ReadAllLines(fimi).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToHashSet()).ToList();

    private static string Key(IEnumerable<int> items) => string.Join(' ', items.Order());

    /// <summary>Every non-empty subset of every basket, counted; those in at least <paramref name="minCount"/> baskets.</summary>
    private static Dictionary<string, int> FrequentItemsetsByBruteForce(List<HashSet<int>> baskets, int minCount)
    {
        var counts = new Dictionary<string, int>();
        foreach (var basket in baskets)
        {
            var items = basket.Order().ToArray();
            for (int mask = 1; mask < 1 << items.Length; mask++)
            {
                var key = Key(items.Where((_, j) => (mask >> j & 1) != 0));
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }
        return counts.Where(kv => kv.Value >= minCount).ToDictionary();
    }

    /// <summary>Every split of every frequent itemset into antecedent ==> consequent with enough confidence.</summary>
    private static Dictionary<string, (int Support, double Confidence, double Lift)> RulesByBruteForce(
        Dictionary<string, int> frequent, int transactions, double minConfidence)
    {
        var rules = new Dictionary<string, (int, double, double)>();
        foreach (var (key, support) in frequent)
        {
            var items = key.Split(' ').Select(int.Parse).ToArray();
            for (int mask = 1; mask < (1 << items.Length) - 1; mask++)
            {
                var consequent = Key(items.Where((_, j) => (mask >> j & 1) != 0));
                var antecedent = Key(items.Where((_, j) => (mask >> j & 1) == 0));
                double confidence = (double)support / frequent[antecedent];
                if (confidence < minConfidence)
                    continue;
                rules[antecedent + " ==> " + consequent] = (support, confidence, confidence / ((double)frequent[consequent] / transactions));
            }
        }
        return rules;
    }

    private static Dictionary<string, int> ParseItemsets(IEnumerable<string> lines) =>
        lines.Select(l => l.Split(" #SUP: ")).ToDictionary(p => Key(p[0].Split(' ').Select(int.Parse)), p => int.Parse(p[1]));

    private static Dictionary<string, (int Support, double Confidence, double Lift)> ParseRules(IEnumerable<string> lines)
    {
        var result = new Dictionary<string, (int, double, double)>();
        foreach (var line in lines)
        {
            var m = System.Text.RegularExpressions.Regex.Match(line, @"^(.+) ==> (.+) #SUP: (\d+) #CONF: (\S+) #LIFT: (\S+) ");
            Assert.True(m.Success, line);
            var key = Key(m.Groups[1].Value.Split(' ').Select(int.Parse)) + " ==> " + Key(m.Groups[2].Value.Split(' ').Select(int.Parse));
            Assert.True(result.TryAdd(key, (int.Parse(m.Groups[3].Value), double.Parse(m.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture),
                double.Parse(m.Groups[5].Value, System.Globalization.CultureInfo.InvariantCulture))), "duplicate rule " + key);
        }
        return result;
    }

    [Theory]
    [InlineData("--min-support", "0")]
    [InlineData("--min-support", "1.5")]
    [InlineData("--min-support", "-0.2")]
    [InlineData("--min-count", "0")]
    public void BadSupportIsAUserErrorWithOneLine(string option, string value)
    {
        var (exit, stdout, stderr) = CliRunner.Run("mine", "--data", _fimi, "--format", "fimi", option, value, "--json");
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("error:", stderr.Trim());
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void MemoryGuardIsAUserErrorNamingAHigherSupport()
    {
        // Three identical baskets of 18 items: 2^18 itemsets to keep for rules, far past 1 MB.
        var wide = Path.Combine(_dir, "wide.dat");
        File.WriteAllLines(wide, Enumerable.Repeat(string.Join(' ', Enumerable.Range(1, 18)), 3));
        var (exit, stdout, stderr) = CliRunner.Run("mine", "--data", wide, "--format", "fimi", "--min-count", "2", "--min-confidence", "0", "--max-memory-mb", "1", "--json");
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("--min-support", stderr);
    }

    [Fact]
    public void EmptyInputIsAUserError()
    {
        var empty = Path.Combine(_dir, "empty.dat");
        File.WriteAllText(empty, "");
        var (exit, _, stderr) = CliRunner.Run("mine", "--data", empty, "--format", "fimi", "--min-support", "0.1");
        Assert.Equal(2, exit);
        Assert.Contains("no baskets", stderr);
    }

    [Fact]
    public void FbtRanksThePlantedComplementAndExcludesTheCart()
    {
        var (exit, stdout, stderr) = CliRunner.Run("fbt", "--data", _fimi, "--format", "fimi", "--item", "100", "-k", "5", "--json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var results = doc.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal("200", results[0].GetProperty("item").GetString());
        Assert.Equal(100, results[0].GetProperty("co_purchases").GetInt32());
        Assert.Equal(1.0, results[0].GetProperty("confidence").GetDouble());
        Assert.DoesNotContain(results, r => r.GetProperty("item").GetString() == "100");

        var (exit2, stdout2, _) = CliRunner.Run("fbt", "--data", _fimi, "--format", "fimi", "--item", "100", "--cart", "200,300", "-k", "20", "--mode", "relaxed", "--json");
        Assert.Equal(0, exit2);
        using var doc2 = JsonDocument.Parse(stdout2);
        var items = doc2.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("item").GetString()).ToList();
        Assert.Equal(14, items.Count); // every other item of the shop's 17
        Assert.DoesNotContain("100", items);
        Assert.DoesNotContain("200", items);
        Assert.DoesNotContain("300", items);
        Assert.Contains(doc2.RootElement.GetProperty("results").EnumerateArray(), r => r.GetProperty("source").GetString() == "fallback-popularity");
    }

    [Fact]
    public void FbtUnknownItemIsAUserError()
    {
        var (exit, _, stderr) = CliRunner.Run("fbt", "--data", _fimi, "--format", "fimi", "--item", "999999");
        Assert.Equal(2, exit);
        Assert.Contains("Unknown item id '999999'", stderr);
    }

    [Fact]
    public void TrainRulesWritesAComponentThatServesFbtWithoutReMining()
    {
        var model = Path.Combine(_dir, "model");
        var (exit, stdout, stderr) = CliRunner.Run("train", "--data", _fimi, "--format", "fimi", "--out", model, "--models", "rules", "--min-count", "10", "--min-confidence", "0.2", "--json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.GetProperty("models").GetProperty("rules").GetProperty("rules").GetInt32() > 0);
        var loaded = RulesModel.Load(ModelReader.Open(model));
        int tent = Array.IndexOf(loaded.ItemIds, "100");
        var top = loaded.CreateFbt().Recommend([tent], 3, FbtMode.Strict);
        Assert.Equal("200", loaded.ItemIds[top[0].Item]);
        Assert.All(loaded.Rules, r => Assert.True(r.Confidence >= 0.2 && r.Count >= 10));

        // fbt serves from the model folder: same answer as from the baskets, without them.
        var (exitModel, fromModel, errModel) = CliRunner.Run("fbt", "--model", model, "--item", "100", "-k", "3", "--json");
        Assert.True(exitModel == 0, errModel);
        var (_, fromData, _) = CliRunner.Run("fbt", "--data", _fimi, "--format", "fimi", "--item", "100", "-k", "3", "--json");
        static string[] Items(string json) => JsonDocument.Parse(json).RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("item").GetString()!).ToArray();
        Assert.Equal(Items(fromData), Items(fromModel));
        Assert.Equal("200", Items(fromModel)[0]);

        var (exitBoth, _, errBoth) = CliRunner.Run("fbt", "--model", model, "--data", _fimi, "--item", "100");
        Assert.Equal(2, exitBoth);
        Assert.Contains("either --data", errBoth);
        var (exitNone, _, _) = CliRunner.Run("fbt", "--item", "100");
        Assert.Equal(2, exitNone);
    }
}
