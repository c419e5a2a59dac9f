using System.Numerics.Tensors;
using BundleForge.Data;
using BundleForge.Privacy;

namespace BundleForge.Embeddings;

/// <summary>Profiles and their vectors, row r of <see cref="Vectors"/> belonging to <see cref="Profiles"/>[r].</summary>
public sealed record UserProfiles(List<UserProfile> Profiles, float[] Vectors, int Dimensions);

/// <summary>Builds user profiles: the recency-weighted mean of the unit vectors of what each user bought (weight 1),
/// carted (0.5) and viewed (0.2), with weights halving every <see cref="HalfLifeDays"/> before the user's last
/// event (every <see cref="HalfLifeDays"/> events when the data has no real time); plus category, brand and price-band
/// shares and a price-sensitivity estimate.</summary>
public sealed class UserProfileBuilder
{
    public double HalfLifeDays { get; init; } = 30;
    public float PurchaseWeight { get; init; } = 1f;
    public float CartWeight { get; init; } = 0.5f;
    public float ViewWeight { get; init; } = 0.2f;
    public int TopNames { get; init; } = 5;

    /// <summary>One profile per user with events, in the order of the interaction table.</summary>
    public UserProfiles Build(Dataset data, ItemEmbeddings embeddings, AttributeEncodings encodings, Pseudonymizer pseudonymizer,
        CancellationToken cancellation = default)
    {
        int d = embeddings.Dimensions;
        var t = data.Interactions;
        var catalog = data.Items;
        int r = 0;
        while (r < t.Count && t.User[r] < 0)
            r++;
        // Sized up front: a growing list of floats peaks at three times the final array, gigabytes at millions of users.
        int users = 0;
        for (int k = r; k < t.Count; k++)
            if (k == r || t.User[k] != t.User[k - 1])
                users++;
        var profiles = new List<UserProfile>(users);
        var vectors = new float[(long)users * d];
        var vector = new float[d];
        var unit = new float[d];
        while (r < t.Count)
        {
            int user = t.User[r];
            if ((profiles.Count & 4095) == 0)
                cancellation.ThrowIfCancellationRequested();
            int end = r;
            while (end < t.Count && t.User[end] == user)
                end++;
            var p = new UserProfile { Key = pseudonymizer.Key(data.Users.Ids[user]), Events = end - r, PriceBands = new float[encodings.PriceBands] };
            long last = t.Time[end - 1];
            Array.Clear(vector);
            var categories = new Dictionary<int, float>();
            var brands = new Dictionary<int, float>();
            var spend = new Dictionary<int, float>();
            int priced = 0, discounted = 0;
            float total = 0;
            for (int k = r; k < end; k++)
            {
                int item = t.Item[k];
                double age = data.HasRealTime ? (last - t.Time[k]) / 86_400.0 : end - 1 - k;
                float w = (float)Math.Pow(0.5, age / HalfLifeDays) * KindWeight(t.Kind[k]);
                if (w <= 0)
                    continue;
                total += w;
                if (embeddings.HasVector(item))
                {
                    embeddings.InputOf(item).CopyTo(unit);
                    if (VectorMath.NormalizeInPlace(unit))
                        TensorPrimitives.MultiplyAdd(unit, w, vector, vector);
                }
                int leaf = encodings.LeafOf(item);
                if (leaf >= 0)
                    categories[leaf] = categories.GetValueOrDefault(leaf) + w;
                int brand = encodings.ItemBrand[item];
                if (brand >= 0)
                    brands[brand] = brands.GetValueOrDefault(brand) + w;
                int band = encodings.ItemPriceBand[item];
                if (band >= 0)
                    p.PriceBands[band] += w;
                if (t.Kind[k] == EventKind.Purchase)
                {
                    p.Purchases++;
                    float paid = !float.IsNaN(t.Price[k]) ? t.Price[k] : catalog.Price[item];
                    if (!float.IsNaN(paid) && t.Order[k] >= 0)
                        spend[t.Order[k]] = spend.GetValueOrDefault(t.Order[k]) + paid * Math.Max(1f, t.Quantity[k]);
                    if (!float.IsNaN(t.Price[k]) && !float.IsNaN(catalog.Price[item]))
                    {
                        priced++;
                        if (t.Price[k] < catalog.Price[item] * 0.995f)
                            discounted++;
                    }
                }
            }
            if (total > 0)
            {
                for (int b = 0; b < p.PriceBands.Length; b++)
                    p.PriceBands[b] = MathF.Round(p.PriceBands[b] / total, 4);
                p.Categories = Top(categories, total, LeafName(encodings));
                p.Brands = Top(brands, total, id => encodings.Brands[id]);
            }
            if (spend.Count > 0)
            {
                var sorted = spend.Values.Order().ToArray();
                p.TypicalSpend = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
            }
            if (priced > 0)
                p.DiscountShare = discounted / (float)priced;
            VectorMath.NormalizeInPlace(vector);
            vector.CopyTo(vectors.AsSpan(profiles.Count * d, d));
            profiles.Add(p);
            r = end;
        }
        return new UserProfiles(profiles, vectors, d);
    }

    private float KindWeight(EventKind kind) => kind switch
    {
        EventKind.Purchase => PurchaseWeight,
        EventKind.Cart => CartWeight,
        _ => ViewWeight,
    };

    private List<WeightedName> Top(Dictionary<int, float> weights, float total, Func<int, string> name) =>
        weights.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(TopNames)
            .Select(kv => new WeightedName(name(kv.Key), MathF.Round(kv.Value / total, 4))).ToList();

    private static Func<int, string> LeafName(AttributeEncodings e) => leaf =>
    {
        foreach (var level in e.CategoryLevels)
        {
            if (leaf < level.Count)
                return level[leaf];
            leaf -= level.Count;
        }
        return "?";
    };
}
