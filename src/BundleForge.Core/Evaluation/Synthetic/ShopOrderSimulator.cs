using BundleForge.Data;

namespace BundleForge.Evaluation.Synthetic;

/// <summary>Simulates a year of orders for a <see cref="SyntheticShop"/>: users order with their activity, pick
/// categories by taste and items by popularity (less often above what they are willing to pay), sometimes take a
/// planted bundle whole, never put two planted substitutes in one order, and often buy a trigger item's follow-up in
/// their next order. Each user has an independent random stream, so the output does not depend on how work is split.</summary>
public static class ShopOrderSimulator
{
    /// <summary>Runs the simulation into <paramref name="sink"/>; returns the number of orders produced.
    /// <paramref name="cancellation"/> is checked before each user's orders.</summary>
    public static long Run(SyntheticShop shop, IShopEventSink sink, IProgress<ProgressUpdate>? progress = null, CancellationToken cancellation = default)
    {
        var o = shop.Options;
        int users = shop.UserCount;
        var counts = OrdersPerUser(shop, cancellation);
        long start = new DateTimeOffset(DateTime.SpecifyKind(o.Start, DateTimeKind.Utc)).ToUnixTimeSeconds();
        long span = (long)o.Days * 86_400;

        int maxOrders = 0;
        foreach (int c in counts)
            maxOrders = Math.Max(maxOrders, c);
        var times = new long[maxOrders];
        var basket = new List<int>(o.MaxBasketSize + 8);
        var pending = new List<int>(8);
        var viewed = new List<int>(16);
        var quantities = new int[o.MaxBasketSize + 64];
        long produced = 0;
        int reportEvery = Math.Max(1, users / 100);

        for (int u = 0; u < users; u++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (u % reportEvery == 0)
                progress?.Report(new ProgressUpdate("simulate orders", (double)u / users, $"{produced:N0} orders"));
            int n = counts[u];
            if (n == 0)
                continue;
            var rng = new SeededRandom(o.Seed, 1_000 + (long)u);
            for (int j = 0; j < n; j++)
                times[j] = start + (long)(rng.NextDouble() * span);
            Array.Sort(times, 0, n);
            pending.Clear();
            long previous = start - 3_600;
            for (int j = 0; j < n; j++)
            {
                // A shop of few, very active users: check within a user's orders too.
                if ((j & 4095) == 4095)
                    cancellation.ThrowIfCancellationRequested();
                long t = times[j];
                basket.Clear();
                foreach (int f in pending)
                    AddDistinct(basket, f);
                pending.Clear();

                if (shop.Bundles.Length > 0 && rng.Chance(o.BundleRate))
                    AddBundle(shop, u, ref rng, basket);

                int size = 1;
                while (size < o.MaxBasketSize && rng.Chance(o.BasketGrowth))
                    size++;
                for (int tries = 0; basket.Count < size && tries < size * 6; tries++)
                {
                    int item = PickItem(shop, u, ref rng);
                    if (basket.Contains(item))
                        continue;
                    int sub = shop.SubstituteOf[item];
                    if (sub >= 0 && basket.Contains(sub))
                        continue;
                    basket.Add(item);
                }

                foreach (int item in basket)
                {
                    int follow = shop.FollowOf[item];
                    if (follow >= 0 && rng.Chance(o.FollowRate))
                        pending.Add(follow);
                }

                // Browsing happens between the previous order and this one: views, then carts, then the purchase.
                long gap = t - previous;
                if (gap > 2)
                {
                    long viewLead = Math.Min(rng.NextInt(60, 1800), gap - 1);
                    long cartLead = Math.Max(1, Math.Min(rng.NextInt(10, 60), viewLead - 1));
                    // One view per item and order: the same item viewed twice at the same second would be an exact
                    // duplicate row that cleaning removes.
                    viewed.Clear();
                    foreach (int item in basket)
                    {
                        if (rng.Chance(o.ViewRate) && !viewed.Contains(item))
                        { viewed.Add(item); sink.Event(u, item, t - viewLead, EventKind.View); }
                        if (rng.Chance(o.BrowseRate))
                        {
                            int other = PickInLeaf(shop, shop.ItemLeaf[item], ref rng);
                            if (!viewed.Contains(other) && !basket.Contains(other))
                            { viewed.Add(other); sink.Event(u, other, t - viewLead, EventKind.View); }
                        }
                    }
                    if (cartLead < viewLead)
                        foreach (int item in basket)
                            if (rng.Chance(o.CartRate))
                                sink.Event(u, item, t - cartLead, EventKind.Cart);
                }

                if (quantities.Length < basket.Count)
                    quantities = new int[basket.Count * 2];
                for (int k = 0; k < basket.Count; k++)
                {
                    double q = rng.NextDouble();
                    quantities[k] = q < 0.88 ? 1 : q < 0.97 ? 2 : 3;
                }
                sink.Order(u, t, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(basket), quantities.AsSpan(0, basket.Count));
                produced++;
                previous = t;
            }
        }
        progress?.Report(new ProgressUpdate("simulate orders", 1, $"{produced:N0} orders"));
        return produced;
    }

    /// <summary>Distributes the requested orders over users in proportion to their activity.</summary>
    private static int[] OrdersPerUser(SyntheticShop shop, CancellationToken cancellation)
    {
        int users = shop.UserCount;
        var cumulative = new double[users];
        double acc = 0;
        for (int u = 0; u < users; u++)
        { acc += shop.Activity[u]; cumulative[u] = acc; }
        var rng = new SeededRandom(shop.Options.Seed, 5);
        var counts = new int[users];
        for (int k = 0; k < shop.Options.Orders; k++)
        {
            // 100 million orders take a minute or two to draw: check every 65,536.
            if ((k & 65535) == 0)
                cancellation.ThrowIfCancellationRequested();
            counts[UpperBound(cumulative, rng.NextDouble() * acc)]++;
        }
        return counts;
    }

    private static void AddBundle(SyntheticShop shop, int user, ref SeededRandom rng, List<int> basket)
    {
        int bundle;
        int top = PickTop(shop, user, ref rng);
        var ofTop = shop.BundlesOfTop[top];
        bundle = ofTop.Length > 0 && rng.Chance(0.8) ? ofTop[rng.NextInt(ofTop.Length)] : rng.NextInt(shop.Bundles.Length);
        var items = shop.Bundles[bundle];
        int before = basket.Count;
        foreach (int i in items)
            if (rng.Chance(0.9))
                AddDistinct(basket, i);
        if (basket.Count - before < 2)
            foreach (int i in items)
                AddDistinct(basket, i);
    }

    private static int PickTop(SyntheticShop shop, int user, ref SeededRandom rng)
    {
        // One pick in ten explores outside the user's taste.
        if (rng.Chance(0.1))
            return rng.NextInt(shop.Tops.Length);
        double x = rng.NextDouble();
        int baseSlot = user * SyntheticShop.TasteSlots;
        for (int k = 0; k < SyntheticShop.TasteSlots - 1; k++)
        {
            x -= shop.TasteWeight[baseSlot + k];
            if (x < 0)
                return shop.TasteTop[baseSlot + k];
        }
        return shop.TasteTop[baseSlot + SyntheticShop.TasteSlots - 1];
    }

    private static int PickItem(SyntheticShop shop, int user, ref SeededRandom rng)
    {
        int item = 0;
        float wtp = shop.WillingnessToPay[user], sensitivity = shop.PriceSensitivity[user];
        for (int attempt = 0; attempt < 3; attempt++)
        {
            int top = PickTop(shop, user, ref rng);
            var leaves = shop.LeavesOfTop[top];
            int leaf = leaves[rng.NextInt(leaves.Length)];
            item = PickInLeaf(shop, leaf, ref rng);
            float ratio = shop.LeafMedianPrice[leaf] * wtp / shop.Price[item];
            if (ratio >= 1 || rng.NextDouble() < MathF.Pow(ratio, sensitivity))
                return item;
        }
        return item;
    }

    private static int PickInLeaf(SyntheticShop shop, int leaf, ref SeededRandom rng)
    {
        var cum = shop.LeafCumulativePopularity[leaf];
        int k = UpperBound(cum, rng.NextDouble() * cum[^1]);
        return shop.LeafItems[leaf][k];
    }

    private static void AddDistinct(List<int> basket, int item)
    {
        if (!basket.Contains(item))
            basket.Add(item);
    }

    /// <summary>First index whose cumulative value exceeds <paramref name="x"/> (clamped to the last).</summary>
    private static int UpperBound(double[] cumulative, double x)
    {
        int lo = 0, hi = cumulative.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > x)
                hi = mid;
            else
                lo = mid + 1;
        }
        return lo;
    }
}
