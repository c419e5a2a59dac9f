using System.Diagnostics;
using System.Text.Json.Nodes;
using BundleForge.Bundles;
using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Pricing;
using BundleForge.Bundles.Strategy;
using BundleForge.Data;
using BundleForge.Evaluation.Synthetic;
using Xunit.Abstractions;

namespace BundleForge.Core.Tests.Bundles.Strategy;

/// <summary>Mutated strategies (random edits of the JSON text and of its values: huge numbers, NaN-like strings,
/// 1e400, deep nesting, duplicate keys, oversized lists) are either refused with a one-line <see cref="DataException"/>
/// or accepted; an accepted one must build an engine and answer requests within the deadline without any exception,
/// with at most <see cref="MarketStrategy.MaxPriceSteps"/> + 1 price points per quote. Seeded: the same cases every
/// run (docs/RELIABILITY.md).</summary>
public class StrategyFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void MutatedStrategies_AreRefusedOrServed_NeverCrashOrHang()
    {
        int cases = Fuzz.Cases(300), seed = Fuzz.Seed(20);
        var tally = new Fuzz.Tally("strategy fuzz");
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < cases; i++)
        {
            // Not HashCode.Combine: it is salted per process, and the cases must be the same every run.
            var rng = new Random(unchecked(seed * 1_000_003 + i));
            long start = Stopwatch.GetTimestamp();
            var (json, what) = Mutant(rng);
            string description = $"case {i} (seed {seed}: {what})";
            MarketStrategy? parsed = null;
            var (outcome, error) = Fuzz.Bounded(() => parsed = MarketStrategy.Parse(json, "fuzz.json"), Deadline);
            if (outcome == Fuzz.Outcome.Refused)
            {
                // The refusal is one line that names the file (the CLI prints it after "error: ").
                if (error!.Message.Contains('\n') || error.Message.Contains('\r') || !error.Message.StartsWith("fuzz.json", StringComparison.Ordinal))
                    outcome = Broken(ref error, $"refusal is not one line naming the file: {error.Message}");
            }
            else if (outcome == Fuzz.Outcome.Accepted)
            {
                // An accepted strategy must be usable: an engine is built and answers within the deadline.
                Stats stats = default;
                (outcome, error) = Fuzz.Bounded(() => stats = Exercise(parsed!), Deadline);
                if (outcome == Fuzz.Outcome.Refused)
                    outcome = Broken(ref error, $"accepted, then refused by the engine: {error!.Message}");
                else if (outcome == Fuzz.Outcome.Accepted && stats.MaxCurve > MarketStrategy.MaxPriceSteps + 1)
                    outcome = Broken(ref error, $"{stats.MaxCurve} price points in a quote");
                else if (outcome == Fuzz.Outcome.Accepted && MarketStrategy.Parse(parsed!.ToJson()).ToJson() != parsed.ToJson())
                    outcome = Broken(ref error, "does not round-trip through ToJson");
            }
            tally.Add(outcome, description, error);
            if (Fuzz.Verbose)
                output.WriteLine($"{description}: {outcome} in {Stopwatch.GetElapsedTime(start).TotalMilliseconds:0} ms {error?.Message}");
        }
        output.WriteLine($"{tally} ({sw.Elapsed.TotalSeconds:0.0} s)");
        Assert.True(tally.Clean, tally.ToString());
        // The generator must keep producing both kinds, or the suite tests less than it claims.
        Assert.True(tally.Refused > cases / 20 && tally.Accepted > cases / 20, tally.ToString());
    }

    [Fact]
    public void StrategyAtEveryLimit_IsAccepted_AndBuildsAnEngineQuickly()
    {
        var s = MarketStrategy.Parse(AtTheLimits());
        Assert.Equal(MarketStrategy.MaxBundlesPerRequest, s.BundlesPerRequest);
        var sw = Stopwatch.StartNew();
        var stats = Exercise(s);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20), $"took {sw.Elapsed}");
        Assert.InRange(stats.MaxCurve, 0, MarketStrategy.MaxPriceSteps + 1);
    }

    private static Fuzz.Outcome Broken(ref Exception? error, string what)
    {
        error = new InvalidOperationException(what);
        return Fuzz.Outcome.Crash;
    }

    internal readonly record struct Stats(int Offers, int MaxCurve);

    private sealed record Shop(Dataset Data, CooccurrencePairScorer Pairs, string[] Categories, string[] TopCategories);

    private static readonly Lazy<Shop> SmallShop = new(() =>
    {
        var (_, data) = ShopGenerator.Build(new ShopGeneratorOptions { Users = 300, Items = 120, Orders = 3_000, Seed = 7 });
        var pairs = CooccurrencePairScorer.Build(data.Baskets, data.Items.Count, data.Items);
        var categories = data.Items.Categories.Where(c => !string.IsNullOrEmpty(c)).Select(c => c!).Distinct().ToArray();
        return new Shop(data, pairs, categories, categories.Select(CategoryPath.TopLevel).Distinct().ToArray());
    });

    /// <summary>Builds an engine under <paramref name="strategy"/> on a small generated shop and asks it for bundles
    /// (three users and an anonymous visitor) and one price; returns what it offered and the longest price curve.</summary>
    internal static Stats Exercise(MarketStrategy strategy)
    {
        var shop = SmallShop.Value;
        var data = shop.Data;
        var sources = new ICandidateSource[]
        {
            new ComplementCandidateSource(shop.Pairs),
            new ProfileCandidateSource(data.Items, shop.Pairs.ItemCounts),
            new PopularityCandidateSource(shop.Pairs.ItemCounts),
        };
        var organic = new PopularityOrganicDemand(shop.Pairs.ItemCounts.ToArray(), shop.Pairs.BasketCount);
        var engine = new BundleEngine(data.Items, sources, shop.Pairs, strategy, new AcceptanceModel(), organic, seed: 3);
        int offers = 0, maxCurve = 0;
        foreach (var user in new[] { UserContext.Anonymous, UserContext.FromDataset(data, 0), UserContext.FromDataset(data, 1), UserContext.FromDataset(data, 2) })
            foreach (var o in engine.Recommend(user))
            {
                offers++;
                maxCurve = Math.Max(maxCurve, o.Quote.Curve.Count);
            }
        var quote = engine.Price([0, 1, 2], UserContext.Anonymous).Quote;
        return new Stats(offers, Math.Max(maxCurve, quote.Curve.Count));
    }

    /// <summary>A valid strategy with every list and number at its limit: the most work a strategy may cause.</summary>
    internal static string AtTheLimits()
    {
        var shop = SmallShop.Value;
        // 64 category names for the pair rules, the shop's own top levels first so the rules match real items.
        var names = shop.TopCategories.Concat(Enumerable.Range(0, 64).Select(i => $"Fake{i}")).Take(MarketStrategy.MaxPairCategories).ToArray();
        var pairs = new JsonArray();
        for (int k = 0; pairs.Count < MarketStrategy.MaxCategoryPairs; k++)
            pairs.Add(new JsonArray(names[k % names.Length], names[(k * 7 + 1) % names.Length]));
        var allowed = new JsonArray();
        foreach (var a in shop.TopCategories)
            foreach (var b in shop.TopCategories)
                if (allowed.Count < MarketStrategy.MaxCategoryPairs)
                    allowed.Add(new JsonArray(a, b));
        while (allowed.Count < MarketStrategy.MaxCategoryPairs)
            allowed.Add(new JsonArray(names[allowed.Count % names.Length], names[0]));
        var itemBoosts = new JsonObject();
        for (int i = 0; i < MarketStrategy.MaxItemRules; i++)
            itemBoosts[i < shop.Data.Items.Count ? shop.Data.Items.Ids[i] : $"NoSuchItem{i}"] = 1 + i % 3;
        var categoryBoosts = new JsonObject();
        foreach (var c in shop.Categories.Concat(Enumerable.Range(0, MarketStrategy.MaxCategoryRules).Select(i => $"Nope{i}")).Take(MarketStrategy.MaxCategoryRules))
            categoryBoosts[c] = 1.01;
        var o = new JsonObject
        {
            ["margin_floor"] = 0,
            ["max_discount"] = 0.95,
            ["discount_step"] = 0.95 / MarketStrategy.MaxPriceSteps,
            ["price_ending"] = 0.99,
            ["bundle_size"] = new JsonObject { ["min"] = 2, ["max"] = 10 },
            ["bundles_per_request"] = MarketStrategy.MaxBundlesPerRequest,
            ["stock"] = new JsonObject { ["min_units"] = 0, ["overstock_units"] = 1, ["overstock_extra_discount"] = 0.5 },
            ["categories"] = new JsonObject { ["one_per_category"] = false, ["level"] = 20, ["forbidden_pairs"] = pairs, ["allowed_pairs"] = allowed },
            ["boosts"] = new JsonObject { ["items"] = itemBoosts, ["categories"] = categoryBoosts },
            ["blocks"] = new JsonObject
            {
                ["items"] = new JsonArray(Enumerable.Range(0, MarketStrategy.MaxItemRules).Select(i => (JsonNode?)JsonValue.Create($"Blocked{i}")).ToArray()),
                ["categories"] = new JsonArray(Enumerable.Range(0, MarketStrategy.MaxCategoryRules).Select(i => (JsonNode?)JsonValue.Create($"Nowhere{i}")).ToArray()),
            },
            ["exploration"] = true,
            ["exploration_period_hours"] = MarketStrategy.MaxExplorationPeriodHours,
            ["min_discount"] = 0,
            ["min_expected_profit"] = 0,
            ["quantity_bundles"] = false,
            ["currency"] = "CHF",
        };
        return o.ToJsonString();
    }

    private const string Documented = """
        {
          "margin_floor": 0.15, "max_discount": 0.30, "discount_step": 0.05, "price_ending": 0.99,
          "bundle_size": { "min": 2, "max": 3 }, "bundles_per_request": 3,
          "stock": { "min_units": 1, "overstock_units": 0, "overstock_extra_discount": 0.0 },
          "categories": { "one_per_category": true, "level": 0, "forbidden_pairs": [["Food", "Cleaning"]], "allowed_pairs": [] },
          "boosts": { "items": { "SKU-123": 1.5 }, "categories": { "Kitchen>Coffee": 1.2 } },
          "blocks": { "items": ["GIFT-CARD"], "categories": ["Clearance"] },
          "exploration": true, "exploration_period_hours": 24, "min_discount": 0.05, "min_expected_profit": 0, "quantity_bundles": false,
          "currency": "£"
        }
        """;

    private static readonly Lazy<string> Limits = new(AtTheLimits);

    /// <summary>Every path the documented shape has, plus a few that it has not.</summary>
    private static readonly string[] Paths =
    [
        "margin_floor", "max_discount", "discount_step", "price_ending", "bundle_size.min", "bundle_size.max", "bundles_per_request",
        "stock.min_units", "stock.overstock_units", "stock.overstock_extra_discount", "categories.one_per_category", "categories.level",
        "categories.forbidden_pairs", "categories.allowed_pairs", "boosts.items", "boosts.categories", "blocks.items", "blocks.categories",
        "exploration", "exploration_period_hours", "min_discount", "min_expected_profit", "quantity_bundles", "currency", "bundle_size", "stock", "categories", "boosts", "blocks", "boosts.items.SKU-123", "margin_flor", "", "\u0000",
    ];

    /// <summary>Raw JSON texts no <see cref="JsonNode"/> can hold: numbers beyond double, deep nesting, duplicate keys.</summary>
    private static readonly string[] RawValues =
    [
        "1e400", "-1e400", "1e-400", "123456789012345678901234567890", "-0", "0.0000000001", "1E+308", "4.9e-324", "2147483648", "-2147483649",
        new string('[', 20) + new string(']', 20), new string('[', 70) + new string(']', 70), new string('{', 5) + new string('}', 5),
        "{\"min\": 2, \"min\": 3}", "\"\\uD800\"", "{\"\\uDC00\": 1}", "{\"items\": {\"A\": 1, \"A\": 2}}", "[[\"A\",\"B\"],[\"A\",\"B\"]]", "{\"a\": 1, \"a\": 1}",
    ];

    private static JsonNode? RandomValue(Random rng) => rng.Next(16) switch
    {
        // Plausible values first (within or near the documented ranges), so that many mutants are accepted and go on
        // to build an engine.
        12 or 13 => JsonValue.Create(Math.Round(rng.NextDouble() * 1.1 - 0.05, rng.Next(1, 6))),
        14 => JsonValue.Create(rng.Next(-1, 25)),
        15 => JsonValue.Create(rng.Next(2) == 0 ? "EUR" : "Kitchen"),
        0 => JsonValue.Create(new double[] { 0, -1, 1, 0.5, 1e-9, 1e-300, 1e308, double.Epsilon, 0.95, 0.96, 0.001, 0.00475, 0.0047 }[rng.Next(13)]),
        1 => JsonValue.Create(new long[] { 0, -1, 1, 2, 10, 11, 20, 21, 64, 65, 200, 256, 257, int.MaxValue, (long)int.MaxValue + 1, long.MaxValue }[rng.Next(16)]),
        2 => JsonValue.Create(new[] { "NaN", "Infinity", "-Infinity", "1e400", "", " ", "\u0000", "£", "EUR", "a\nb", "\"", "\\", "0.1", "true", "null" }[rng.Next(15)]),
        3 => JsonValue.Create(new string((char)rng.Next(32, 0x2FFF), rng.Next(1, 600))),
        4 => null,
        5 => JsonValue.Create(rng.Next(2) == 0),
        6 => new JsonArray(),
        7 => new JsonObject(),
        8 => new JsonArray(Enumerable.Range(0, new[] { 1, 2, 3, 64, 65, 256, 257, 1000, 100_001 }[rng.Next(9)])
            .Select(i => (JsonNode?)(rng.Next(3) == 0 ? new JsonArray($"C{i % 70}", $"C{(i + 1) % 70}") : JsonValue.Create($"X{i}"))).ToArray()),
        9 => ObjectOf(rng, new[] { 1, 5, 256, 257, 100_001 }[rng.Next(5)]),
        10 => JsonValue.Create(rng.NextDouble() * Math.Pow(10, rng.Next(-12, 12))),
        _ => new JsonArray(JsonValue.Create("A"), rng.Next(3) == 0 ? JsonValue.Create(3) : JsonValue.Create("B")),
    };

    private static readonly string[] CategoryNames =
        [.. new[] { "Home", "Kitchen", "Office", "Electronics", "Toys", "Garden", "Kitchen>Coffee", "Home>Decor" }, .. Enumerable.Range(0, 70).Select(i => $"C{i}")];

    /// <summary>A value of the field's own kind, near or beyond its limits, so that about half of such edits are
    /// accepted and the engine runs under them.</summary>
    private static JsonNode? Plausible(Random rng, string path)
    {
        int[] counts = [0, 1, 3, 40, 256, 257];
        string Name() => CategoryNames[rng.Next(CategoryNames.Length)];
        switch (path)
        {
            case "margin_floor" or "max_discount" or "price_ending" or "stock.overstock_extra_discount" or "min_discount":
                return JsonValue.Create(Math.Round(rng.NextDouble() * 1.02, rng.Next(1, 5)));
            case "discount_step":
                return JsonValue.Create(new[] { 0, 0.0009, 0.001, 0.004, 0.00475, 0.005, 0.01, 0.05, 0.1, 0.2, 0.5, 0.51 }[rng.Next(12)]);
            case "bundle_size.min" or "bundle_size.max":
                return JsonValue.Create(rng.Next(1, 12));
            case "bundles_per_request":
                return JsonValue.Create(rng.Next(0, 13));
            case "stock.min_units" or "stock.overstock_units":
                return JsonValue.Create(rng.Next(-1, 400));
            case "categories.level":
                return JsonValue.Create(rng.Next(-1, 22));
            case "min_expected_profit":
                return JsonValue.Create(new[] { -1, 0, 0.01, 0.5, 5, 1e6, 1.5e6 }[rng.Next(7)]);
            case "exploration_period_hours":
                return JsonValue.Create(rng.Next(-1, 9000));
            case "categories.one_per_category" or "exploration" or "quantity_bundles":
                return JsonValue.Create(rng.Next(2) == 0);
            case "currency":
                return new[] { JsonValue.Create("EUR"), JsonValue.Create("£"), JsonValue.Create("CHF"), JsonValue.Create("EURO12"), null }[rng.Next(5)];
            case "categories.forbidden_pairs" or "categories.allowed_pairs":
                return new JsonArray(Enumerable.Range(0, counts[rng.Next(counts.Length)]).Select(_ => (JsonNode?)new JsonArray(Name(), Name())).ToArray());
            case "boosts.items" or "boosts.categories":
                var o = new JsonObject();
                for (int k = counts[rng.Next(counts.Length)]; o.Count < k;)
                    o[$"{Name()}{o.Count}"] = Math.Round(rng.NextDouble() * 110, 2);
                return o;
            case "blocks.items" or "blocks.categories":
                return new JsonArray(Enumerable.Range(0, counts[rng.Next(counts.Length)]).Select(_ => (JsonNode?)JsonValue.Create(Name())).ToArray());
            default:
                return RandomValue(rng);
        }
    }

    private static JsonObject ObjectOf(Random rng, int n)
    {
        var o = new JsonObject();
        for (int i = 0; i < n; i++)
            o[$"K{i}"] = rng.Next(4) == 0 ? JsonValue.Create("x") : JsonValue.Create(rng.NextDouble() * 120);
        return o;
    }

    /// <summary>A mutated strategy and a short description of what was done to it.</summary>
    private static (string Json, string What) Mutant(Random rng)
    {
        int pick = rng.Next(100);
        string baseName = pick < 5 ? "limits" : pick < 15 ? "empty" : "documented";
        string text = baseName switch { "limits" => Limits.Value, "empty" => "{}", _ => Documented };
        var what = new List<string> { baseName };
        int r = rng.Next(10), edits = r < 7 ? 1 : r < 9 ? 2 : 3;
        for (int e = 0; e < edits; e++)
        {
            if (rng.Next(10) < 7)
            {
                // JsonNode refuses some earlier mutants (duplicate keys, half surrogates) lazily: edit their text instead.
                try
                { text = EditValue(rng, text, what); }
                catch (Exception x) when (x is ArgumentException or InvalidOperationException) { text = EditText(rng, text, what); }
            }
            else
                text = EditText(rng, text, what);
        }
        return (text, string.Join(", ", what));
    }

    /// <summary>Sets a field (known or not) to a random value, possibly a raw text no JsonNode can hold.</summary>
    private static string EditValue(Random rng, string text, List<string> what)
    {
        JsonNode? root;
        try
        { root = JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 256 }); }
        catch (System.Text.Json.JsonException) { return EditText(rng, text, what); }
        if (root is not JsonObject obj)
            return EditText(rng, text, what);
        string path = Paths[rng.Next(Paths.Length)];
        var parts = path.Split('.', 3);
        JsonObject target = obj;
        for (int k = 0; k < parts.Length - 1; k++)
        {
            if (target[parts[k]] is not JsonObject child)
            { child = new JsonObject(); target[parts[k]] = child; }
            target = child;
        }
        string raw = rng.Next(4) == 0 ? RawValues[rng.Next(RawValues.Length)] : null!;
        const string Placeholder = "@@raw@@";
        target[parts[^1]] = raw is not null ? JsonValue.Create(Placeholder) : rng.Next(3) < 2 ? Plausible(rng, path) : RandomValue(rng);
        what.Add($"{path}={(raw ?? "value")[..Math.Min(20, (raw ?? "value").Length)]}");
        var json = obj.ToJsonString();
        return raw is null ? json : json.Replace($"\"{Placeholder}\"", raw);
    }

    private static readonly string[] Tokens =
        ["{", "}", "[", "]", ",", ":", "\"", "\\", "1e400", "NaN", "null", "-0", "\\u0000", "/*", "//", "\n", "\"margin_floor\": 0.2,", "\"boosts\": {},", "\uFEFF", "\u00e9", "\\uD800", "\\uDFFF\\uD800"];

    /// <summary>Edits the text itself: flips, cuts, duplicates or inserts.</summary>
    private static string EditText(Random rng, string text, List<string> what)
    {
        if (text.Length == 0)
            return Tokens[rng.Next(Tokens.Length)];
        int at = rng.Next(text.Length);
        switch (rng.Next(6))
        {
            case 0:
                what.Add($"flip@{at}");
                var chars = text.ToCharArray();
                chars[at] = (char)(chars[at] ^ (1 << rng.Next(7)));
                return new string(chars);
            case 1:
                what.Add($"cut@{at}");
                return text[..at];
            case 2:
                int len = Math.Min(text.Length - at, 1 + rng.Next(40));
                what.Add($"delete@{at}+{len}");
                return text.Remove(at, len);
            case 3:
                int dl = Math.Min(text.Length - at, 1 + rng.Next(200));
                what.Add($"duplicate@{at}+{dl}");
                return text.Insert(at, text.Substring(at, dl));
            case 4:
                // A duplicate of the first key of the document, right after its opening brace.
                int brace = text.IndexOf('{');
                int q1 = text.IndexOf('"', brace + 1), q2 = q1 < 0 ? -1 : text.IndexOf('"', q1 + 1);
                if (brace < 0 || q2 < 0)
                    goto default;
                what.Add("duplicate key");
                return text.Insert(brace + 1, text[q1..(q2 + 1)] + ": 0.1, ");
            default:
                string token = Tokens[rng.Next(Tokens.Length)];
                what.Add($"insert@{at} {token.Trim()}");
                return text.Insert(at, token);
        }
    }
}
