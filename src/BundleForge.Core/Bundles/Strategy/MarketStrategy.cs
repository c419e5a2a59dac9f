using System.Globalization;
using System.Text.Json;
using BundleForge.Data;

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
    /// <summary>Whether pricing explores with Thompson sampling (false: the posterior estimates decide). The draw is seeded by
    /// the answer's state (docs/STRATEGY.md, "One answer per state"), so equal requests get equal answers.</summary>
    public bool Exploration { get; init; } = true;
    /// <summary>Hours one exploration period lasts: the Thompson draw of an answer changes when the period turns (UTC,
    /// counted from the Unix epoch), when feedback arrives or when the request changes.</summary>
    public int ExplorationPeriodHours { get; init; } = 24;
    /// <summary>Smallest discount an offer may give, as a fraction of the list price (0.05 = 5% off); the discount must
    /// also be at least one price-rounding step (<see cref="RoundingStep"/>), so £8.00 → £7.99 is never an offer. 0
    /// allows every price up to list.</summary>
    public double MinDiscount { get; init; } = 0.05;
    /// <summary>Smallest expected incremental profit (over not offering: the bundle's expected profit minus the profit
    /// the items would have brought anyway) an offer must promise, in the shop's currency; offers at or below it, and
    /// at or below zero, are not shown.</summary>
    public double MinExpectedProfit { get; init; } = 0;
    /// <summary>Allow bundles of one product with itself: the cart's items and variants of the anchor item (or of each
    /// other) filling a bundle. Off: a bundle holds at most one variant of a product (same base stock code or title).</summary>
    public bool QuantityBundles { get; init; }
    /// <summary>The currency prices are in, an ISO 4217 code ("GBP", "EUR", "CHF"); null: the catalog's currency when its
    /// data format fixes one, else <see cref="CurrencyCode.Default"/> (<see cref="CurrencyCode.Resolve"/>).</summary>
    public string? Currency { get; init; }

    /// <summary>Per item of <paramref name="catalog"/>: true when this strategy never offers it: blocked by id or by
    /// category, or with fewer than <see cref="MinStockUnits"/> in stock (unknown stock counts as available). Bundles
    /// and recommendations both skip these.</summary>
    public bool[] UnavailableItems(ItemCatalog catalog)
    {
        var blockedItems = new HashSet<string>(BlockedItems, StringComparer.Ordinal);
        var result = new bool[catalog.Count];
        for (int i = 0; i < result.Length; i++)
        {
            string category = catalog.Categories[i] ?? "";
            bool blocked = blockedItems.Contains(catalog.Ids[i]);
            foreach (var c in BlockedCategories)
                blocked |= CategoryPath.IsUnder(category, c);
            int stock = catalog.Stock[i];
            result[i] = blocked || (stock >= 0 && stock < MinStockUnits);
        }
        return result;
    }

    /// <summary>The defaults: 15% margin floor, at most 30% off in 5% steps, prices ending in .99, bundles of 2–3,
    /// three per request, one item per leaf category.</summary>
    public static MarketStrategy Default { get; } = new();

    // Work limits. Each field bounds the work it causes per quote, per composed bundle or per engine build, so that no
    // strategy an operator (or an attacker with write access to a model folder) can write makes a request slow or the
    // process run out of memory; docs/STRATEGY.md, "Limits", gives the table and the reasons.

    /// <summary>Largest strategy file read, in bytes (the largest list limits below fit in a few MB).</summary>
    public const int MaxFileBytes = 8 << 20;
    /// <summary>Most discount steps on a quote's price grid: the pricer evaluates max discount / step + 1 price points
    /// for every bundle it prices (the continuous 0.5% grid gives at most 190).</summary>
    public const int MaxPriceSteps = 200;
    /// <summary>Smallest non-zero discount step; finer grids only repeat prices once rounded to the cent.</summary>
    public const double MinDiscountStep = 0.001;
    /// <summary>Most pairs in each of <c>categories.forbidden_pairs</c> and <c>allowed_pairs</c> (every candidate pair
    /// of a composed bundle is checked against them).</summary>
    public const int MaxCategoryPairs = 256;
    /// <summary>Most distinct categories the pair rules may name: the composer gives each a bit of a 64-bit mask.</summary>
    public const int MaxPairCategories = 64;
    /// <summary>Most category prefixes in <c>blocks.categories</c> and in <c>boosts.categories</c>: building an engine
    /// compares every catalog item with each of them.</summary>
    public const int MaxCategoryRules = 256;
    /// <summary>Most ids in <c>blocks.items</c> and in <c>boosts.items</c> (hash lookups, so a large list is cheap).</summary>
    public const int MaxItemRules = 100_000;
    /// <summary>Longest item id or category prefix in a rule, in characters.</summary>
    public const int MaxNameLength = 256;
    /// <summary>Largest <c>bundles_per_request</c>: a request composes and diversifies 3n bundles and then fills n places
    /// greedily, each time trying every priced point of every bundle, so its work grows with n². With every other field
    /// at its limit, 10 cost about 0.15 s a request on the test shop, 20 cost 0.5–1 s.</summary>
    public const int MaxBundlesPerRequest = 10;
    /// <summary>Longest exploration period, in hours (a year).</summary>
    public const int MaxExplorationPeriodHours = 8_760;
    /// <summary>Largest <c>min_expected_profit</c> (no work; a larger one would withhold every offer).</summary>
    public const double MaxMinExpectedProfit = 1_000_000;

    /// <summary>The amount prices move by when rounded: one unit with a price ending (36.99 → 35.99), else a cent. A
    /// discount smaller than this is rounding, not an offer.</summary>
    public double RoundingStep => PriceEnding is null ? 0.01 : 1;

    /// <summary>True when a price of <paramref name="price"/> for a bundle listed at <paramref name="list"/> gives at
    /// least the minimum discount: <see cref="MinDiscount"/> of the list price and one <see cref="RoundingStep"/>. A
    /// minimum of 0 allows any price up to list (bundles offered without a discount).</summary>
    public bool MeetsMinDiscount(double price, double list) =>
        MinDiscount <= 0 || (list - price >= RoundingStep - 1e-9 && 1 - price / list >= MinDiscount - 1e-9);

    /// <summary>The largest discount allowed for a bundle, counting the overstock allowance.</summary>
    public double MaxDiscountFor(bool hasOverstockedItem) =>
        Math.Min(0.95, MaxDiscount + (hasOverstockedItem ? OverstockExtraDiscount : 0));

    /// <summary>Discount steps on the price grid of a bundle (with or without an overstocked item): the pricer
    /// evaluates one more price point than this.</summary>
    public int PriceSteps(bool hasOverstockedItem)
    {
        double step = DiscountStep > 0 ? DiscountStep : ContinuousStep;
        double steps = Math.Floor(MaxDiscountFor(hasOverstockedItem) / step + 1e-9);
        return steps > int.MaxValue ? int.MaxValue : (int)steps;
    }

    /// <summary>Grid step used when the strategy prices continuously (<c>discount_step</c> 0).</summary>
    public const double ContinuousStep = 0.005;

    /// <summary>Reads and validates a strategy file.</summary>
    public static MarketStrategy Load(string path)
    {
        string text;
        try
        {
            // The size is checked before reading, so a huge file is refused without being loaded.
            long size = new FileInfo(path).Length;
            if (size > MaxFileBytes)
                throw new DataException($"the strategy file is {size:N0} bytes; at most {MaxFileBytes:N0} are read", file: path);
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"cannot read the strategy file: {e.Message}", file: path, inner: e);
        }
        return Parse(text, path);
    }

    /// <summary>Parses and validates strategy JSON; unknown fields are errors so that typos do not pass silently.</summary>
    public static MarketStrategy Parse(string json, string? file = null)
    {
        if (json.Length > MaxFileBytes)
            throw new DataException($"the strategy is {json.Length:N0} characters long; at most {MaxFileBytes:N0} are read", file: file);
        var utf8 = System.Text.Encoding.UTF8.GetBytes(json);
        JsonDocument doc;
        try
        {
            // Our own pass first: it names the duplicated key with its path and line, in one linear pass with a set per
            // open object. (JsonDocumentOptions.AllowDuplicateProperties = false would name only the key, and costs
            // more than this pass.)
            DuplicateKeys.Check(utf8, file);
            doc = JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            // System.Text.Json ends its message with its own zero-based position; the line is in ours already.
            string reason = System.Text.RegularExpressions.Regex.Replace(e.Message, @"\s*(Path: \S* \|)?\s*LineNumber: \d+ \| BytePositionInLine: (\d+)\.?\s*$",
                m => $" (at byte {long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) + 1} of the line)");
            throw new DataException($"not valid JSON: {OneLine(reason)}", file: file, line: e.LineNumber + 1, inner: e);
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
                        if (s.DiscountStep is > 0 and < MinDiscountStep)
                            throw r.Bad("discount_step", $"{Show(s.DiscountStep)} is below {Show(MinDiscountStep)}: use 0 for continuous pricing (a {Show(ContinuousStep)} grid) or a step of at least {Show(MinDiscountStep)}");
                        break;
                    case "price_ending":
                        s = s with { PriceEnding = p.Value.ValueKind == JsonValueKind.Null ? null : r.Number(p.Value, "price_ending", 0, 0.99) };
                        break;
                    case "bundles_per_request":
                        s = s with { BundlesPerRequest = r.Integer(p.Value, "bundles_per_request", 1, MaxBundlesPerRequest) };
                        break;
                    case "exploration":
                        s = s with { Exploration = r.Boolean(p.Value, "exploration") };
                        break;
                    case "exploration_period_hours":
                        s = s with { ExplorationPeriodHours = r.Integer(p.Value, "exploration_period_hours", 1, MaxExplorationPeriodHours) };
                        break;
                    case "min_discount":
                        s = s with { MinDiscount = r.Number(p.Value, "min_discount", 0, 0.95) };
                        break;
                    case "min_expected_profit":
                        s = s with { MinExpectedProfit = r.Number(p.Value, "min_expected_profit", 0, MaxMinExpectedProfit) };
                        break;
                    case "quantity_bundles":
                        s = s with { QuantityBundles = r.Boolean(p.Value, "quantity_bundles") };
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
                                "forbidden_pairs" => s with { ForbiddenCategoryPairs = r.Pairs(q.Value, "categories.forbidden_pairs", MaxCategoryPairs) },
                                "allowed_pairs" => s with { AllowedCategoryPairs = r.Pairs(q.Value, "categories.allowed_pairs", MaxCategoryPairs) },
                                _ => throw r.Unknown("categories." + q.Name),
                            };
                        break;
                    case "boosts":
                        r.Object(p.Value, "boosts");
                        foreach (var q in p.Value.EnumerateObject())
                            s = q.Name switch
                            {
                                "items" => s with { ItemBoosts = r.Factors(q.Value, "boosts.items", MaxItemRules) },
                                "categories" => s with { CategoryBoosts = r.Factors(q.Value, "boosts.categories", MaxCategoryRules) },
                                _ => throw r.Unknown("boosts." + q.Name),
                            };
                        break;
                    case "blocks":
                        r.Object(p.Value, "blocks");
                        foreach (var q in p.Value.EnumerateObject())
                            s = q.Name switch
                            {
                                "items" => s with { BlockedItems = r.Strings(q.Value, "blocks.items", MaxItemRules) },
                                "categories" => s with { BlockedCategories = r.Strings(q.Value, "blocks.categories", MaxCategoryRules) },
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

    /// <summary>Checks the rules that involve more than one field, and the work limits (so a strategy built in code
    /// is held to them too). Linear in the size of the strategy.</summary>
    public void Validate(string? file = null)
    {
        DataException Bad(string field, string message) => new(message, file: file, field: field);
        if (MinBundleSize > MaxBundleSize)
            throw Bad("bundle_size.min", $"min ({MinBundleSize}) is larger than max ({MaxBundleSize})");
        if (MaxBundleSize > 10)
            throw Bad("bundle_size.max", $"{MaxBundleSize} is out of range [2, 10]");
        if (BundlesPerRequest is < 1 or > MaxBundlesPerRequest)
            throw Bad("bundles_per_request", $"{BundlesPerRequest} is out of range [1, {MaxBundlesPerRequest}]");
        if (DiscountStep > 0 && DiscountStep > MaxDiscount && MaxDiscount > 0)
            throw Bad("discount_step", $"step {Show(DiscountStep)} is larger than max_discount {Show(MaxDiscount)}: no discount would be possible");
        if (MarginFloor >= 1)
            throw Bad("margin_floor", "must be below 1");
        if (!(MinDiscount >= 0) || MinDiscount > 0.95)
            throw Bad("min_discount", $"{Show(MinDiscount)} is out of range [0, 0.95]");
        if (MinDiscount > MaxDiscount + OverstockExtraDiscount + 1e-12)
            throw Bad("min_discount", $"{Show(MinDiscount)} is larger than max_discount {Show(MaxDiscount)}: no discount would be allowed (lower min_discount, e.g. to 0)");
        if (!(MinExpectedProfit >= 0) || MinExpectedProfit > MaxMinExpectedProfit)
            throw Bad("min_expected_profit", $"{Show(MinExpectedProfit)} is out of range [0, {Show(MaxMinExpectedProfit)}]");
        if (ExplorationPeriodHours is < 1 or > MaxExplorationPeriodHours)
            throw Bad("exploration_period_hours", $"{ExplorationPeriodHours} is out of range [1, {MaxExplorationPeriodHours}]");
        if (!(DiscountStep >= 0) || DiscountStep is > 0 and < MinDiscountStep)
            throw Bad("discount_step", $"{Show(DiscountStep)} is not 0 (continuous) or at least {Show(MinDiscountStep)}");
        int steps = PriceSteps(hasOverstockedItem: true);
        if (steps > MaxPriceSteps)
        {
            double max = MaxDiscountFor(hasOverstockedItem: true);
            throw Bad("discount_step",
                $"a step of {Show(DiscountStep)} up to a {Show(max)} discount gives {steps + 1:N0} price points per quote; at most {MaxPriceSteps + 1} are allowed " +
                $"(use a step of at least {Show(Math.Ceiling(max / MaxPriceSteps * 10_000) / 10_000)}, or 0 for a {Show(ContinuousStep)} grid)");
        }
        if (ForbiddenCategoryPairs.Count > MaxCategoryPairs)
            throw Bad("categories.forbidden_pairs", $"{ForbiddenCategoryPairs.Count:N0} pairs; at most {MaxCategoryPairs} are allowed");
        if (AllowedCategoryPairs.Count > MaxCategoryPairs)
            throw Bad("categories.allowed_pairs", $"{AllowedCategoryPairs.Count:N0} pairs; at most {MaxCategoryPairs} are allowed");
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (list, field) in new[] { (ForbiddenCategoryPairs, "categories.forbidden_pairs"), (AllowedCategoryPairs, "categories.allowed_pairs") })
            for (int k = 0; k < list.Count; k++)
                if (named.Add(list[k].A) | named.Add(list[k].B) && named.Count > MaxPairCategories)
                    throw Bad($"{field}[{k}]", $"the pair rules name more than {MaxPairCategories} distinct categories; at most {MaxPairCategories} are allowed");
        if (BlockedCategories.Count > MaxCategoryRules)
            throw Bad("blocks.categories", $"{BlockedCategories.Count:N0} categories; at most {MaxCategoryRules} are allowed");
        if (CategoryBoosts.Count > MaxCategoryRules)
            throw Bad("boosts.categories", $"{CategoryBoosts.Count:N0} categories; at most {MaxCategoryRules} are allowed");
        if (BlockedItems.Count > MaxItemRules)
            throw Bad("blocks.items", $"{BlockedItems.Count:N0} items; at most {MaxItemRules:N0} are allowed");
        if (ItemBoosts.Count > MaxItemRules)
            throw Bad("boosts.items", $"{ItemBoosts.Count:N0} items; at most {MaxItemRules:N0} are allowed");
    }

    /// <summary>JSON nesting allowed; the documented shape needs 4 levels.</summary>
    private const int MaxDepth = 16;

    private static string Show(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>User text made safe for a one-line error: control characters (a key may hold a newline) become
    /// spaces and long text is cut.</summary>
    internal static string OneLine(string text, int max = 200)
    {
        var sb = new System.Text.StringBuilder(Math.Min(text.Length, max + 1));
        foreach (char c in text)
        {
            if (sb.Length >= max)
            {
                // Never end on the first half of a surrogate pair (it would print as a replacement character).
                if (char.IsHighSurrogate(sb[^1]))
                    sb.Length--;
                sb.Append('…');
                break;
            }
            sb.Append(char.IsControl(c) ? ' ' : c);
        }
        return sb.ToString();
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
            ["exploration_period_hours"] = ExplorationPeriodHours,
            ["min_discount"] = MinDiscount,
            ["min_expected_profit"] = MinExpectedProfit,
            ["quantity_bundles"] = QuantityBundles,
            ["currency"] = Currency,
        };
        return JsonSerializer.Serialize(o, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Finds the first key that appears twice in one object, anywhere in the document, and names it with its
    /// path and line. One pass of <see cref="Utf8JsonReader"/> with a set of names per open object: linear time, and
    /// memory bounded by the document.</summary>
    private static class DuplicateKeys
    {
        /// <summary>An open object or array. Where it sits in its parent is kept as a key or an index, and the path
        /// text is only built for an error, so a long array costs no strings.</summary>
        private sealed class Frame(bool isObject, string? key, int index)
        {
            public readonly bool IsObject = isObject;
            public readonly string? Key = key;
            public readonly int IndexInParent = index;
            public readonly HashSet<string>? Names = isObject ? new(StringComparer.Ordinal) : null;
            public int Count;
            public string? Pending;
        }

        public static void Check(byte[] utf8, string? file)
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = MaxDepth });
            var open = new List<Frame>();
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var parent = open.Count == 0 ? null : open[^1];
                        open.Add(new Frame(reader.TokenType == JsonTokenType.StartObject, parent is { IsObject: true } ? parent.Pending : null, parent is null ? -1 : parent.Count));
                        if (parent is { IsObject: false })
                            parent.Count++;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        open.RemoveAt(open.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var frame = open[^1];
                        string name = Text(ref reader, utf8, open, file, null);
                        if (!frame.Names!.Add(name))
                        {
                            long line = 1 + utf8.AsSpan(0, (int)reader.TokenStartIndex).Count((byte)'\n');
                            throw new DataException($"the key \"{OneLine(name, 60)}\" appears twice in this object; each key may appear once",
                                file: file, line: line, field: PathOf(open, name));
                        }
                        frame.Pending = name;
                        break;
                    default:
                        if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped)
                            Text(ref reader, utf8, open, file, "");
                        if (open.Count > 0 && !open[^1].IsObject)
                            open[^1].Count++;
                        break;
                }
            }
        }

        /// <summary>The string at the reader. An escape such as <c>\uD800</c> (half of a surrogate pair) is valid JSON
        /// but no .NET string: System.Text.Json then throws InvalidOperationException wherever the text is read, so
        /// every escaped string is read once here, where that becomes a user error with its line.</summary>
        private static string Text(ref Utf8JsonReader reader, byte[] utf8, List<Frame> open, string? file, string? value)
        {
            try
            { return reader.GetString()!; }
            catch (InvalidOperationException)
            {
                long line = 1 + utf8.AsSpan(0, (int)reader.TokenStartIndex).Count((byte)'\n');
                var top = open.Count == 0 ? null : open[^1];
                string? field = top is null ? null : PathOf(open, value is null || !top.IsObject ? "" : top.Pending ?? "").TrimEnd('.');
                throw new DataException("a \\u escape encodes half a surrogate pair (e.g. a lone \\uD800), which is not valid text",
                    file: file, line: line, field: string.IsNullOrEmpty(field) ? null : field);
            }
        }

        /// <summary>The path of <paramref name="name"/> in the innermost open object, as the field readers write it
        /// (<c>categories.forbidden_pairs[1].x</c>).</summary>
        private static string PathOf(List<Frame> open, string name)
        {
            var sb = new System.Text.StringBuilder();
            for (int k = 1; k < open.Count; k++)
            {
                if (open[k].Key is { } key)
                    sb.Append(sb.Length == 0 ? "" : ".").Append(OneLine(key, 60));
                else
                    sb.Append('[').Append(open[k].IndexInParent).Append(']');
            }
            return sb.Append(sb.Length == 0 ? "" : ".").Append(OneLine(name, 60)).ToString();
        }
    }

    /// <summary>Typed field readers that name the field in every error.</summary>
    private sealed class StrategyReader(string? file)
    {
        public DataException Unknown(string field) => new("unknown field (see docs/STRATEGY.md for the valid ones)", file: file, field: OneLine(field, 80));

        public DataException Bad(string field, string message) => new(message, file: file, field: OneLine(field, 80));

        public void Object(JsonElement e, string field)
        {
            if (e.ValueKind != JsonValueKind.Object)
                throw Bad(field, $"must be an object, not {Describe(e)}");
        }

        public double Number(JsonElement e, string field, double min, double max)
        {
            if (e.ValueKind != JsonValueKind.Number)
                throw Bad(field, $"must be a number, not {Describe(e)}");
            // A literal beyond double's range (1e400) parses as infinity or fails: either way it is out of range.
            if (!e.TryGetDouble(out double v) || !double.IsFinite(v))
                throw Bad(field, $"{Describe(e)} is out of range [{Show(min)}, {Show(max)}]");
            if (v < min || v > max)
                throw Bad(field, $"{Show(v)} is out of range [{Show(min)}, {Show(max)}]");
            return v;
        }

        public int Integer(JsonElement e, string field, int min, int max)
        {
            if (e.ValueKind != JsonValueKind.Number)
                throw Bad(field, $"must be a whole number, not {Describe(e)}");
            if (e.TryGetInt32(out int v))
                return v >= min && v <= max ? v : throw Bad(field, $"{v} is out of range [{min}, {max}]");
            // 2.5 or 3.0 within int's range: not written as a whole number; beyond it (3000000000, 1e400): out of range.
            if (e.TryGetDouble(out double d) && Math.Abs(d) <= int.MaxValue)
                throw Bad(field, $"must be a whole number, not {Describe(e)}");
            throw Bad(field, $"{Describe(e)} is out of range [{min}, {max}]");
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
                throw Bad(field, $"must be an ISO 4217 currency code such as \"GBP\" or \"EUR\", or null, not {Describe(e)}");
            string c = e.GetString()!;
            return CurrencyCode.Parse(c)
                ?? throw Bad(field, $"\"{OneLine(c.Trim(), 20)}\" is not an ISO 4217 currency code such as \"GBP\", \"EUR\" or \"USD\"");
        }

        public IReadOnlyList<string> Strings(JsonElement e, string field, int maxCount)
        {
            if (e.ValueKind != JsonValueKind.Array)
                throw Bad(field, $"must be an array of strings, not {Describe(e)}");
            // The count is known before any element is read, so an oversized list is refused at once.
            int count = e.GetArrayLength();
            if (count > maxCount)
                throw Bad(field, $"{count:N0} entries; at most {maxCount:N0} are allowed");
            var list = new List<string>(count);
            int k = 0;
            foreach (var x in e.EnumerateArray())
            {
                list.Add(Name(x, $"{field}[{k}]"));
                k++;
            }
            return list;
        }

        /// <summary>An item id or category prefix: a non-empty string of at most <see cref="MaxNameLength"/> characters.</summary>
        private string Name(JsonElement x, string field)
        {
            if (x.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(x.GetString()))
                throw Bad(field, $"must be a non-empty string, not {Describe(x)}");
            string s = x.GetString()!;
            if (s.Length > MaxNameLength)
                throw Bad(field, $"{s.Length:N0} characters long; at most {MaxNameLength} are allowed");
            return s;
        }

        public IReadOnlyList<(string, string)> Pairs(JsonElement e, string field, int maxCount)
        {
            if (e.ValueKind != JsonValueKind.Array)
                throw Bad(field, $"must be an array of [category, category] pairs, not {Describe(e)}");
            int count = e.GetArrayLength();
            if (count > maxCount)
                throw Bad(field, $"{count:N0} pairs; at most {maxCount:N0} are allowed");
            var list = new List<(string, string)>(count);
            int k = 0;
            foreach (var x in e.EnumerateArray())
            {
                if (x.ValueKind != JsonValueKind.Array)
                    throw Bad($"{field}[{k}]", $"must be a [category, category] pair, not {Describe(x)}");
                if (x.GetArrayLength() != 2)
                    throw Bad($"{field}[{k}]", $"must hold exactly 2 categories, not {x.GetArrayLength():N0}");
                list.Add((Name(x[0], $"{field}[{k}][0]"), Name(x[1], $"{field}[{k}][1]")));
                k++;
            }
            return list;
        }

        public IReadOnlyDictionary<string, double> Factors(JsonElement e, string field, int maxCount)
        {
            Object(e, field);
            var d = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var p in e.EnumerateObject())
            {
                if (d.Count == maxCount)
                    throw Bad(field, $"more than {maxCount:N0} entries; at most {maxCount:N0} are allowed");
                if (p.Name.Length == 0 || p.Name.Length > MaxNameLength)
                    throw Bad($"{field}.{p.Name}", $"a key must be 1 to {MaxNameLength} characters long, not {p.Name.Length:N0}");
                d.Add(p.Name, Number(p.Value, $"{field}.{p.Name}", 0, 100));
            }
            return d;
        }

        /// <summary>A value as it reads in an error: its kind, or the value itself cut to one short line.</summary>
        private static string Describe(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.String => $"the string \"{OneLine(e.GetString()!, 60)}\"",
            JsonValueKind.Null => "null",
            JsonValueKind.Array => "an array",
            JsonValueKind.Object => "an object",
            _ => OneLine(e.GetRawText(), 60),
        };
    }
}
