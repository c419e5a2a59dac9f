using System.Globalization;
using System.Text.Json;

namespace BundleForge.Bundles.Strategy;

/// <summary>The shop's rules for bundles and their prices (docs/STRATEGY.md). Load with <see cref="Load"/> or
/// <see cref="Parse"/>; every invalid value is a <see cref="DataException"/> naming the JSON field.</summary>
public sealed record MarketStrategy
{
    /// <summary>Lowest allowed bundle margin: (price − Σ cost) / price.</summary>
    public double MarginFloor { get; init; } = 0.15;
    /// <summary>Largest allowed discount off the sum of list prices (0.3 = 30%).</summary>
    public double MaxDiscount { get; init; } = 0.30;
    /// <summary>Discount grid step (0.05 = 0%, 5%, 10% ...); 0 means continuous (searched on a 0.5% grid).</summary>
    public double DiscountStep { get; init; } = 0.05;
    /// <summary>Price ending such as 0.99 (prices become X.99); null keeps prices to the cent.</summary>
    public double? PriceEnding { get; init; } = 0.99;
    public int MinBundleSize { get; init; } = 2;
    public int MaxBundleSize { get; init; } = 3;
    public int BundlesPerRequest { get; init; } = 3;
    /// <summary>Items with fewer units in stock are never bundled (unknown stock is allowed).</summary>
    public int MinStockUnits { get; init; } = 1;
    /// <summary>Items with at least this many units count as overstocked; 0 disables the rule.</summary>
    public int OverstockUnits { get; init; } = 0;
    /// <summary>Extra discount allowed on bundles that contain an overstocked item.</summary>
    public double OverstockExtraDiscount { get; init; } = 0.0;
    /// <summary>At most one item per category (at <see cref="CategoryLevel"/>) in a bundle.</summary>
    public bool OnePerCategory { get; init; } = true;
    /// <summary>Depth of the category path the one-per-category rule compares (0 = the full leaf path).</summary>
    public int CategoryLevel { get; init; } = 0;
    /// <summary>Category prefix pairs that must never meet in one bundle.</summary>
    public IReadOnlyList<(string A, string B)> ForbiddenCategoryPairs { get; init; } = [];
    /// <summary>When non-empty, every pair of items in a bundle must match one of these category prefix pairs.</summary>
    public IReadOnlyList<(string A, string B)> AllowedCategoryPairs { get; init; } = [];
    /// <summary>Item id → relevance multiplier.</summary>
    public IReadOnlyDictionary<string, double> ItemBoosts { get; init; } = new Dictionary<string, double>();
    /// <summary>Category prefix → relevance multiplier.</summary>
    public IReadOnlyDictionary<string, double> CategoryBoosts { get; init; } = new Dictionary<string, double>();
    public IReadOnlyList<string> BlockedItems { get; init; } = [];
    /// <summary>Category prefixes never bundled.</summary>
    public IReadOnlyList<string> BlockedCategories { get; init; } = [];
    /// <summary>Whether pricing explores with Thompson sampling (false: posterior means only).</summary>
    public bool Exploration { get; init; } = true;
    /// <summary>How prices are worded ("£", "€", "CHF"); null: the catalog's currency when known, else none.</summary>
    public string? Currency { get; init; }

    /// <summary>The defaults: 15% margin floor, at most 30% off in 5% steps, prices ending in .99, bundles of 2–3,
    /// three per request, one item per leaf category.</summary>
    public static MarketStrategy Default { get; } = new();

    /// <summary>The largest discount allowed for a bundle, counting the overstock allowance.</summary>
    public double MaxDiscountFor(bool hasOverstockedItem) =>
        Math.Min(0.95, MaxDiscount + (hasOverstockedItem ? OverstockExtraDiscount : 0));

    /// <summary>Reads and validates a strategy file.</summary>
    public static MarketStrategy Load(string path)
    {
        string text;
        try
        { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"cannot read the strategy file: {e.Message}", file: path, inner: e);
        }
        return Parse(text, path);
    }

    /// <summary>Parses and validates strategy JSON; unknown fields are errors so that typos do not pass silently.</summary>
    public static MarketStrategy Parse(string json, string? file = null)
    {
        JsonDocument doc;
        try
        { doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e)
        {
            throw new DataException($"not valid JSON: {e.Message}", file: file, line: e.LineNumber + 1, inner: e);
        }
        using (doc)
        {
            var r = new StrategyReader(file);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new DataException("must be a JSON object", file: file, field: "$");
            var d = Default;
            var s = d;
            foreach (var p in root.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "margin_floor":
                        s = s with { MarginFloor = r.Number(p.Value, "margin_floor", 0, 0.95) };
                        break;
                    case "max_discount":
                        s = s with { MaxDiscount = r.Number(p.Value, "max_discount", 0, 0.95) };
                        break;
                    case "discount_step":
                        s = s with { DiscountStep = r.Number(p.Value, "discount_step", 0, 0.5) };
                        break;
                    case "price_ending":
                        s = s with { PriceEnding = p.Value.ValueKind == JsonValueKind.Null ? null : r.Number(p.Value, "price_ending", 0, 0.99) };
                        break;
                    case "bundles_per_request":
                        s = s with { BundlesPerRequest = r.Integer(p.Value, "bundles_per_request", 1, 50) };
                        break;
                    case "exploration":
                        s = s with { Exploration = r.Boolean(p.Value, "exploration") };
                        break;
                    case "currency":
                        s = s with { Currency = p.Value.ValueKind == JsonValueKind.Null ? null : r.Currency(p.Value, "currency") };
                        break;
                    case "bundle_size":
                        r.Object(p.Value, "bundle_size");
                        foreach (var q in p.Value.EnumerateObject())
                            s = q.Name switch
                            {
                                "min" => s with { MinBundleSize = r.Integer(q.Value, "bundle_size.min", 2, 10) },
                                "max" => s with { MaxBundleSize = r.Integer(q.Value, "bundle_size.max", 2, 10) },
                                _ => throw r.Unknown("bundle_size." + q.Name),
                            };
                        break;
                    case "stock":
                        r.Object(p.Value, "stock");
                        foreach (var q in p.Value.EnumerateObject())
                            s = q.Name switch
                            {
                                "min_units" => s with { MinStockUnits = r.Integer(q.Value, "stock.min_units", 0, int.MaxValue) },
                                "overstock_units" => s with { OverstockUnits = r.Integer(q.Value, "stock.overstock_units", 0, int.MaxValue) },
                                "overstock_extra_discount" => s with { OverstockExtraDiscount = r.Number(q.Value, "stock.overstock_extra_discount", 0, 0.5) },
                                _ => throw r.Unknown("stock." + q.Name),
                            };
                        break;
                    case "categories":
                        r.Object(p.Value, "categories");
                        foreach (var q in p.Value.EnumerateObject())
                            s = q.Name switch
                            {
                                "one_per_category" => s with { OnePerCategory = r.Boolean(q.Value, "categories.one_per_category") },
                                "level" => s with { CategoryLevel = r.Integer(q.Value, "categories.level", 0, 20) },
                                "forbidden_pairs" => s with { ForbiddenCategoryPairs = r.Pairs(q.Value, "categories.forbidden_pairs") },
                                "allowed_pairs" => s with { AllowedCategoryPairs = r.Pairs(q.Value, "categories.allowed_pairs") },
                                _ => throw r.Unknown("categories." + q.Name),
                            };
                        break;
                    case "boosts":
                        r.Object(p.Value, "boosts");
                        foreach (var q in p.Value.EnumerateObject())
                            s = q.Name switch
                            {
                                "items" => s with { ItemBoosts = r.Factors(q.Value, "boosts.items") },
                                "categories" => s with { CategoryBoosts = r.Factors(q.Value, "boosts.categories") },
                                _ => throw r.Unknown("boosts." + q.Name),
                            };
                        break;
                    case "blocks":
                        r.Object(p.Value, "blocks");
                        foreach (var q in p.Value.EnumerateObject())
                            s = q.Name switch
                            {
                                "items" => s with { BlockedItems = r.Strings(q.Value, "blocks.items") },
                                "categories" => s with { BlockedCategories = r.Strings(q.Value, "blocks.categories") },
                                _ => throw r.Unknown("blocks." + q.Name),
                            };
                        break;
                    default:
                        throw r.Unknown(p.Name);
                }
            }
            s.Validate(file);
            return s;
        }
    }

    /// <summary>Checks the rules that involve more than one field.</summary>
    public void Validate(string? file = null)
    {
        if (MinBundleSize > MaxBundleSize)
            throw new DataException($"min ({MinBundleSize}) is larger than max ({MaxBundleSize})", file: file, field: "bundle_size.min");
        if (DiscountStep > 0 && DiscountStep > MaxDiscount && MaxDiscount > 0)
            throw new DataException($"step {DiscountStep} is larger than max_discount {MaxDiscount}: no discount would be possible", file: file, field: "discount_step");
        if (MarginFloor >= 1)
            throw new DataException("must be below 1", file: file, field: "margin_floor");
    }

    /// <summary>The strategy as JSON in the documented shape (round-trips through <see cref="Parse"/>).</summary>
    public string ToJson()
    {
        var o = new Dictionary<string, object?>
        {
            ["margin_floor"] = MarginFloor,
            ["max_discount"] = MaxDiscount,
            ["discount_step"] = DiscountStep,
            ["price_ending"] = PriceEnding,
            ["bundle_size"] = new Dictionary<string, int> { ["min"] = MinBundleSize, ["max"] = MaxBundleSize },
            ["bundles_per_request"] = BundlesPerRequest,
            ["stock"] = new Dictionary<string, object> { ["min_units"] = MinStockUnits, ["overstock_units"] = OverstockUnits, ["overstock_extra_discount"] = OverstockExtraDiscount },
            ["categories"] = new Dictionary<string, object>
            {
                ["one_per_category"] = OnePerCategory,
                ["level"] = CategoryLevel,
                ["forbidden_pairs"] = ForbiddenCategoryPairs.Select(p => new[] { p.A, p.B }).ToArray(),
                ["allowed_pairs"] = AllowedCategoryPairs.Select(p => new[] { p.A, p.B }).ToArray(),
            },
            ["boosts"] = new Dictionary<string, object> { ["items"] = ItemBoosts, ["categories"] = CategoryBoosts },
            ["blocks"] = new Dictionary<string, object> { ["items"] = BlockedItems, ["categories"] = BlockedCategories },
            ["exploration"] = Exploration,
            ["currency"] = Currency,
        };
        return JsonSerializer.Serialize(o, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Typed field readers that name the field in every error.</summary>
    private sealed class StrategyReader(string? file)
    {
        public DataException Unknown(string field) => new("unknown field (see docs/STRATEGY.md for the valid ones)", file: file, field: field);

        private DataException Bad(string field, string message) => new(message, file: file, field: field);

        public void Object(JsonElement e, string field)
        {
            if (e.ValueKind != JsonValueKind.Object)
                throw Bad(field, $"must be an object, not {Describe(e)}");
        }

        public double Number(JsonElement e, string field, double min, double max)
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out double v) || !double.IsFinite(v))
                throw Bad(field, $"must be a number, not {Describe(e)}");
            if (v < min || v > max)
                throw Bad(field, $"{v.ToString(CultureInfo.InvariantCulture)} is out of range [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]");
            return v;
        }

        public int Integer(JsonElement e, string field, int min, int max)
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int v))
                throw Bad(field, $"must be a whole number, not {Describe(e)}");
            if (v < min || v > max)
                throw Bad(field, $"{v} is out of range [{min}, {max}]");
            return v;
        }

        public bool Boolean(JsonElement e, string field) => e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Bad(field, $"must be true or false, not {Describe(e)}"),
        };

        public string Currency(JsonElement e, string field)
        {
            if (e.ValueKind != JsonValueKind.String)
                throw Bad(field, $"must be a currency symbol or code such as \"£\" or \"EUR\", or null, not {Describe(e)}");
            string c = e.GetString()!.Trim();
            if (c.Length == 0 || c.Length > 5 || c.Any(char.IsDigit) || c.Any(char.IsControl))
                throw Bad(field, $"\"{c}\" is not a currency symbol or code (1–5 characters, no digits)");
            return c;
        }

        public IReadOnlyList<string> Strings(JsonElement e, string field)
        {
            if (e.ValueKind != JsonValueKind.Array)
                throw Bad(field, $"must be an array of strings, not {Describe(e)}");
            var list = new List<string>();
            int k = 0;
            foreach (var x in e.EnumerateArray())
            {
                if (x.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(x.GetString()))
                    throw Bad($"{field}[{k}]", $"must be a non-empty string, not {Describe(x)}");
                list.Add(x.GetString()!);
                k++;
            }
            return list;
        }

        public IReadOnlyList<(string, string)> Pairs(JsonElement e, string field)
        {
            if (e.ValueKind != JsonValueKind.Array)
                throw Bad(field, $"must be an array of [category, category] pairs, not {Describe(e)}");
            var list = new List<(string, string)>();
            int k = 0;
            foreach (var x in e.EnumerateArray())
            {
                var pair = Strings(x.ValueKind == JsonValueKind.Array ? x : throw Bad($"{field}[{k}]", $"must be a [category, category] pair, not {Describe(x)}"), $"{field}[{k}]");
                if (pair.Count != 2)
                    throw Bad($"{field}[{k}]", $"must hold exactly 2 categories, not {pair.Count}");
                list.Add((pair[0], pair[1]));
                k++;
            }
            return list;
        }

        public IReadOnlyDictionary<string, double> Factors(JsonElement e, string field)
        {
            Object(e, field);
            var d = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var p in e.EnumerateObject())
                d[p.Name] = Number(p.Value, $"{field}.{p.Name}", 0, 100);
            return d;
        }

        private static string Describe(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.String => $"the string \"{e.GetString()}\"",
            JsonValueKind.Null => "null",
            JsonValueKind.Array => "an array",
            JsonValueKind.Object => "an object",
            _ => e.GetRawText(),
        };
    }
}
