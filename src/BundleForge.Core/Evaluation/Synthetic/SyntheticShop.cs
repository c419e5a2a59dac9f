using BundleForge.Data;

namespace BundleForge.Evaluation.Synthetic;

/// <summary>The hidden world behind a synthetic shop: catalog, users with tastes and willingness to pay, and the
/// planted structure (complementary bundles, substitutes, sequential follow-ups) that tests and the bundle simulation
/// check recovered signals against. Built deterministically from <see cref="ShopGeneratorOptions.Seed"/>.</summary>
public sealed class SyntheticShop
{
    /// <summary>How many taste slots each user has (top-level categories they shop in).</summary>
    public const int TasteSlots = 3;

    private SyntheticShop(ShopGeneratorOptions options) => Options = options;

    public ShopGeneratorOptions Options { get; }

    // Categories
    /// <summary>Top-level category names.</summary>
    public string[] Tops { get; private set; } = [];
    /// <summary>Full leaf category paths such as <c>Kitchen&gt;Drinkware&gt;Mugs</c>.</summary>
    public string[] Leaves { get; private set; } = [];
    /// <summary>Top-level category of each leaf.</summary>
    public int[] LeafTop { get; private set; } = [];
    /// <summary>Leaves of each top-level category.</summary>
    public int[][] LeavesOfTop { get; private set; } = [];
    /// <summary>Items of each leaf, most popular first.</summary>
    public int[][] LeafItems { get; private set; } = [];
    /// <summary>Median list price of each leaf; users compare prices against it.</summary>
    public float[] LeafMedianPrice { get; private set; } = [];
    internal double[][] LeafCumulativePopularity { get; private set; } = [];

    // Items
    public string[] ItemIds { get; private set; } = [];
    public string[] Titles { get; private set; } = [];
    public string[] Brands { get; private set; } = [];
    public int[] ItemLeaf { get; private set; } = [];
    public float[] Price { get; private set; } = [];
    public float[] Cost { get; private set; } = [];
    public int[] Stock { get; private set; } = [];
    /// <summary>Relative popularity of the item inside its leaf (Zipf weight).</summary>
    public float[] Popularity { get; private set; } = [];

    // Users
    public string[] UserIds { get; private set; } = [];
    /// <summary>Hidden willingness to pay as a multiple of list price: 1.2 means the user would pay up to 120% of
    /// list for things they want; the bundle simulation and the oracle use it.</summary>
    public float[] WillingnessToPay { get; private set; } = [];
    /// <summary>Hidden price sensitivity: the exponent of the user's acceptance falloff above their willingness to pay.</summary>
    public float[] PriceSensitivity { get; private set; } = [];
    /// <summary>Relative ordering frequency.</summary>
    public float[] Activity { get; private set; } = [];
    /// <summary>Segment name per user: budget, standard or premium (by willingness to pay).</summary>
    public string[] Segment { get; private set; } = [];
    /// <summary>Top-level categories of each user's taste slots, <see cref="TasteSlots"/> per user.</summary>
    public int[] TasteTop { get; private set; } = [];
    /// <summary>Weights of each user's taste slots (summing to 1 per user).</summary>
    public float[] TasteWeight { get; private set; } = [];

    // Planted structure
    /// <summary>Planted complementary bundles: items bought together far beyond chance.</summary>
    public int[][] Bundles { get; private set; } = [];
    /// <summary>Bundle of each item, or -1.</summary>
    public int[] BundleOf { get; private set; } = [];
    /// <summary>Bundles per top-level category.</summary>
    public int[][] BundlesOfTop { get; private set; } = [];
    /// <summary>Planted substitute pairs: same leaf, never bought in the same order.</summary>
    public (int A, int B)[] Substitutes { get; private set; } = [];
    /// <summary>Substitute of each item, or -1.</summary>
    public int[] SubstituteOf { get; private set; } = [];
    /// <summary>Planted sequential pairs: buying Trigger is often followed by Follow in the user's next order.</summary>
    public (int Trigger, int Follow)[] Sequences { get; private set; } = [];
    /// <summary>Follow-up item of each trigger item, or -1.</summary>
    public int[] FollowOf { get; private set; } = [];

    public int ItemCount => ItemIds.Length;
    public int UserCount => UserIds.Length;

    /// <summary>The taste weight of <paramref name="user"/> for top-level category <paramref name="top"/> (0 when none).</summary>
    public float TasteFor(int user, int top)
    {
        float w = 0;
        for (int k = 0; k < TasteSlots; k++)
            if (TasteTop[user * TasteSlots + k] == top)
                w += TasteWeight[user * TasteSlots + k];
        return w;
    }

    /// <summary>The catalog in BundleForge's dense form (dense item id = generator index).</summary>
    public ItemCatalog ToCatalog()
    {
        var categories = new string?[ItemCount];
        for (int i = 0; i < ItemCount; i++)
            categories[i] = Leaves[ItemLeaf[i]];
        return new ItemCatalog(ItemIds, Titles.ToArray<string?>(), categories, Brands.ToArray<string?>(),
            Price.ToArray(), Cost.ToArray(), Stock.ToArray(), costAssumed: false);
    }

    /// <summary>Builds the world for <paramref name="options"/>.</summary>
    public static SyntheticShop Create(ShopGeneratorOptions options)
    {
        options.Validate();
        var shop = new SyntheticShop(options);
        shop.BuildCategories();
        shop.BuildItems();
        shop.BuildUsers();
        shop.PlantStructure();
        return shop;
    }

    private void BuildCategories()
    {
        var rng = new SeededRandom(Options.Seed, 1);
        // About six items per leaf at the smallest sizes so substitutes exist; never more leaves than the vocabulary.
        int available = 0;
        foreach (var t in CategoryTree.All)
            foreach (var m in t.Mids)
                available += m.Leaves.Length;
        int leafCount = Math.Clamp(Options.Items / 6, 2, available);

        // Round-robin over tops so every top-level category gets leaves before any gets many.
        var perTop = new List<string>[CategoryTree.All.Length];
        var cursor = new int[CategoryTree.All.Length];
        for (int t = 0; t < perTop.Length; t++)
            perTop[t] = [];
        int made = 0;
        while (made < leafCount)
        {
            for (int t = 0; t < CategoryTree.All.Length && made < leafCount; t++)
            {
                var (top, mids) = CategoryTree.All[t];
                int k = cursor[t]++;
                // Walk mids breadth-first: first leaf of each mid, then the second ...
                int total = 0;
                foreach (var m in mids)
                    total += m.Leaves.Length;
                if (k >= total)
                    continue;
                string? path = null;
                for (int depth = 0, seen = 0; path is null; depth++)
                    foreach (var (mid, leaves) in mids)
                        if (depth < leaves.Length && seen++ == k)
                        { path = $"{top}>{mid}>{leaves[depth]}"; break; }
                perTop[t].Add(path);
                made++;
            }
        }

        var tops = new List<string>();
        var leafNames = new List<string>();
        var leafTop = new List<int>();
        var leavesOfTop = new List<int[]>();
        for (int t = 0; t < perTop.Length; t++)
        {
            if (perTop[t].Count == 0)
                continue;
            int topIndex = tops.Count;
            tops.Add(CategoryTree.All[t].Top);
            var ids = new int[perTop[t].Count];
            for (int j = 0; j < ids.Length; j++)
            { ids[j] = leafNames.Count; leafNames.Add(perTop[t][j]); leafTop.Add(topIndex); }
            leavesOfTop.Add(ids);
        }
        Tops = tops.ToArray();
        Leaves = leafNames.ToArray();
        LeafTop = leafTop.ToArray();
        LeavesOfTop = leavesOfTop.ToArray();
        LeafMedianPrice = new float[Leaves.Length];
        for (int l = 0; l < Leaves.Length; l++)
            LeafMedianPrice[l] = (float)Math.Clamp(rng.NextLogNormal(18, 0.8), 2.5, 400);
    }

    private void BuildItems()
    {
        var rng = new SeededRandom(Options.Seed, 2);
        int n = Options.Items, leaves = Leaves.Length;
        int width = Math.Max(5, (n - 1).ToString(System.Globalization.CultureInfo.InvariantCulture).Length);

        int brandCount = Math.Clamp(n / 40, Tops.Length, 400);
        var brandNames = new string[brandCount];
        var syl = CategoryTree.BrandSyllables;
        for (int b = 0; b < brandCount; b++)
        {
            string name = syl[b % syl.Length] + syl[(b / syl.Length + b * 7 + 3) % syl.Length].ToLowerInvariant();
            brandNames[b] = b < syl.Length * syl.Length ? name : $"{name} {b / (syl.Length * syl.Length) + 1}";
        }

        ItemIds = new string[n];
        Titles = new string[n];
        Brands = new string[n];
        ItemLeaf = new int[n];
        Price = new float[n];
        Cost = new float[n];
        Stock = new int[n];
        Popularity = new float[n];
        var order = new int[n];
        for (int i = 0; i < n; i++)
            order[i] = i;
        rng.Shuffle(order.AsSpan());

        var leafItems = new List<int>[leaves];
        for (int l = 0; l < leaves; l++)
            leafItems[l] = [];
        for (int k = 0; k < n; k++)
        {
            int i = order[k];
            int leaf = k % leaves, rank = k / leaves;
            leafItems[leaf].Add(i);
            ItemLeaf[i] = leaf;
            ItemIds[i] = "P" + i.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width, '0');
            Popularity[i] = (float)(1.0 / Math.Pow(rank + 1, 0.9));
            int top = LeafTop[leaf];
            // Brands belong to top-level categories (a kitchen brand does not make headphones).
            int brandSlot = rng.NextInt(Math.Max(1, brandCount / Tops.Length));
            string brand = brandNames[(brandSlot * Tops.Length + top) % brandCount];
            Brands[i] = brand;
            string leafName = CategoryPath.Leaf(Leaves[leaf]);
            Titles[i] = $"{brand} {CategoryTree.Adjectives[rng.NextInt(CategoryTree.Adjectives.Length)]} {leafName} {rank + 1}";
            double p = Math.Clamp(rng.NextLogNormal(LeafMedianPrice[leaf], 0.35), 0.5, 2000);
            float price = (float)(Math.Floor(p) + 0.99);
            double margin = 0.25 + 0.35 * rng.NextDouble();
            Price[i] = price;
            Cost[i] = MathF.Round((float)(price * (1 - margin)), 2);
            double s = rng.NextDouble();
            Stock[i] = s < 0.05 ? rng.NextInt(0, 5) : s < 0.15 ? rng.NextInt(500, 3000) : rng.NextInt(10, 300);
        }
        LeafItems = new int[leaves][];
        LeafCumulativePopularity = new double[leaves][];
        for (int l = 0; l < leaves; l++)
        {
            LeafItems[l] = leafItems[l].ToArray();
            var cum = new double[LeafItems[l].Length];
            double acc = 0;
            for (int j = 0; j < cum.Length; j++)
            { acc += Popularity[LeafItems[l][j]]; cum[j] = acc; }
            LeafCumulativePopularity[l] = cum;
        }
    }

    private void BuildUsers()
    {
        var rng = new SeededRandom(Options.Seed, 3);
        int n = Options.Users;
        int width = Math.Max(6, (n - 1).ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        UserIds = new string[n];
        WillingnessToPay = new float[n];
        PriceSensitivity = new float[n];
        Activity = new float[n];
        Segment = new string[n];
        TasteTop = new int[n * TasteSlots];
        TasteWeight = new float[n * TasteSlots];
        Span<double> w = stackalloc double[TasteSlots];
        for (int u = 0; u < n; u++)
        {
            UserIds[u] = "U" + u.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width, '0');
            float wtp = (float)Math.Clamp(rng.NextLogNormal(1.0, 0.2), 0.5, 1.8);
            WillingnessToPay[u] = wtp;
            // Users who value things less also react more sharply to price.
            PriceSensitivity[u] = (float)Math.Clamp(2.0 / wtp + 0.5 * rng.NextGaussian(), 0.5, 6);
            Activity[u] = (float)rng.NextLogNormal(1.0, 0.8);
            Segment[u] = wtp < 0.9f ? "budget" : wtp > 1.1f ? "premium" : "standard";
            double sum = 0;
            for (int k = 0; k < TasteSlots; k++)
            { w[k] = rng.NextExponential() * (k == 0 ? 2 : 1); sum += w[k]; }
            for (int k = 0; k < TasteSlots; k++)
            {
                TasteTop[u * TasteSlots + k] = rng.NextInt(Tops.Length);
                TasteWeight[u * TasteSlots + k] = (float)(w[k] / sum);
            }
        }
    }

    private void PlantStructure()
    {
        var rng = new SeededRandom(Options.Seed, 4);
        int n = ItemCount;
        var used = new bool[n];
        BundleOf = new int[n];
        SubstituteOf = new int[n];
        FollowOf = new int[n];
        Array.Fill(BundleOf, -1);
        Array.Fill(SubstituteOf, -1);
        Array.Fill(FollowOf, -1);

        // Substitutes: the two most popular items of a leaf, so that a chance co-purchase would be common and its
        // absence is a clear signal.
        var leafOrder = new int[Leaves.Length];
        for (int l = 0; l < leafOrder.Length; l++)
            leafOrder[l] = l;
        rng.Shuffle(leafOrder.AsSpan());
        int substituteTarget = Math.Clamp(n / 30, 1, Leaves.Length);
        var subs = new List<(int, int)>();
        foreach (int l in leafOrder)
        {
            if (subs.Count >= substituteTarget)
                break;
            if (LeafItems[l].Length < 3)
                continue;
            int a = LeafItems[l][0], b = LeafItems[l][1];
            subs.Add((a, b));
            SubstituteOf[a] = b;
            SubstituteOf[b] = a;
            used[a] = used[b] = true;
        }
        Substitutes = subs.ToArray();

        // Bundles: 2–3 items from different leaves of one top-level category (complements, never substitutes).
        int bundleTarget = Math.Max(1, n / 40);
        var bundles = new List<int[]>();
        var bundlesOfTop = new List<int>[Tops.Length];
        for (int t = 0; t < Tops.Length; t++)
            bundlesOfTop[t] = [];
        var leafPick = new List<int>();
        for (int attempt = 0; bundles.Count < bundleTarget && attempt < bundleTarget * 20; attempt++)
        {
            int top = attempt % Tops.Length;
            var topLeaves = LeavesOfTop[top];
            if (topLeaves.Length < 2)
                continue;
            int size = Math.Min(rng.Chance(0.3) ? 3 : 2, topLeaves.Length);
            leafPick.Clear();
            while (leafPick.Count < size)
            {
                int l = topLeaves[rng.NextInt(topLeaves.Length)];
                if (!leafPick.Contains(l))
                    leafPick.Add(l);
            }
            var items = new int[size];
            bool ok = true;
            for (int j = 0; j < size && ok; j++)
            {
                var pool = LeafItems[leafPick[j]];
                items[j] = -1;
                for (int tries = 0; tries < 8 && items[j] < 0; tries++)
                {
                    int c = pool[rng.NextInt(pool.Length)];
                    if (!used[c])
                        items[j] = c;
                }
                ok = items[j] >= 0;
            }
            if (!ok)
                continue;
            Array.Sort(items);
            foreach (int i in items)
            { used[i] = true; BundleOf[i] = bundles.Count; }
            bundlesOfTop[top].Add(bundles.Count);
            bundles.Add(items);
        }
        Bundles = bundles.ToArray();
        BundlesOfTop = new int[Tops.Length][];
        for (int t = 0; t < Tops.Length; t++)
            BundlesOfTop[t] = bundlesOfTop[t].ToArray();

        // Sequential pairs: a trigger and a follow-up from another leaf of the same top (grinder, then beans).
        int sequenceTarget = Math.Max(1, n / 50);
        var seqs = new List<(int, int)>();
        for (int attempt = 0; seqs.Count < sequenceTarget && attempt < sequenceTarget * 20; attempt++)
        {
            int x = rng.NextInt(n);
            if (used[x])
                continue;
            var topLeaves = LeavesOfTop[LeafTop[ItemLeaf[x]]];
            int l = topLeaves[rng.NextInt(topLeaves.Length)];
            if (l == ItemLeaf[x])
                continue;
            int y = LeafItems[l][rng.NextInt(LeafItems[l].Length)];
            if (used[y])
                continue;
            used[x] = used[y] = true;
            FollowOf[x] = y;
            seqs.Add((x, y));
        }
        Sequences = seqs.ToArray();
    }
}
