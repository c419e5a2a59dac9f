using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using BundleForge.Artifacts;

namespace BundleForge.BundleRanking;

/// <summary>The learned ranker of a shop's predefined bundles (component <c>bundle-ranker</c>): a bundle-to-bundle
/// weight matrix W solved in closed form (EASE, Steck 2019) on the Gram matrix G of user–bundle interactions, with the
/// ridge λ plus q·diag(G) on its diagonal (the dropout penalty of Steck's EDLAE) and, optionally, the Gram matrix of
/// the users' item overlap with the bundles. A customer's scores are x·W (x marks the bundles taken) plus, scaled to the
/// best of them, a·(the customer's idf-weighted item overlap with each bundle ÷ its maximum) and p·popularity. The
/// item term ranks bundles nobody has taken yet from their items; the model holds the bundles' items, so it ranks from
/// a customer's bundles and items alone.</summary>
public sealed class BundleRankerModel
{
    /// <summary>The component folder.</summary>
    public const string Component = "bundle-ranker";
    private const string Kind = "ease-bundle-ranker";
    private const string FileName = "ranker.bin";
    private const int FormatVersion = 1;
    private static ReadOnlySpan<byte> Magic => "BFRANKB\0"u8;

    private readonly float[] _weights;
    private readonly int[] _itemBundleOffsets;
    private readonly int[] _itemBundles;

    /// <summary>A model from its parts; <paramref name="weights"/> is the bundle-by-bundle matrix W, row-major.</summary>
    public BundleRankerModel(string[] bundleIds, int[] bundleOffsets, int[] bundleItems, int itemCount, float[] weights, float[] popularity,
        BundleRankerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(bundleIds);
        ArgumentNullException.ThrowIfNull(bundleOffsets);
        ArgumentNullException.ThrowIfNull(bundleItems);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(popularity);
        int n = bundleIds.Length;
        if (bundleOffsets.Length != n + 1 || weights.LongLength != (long)n * n || popularity.Length != n)
            throw new ArgumentException("The bundle arrays disagree on the number of bundles.", nameof(weights));
        BundleIds = bundleIds;
        BundleOffsets = bundleOffsets;
        BundleItems = bundleItems;
        ItemCount = itemCount;
        _weights = weights;
        Popularity = popularity;
        Settings = settings;
        (_itemBundleOffsets, _itemBundles) = InvertMembership(bundleOffsets, bundleItems, itemCount);
        ItemWeights = InverseBundleFrequency(_itemBundleOffsets, n);
    }

    /// <summary>The shop's bundle ids, in the model's bundle order.</summary>
    public string[] BundleIds { get; }
    /// <summary>Row offsets of each bundle's items in <see cref="BundleItems"/>.</summary>
    public int[] BundleOffsets { get; }
    /// <summary>The items of every bundle (dense catalog ids of the model folder).</summary>
    public int[] BundleItems { get; }
    /// <summary>Catalog size the item ids refer to.</summary>
    public int ItemCount { get; }
    /// <summary>Train takers of each bundle, scaled to [0, 1].</summary>
    public float[] Popularity { get; }
    /// <summary>The settings W was solved with and the scoring weights.</summary>
    public BundleRankerSettings Settings { get; }
    /// <summary>Weight of each item in the item-affinity term: ln((bundles + 1) ÷ (bundles holding it + 1)).</summary>
    public float[] ItemWeights { get; }

    /// <summary>Bundles ranked.</summary>
    public int BundleCount => BundleIds.Length;

    /// <summary>The items of <paramref name="bundle"/>.</summary>
    public ReadOnlySpan<int> ItemsOf(int bundle) => BundleItems.AsSpan(BundleOffsets[bundle], BundleOffsets[bundle + 1] - BundleOffsets[bundle]);

    /// <summary>Row <paramref name="bundle"/> of W: what taking (or overlapping) that bundle adds to every bundle's score.</summary>
    public ReadOnlySpan<float> WeightsFrom(int bundle) => _weights.AsSpan(bundle * BundleCount, BundleCount);

    /// <summary>Writes the score of every bundle for a customer who took <paramref name="userBundles"/> and interacted
    /// with <paramref name="userItems"/> (dense catalog ids; unknown ones are skipped) into <paramref name="scores"/>.
    /// <paramref name="affinity"/> is a workspace of <see cref="BundleCount"/> floats.</summary>
    public void Score(ReadOnlySpan<int> userBundles, ReadOnlySpan<int> userItems, Span<float> scores, Span<float> affinity)
    {
        FromBundles(userBundles, scores);
        bool any = Affinity(userItems, affinity);
        Blend(scores, any ? affinity : default, Settings.ItemAffinityWeight, Settings.PopularityWeight);
    }

    /// <summary>x·W: the EASE part of the scores.</summary>
    public void FromBundles(ReadOnlySpan<int> userBundles, Span<float> scores)
    {
        int n = BundleCount;
        if (scores.Length != n)
            throw new ArgumentException($"Expected {n} scores.", nameof(scores));
        scores.Clear();
        foreach (int b in userBundles)
            if ((uint)b < (uint)n)
                TensorPrimitives.Add(scores, WeightsFrom(b), scores);
    }

    /// <summary>Adds the item-affinity term (weight <paramref name="itemWeight"/>, from <paramref name="affinity"/>
    /// unless it is empty) and popularity (weight <paramref name="popularityWeight"/>) to the EASE scores, both scaled
    /// to the best EASE score so the weights mean the same for every customer.</summary>
    public void Blend(Span<float> scores, ReadOnlySpan<float> affinity, float itemWeight, float popularityWeight)
    {
        float best = Math.Max(TensorPrimitives.Max<float>(scores), 1e-6f);
        if (itemWeight > 0 && !affinity.IsEmpty)
        {
            float top = TensorPrimitives.Max<float>(affinity);
            if (top > 0)
                TensorPrimitives.MultiplyAdd(affinity, itemWeight * best / top, scores, scores);
        }
        if (popularityWeight > 0)
            TensorPrimitives.MultiplyAdd(Popularity, popularityWeight * best, scores, scores);
    }

    /// <summary>The customer's idf-weighted item overlap with each bundle; false when there is none.</summary>
    public bool Affinity(ReadOnlySpan<int> userItems, Span<float> affinity)
    {
        affinity.Clear();
        bool any = false;
        foreach (int i in userItems)
        {
            if ((uint)i >= (uint)ItemCount)
                continue;
            float w = ItemWeights[i];
            for (int k = _itemBundleOffsets[i]; k < _itemBundleOffsets[i + 1]; k++)
            {
                affinity[_itemBundles[k]] += w;
                any = true;
            }
        }
        return any;
    }

    /// <summary>Writes <c>bundle-ranker/ranker.bin</c> and registers the component.</summary>
    public void Save(ModelWriter writer, JsonObject? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using (var w = ArtifactCodec.Create(writer.PathFor(Component, FileName), Magic, FormatVersion))
        {
            w.Write(BundleCount);
            w.Write(ItemCount);
            w.Write(Settings.Lambda);
            w.Write(Settings.DiagonalWeight);
            w.Write(Settings.ItemViewWeight);
            w.Write(Settings.ItemAffinityWeight);
            w.Write(Settings.PopularityWeight);
            w.WriteStrings(BundleIds);
            w.WriteFixed<int>(BundleOffsets);
            w.WriteArray<int>(BundleItems);
            w.WriteFixed<float>(Popularity);
            w.WriteFixed<float>(_weights);
        }
        var parameters = new JsonObject
        {
            ["lambda"] = Settings.Lambda,
            ["diagonal_weight"] = Settings.DiagonalWeight,
            ["item_view_weight"] = Settings.ItemViewWeight,
            ["item_affinity_weight"] = Settings.ItemAffinityWeight,
            ["popularity_weight"] = Settings.PopularityWeight,
        };
        var m = metrics ?? new JsonObject();
        m["bundles"] = BundleCount;
        writer.AddComponent(Component, Kind, parameters, m);
    }

    /// <summary>Reads the component from a verified model folder (once per reader, then shared).</summary>
    public static BundleRankerModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var path = reader.PathOf(Component, FileName);
        return reader.Shared(Component, () => Read(path));
    }

    private static BundleRankerModel Read(string path)
    {
        using var r = ArtifactCodec.Open(path, Magic, FormatVersion, "bundle ranker");
        int n = r.ReadCount(4 + 4 + 4);
        int items = r.ReadInt32();
        if (items < 0)
            throw r.Corrupt($"the item count {items} is negative");
        var settings = new BundleRankerSettings(r.ReadSingle(), r.ReadSingle(), r.ReadSingle(), r.ReadSingle(), r.ReadSingle());
        var ids = r.ReadStrings(n);
        var offsets = r.ReadFixed<int>(n + 1L);
        var bundleItems = r.ReadArray<int>();
        r.ExpectOffsets(offsets, bundleItems.Length, "bundle item");
        r.ExpectIds(bundleItems, items, "bundle item");
        var popularity = r.ReadFixed<float>(n);
        var weights = r.ReadFixed<float>((long)n * n);
        r.ExpectEnd();
        return new BundleRankerModel(ids, offsets, bundleItems, items, weights, popularity, settings);
    }

    private static (int[] Offsets, int[] Bundles) InvertMembership(int[] bundleOffsets, int[] bundleItems, int itemCount)
    {
        var offsets = new int[itemCount + 1];
        foreach (int i in bundleItems)
            if ((uint)i < (uint)itemCount)
                offsets[i + 1]++;
        for (int i = 0; i < itemCount; i++)
            offsets[i + 1] += offsets[i];
        var bundles = new int[offsets[itemCount]];
        var next = offsets[..^1];
        for (int b = 0; b + 1 < bundleOffsets.Length; b++)
            for (int k = bundleOffsets[b]; k < bundleOffsets[b + 1]; k++)
                if ((uint)bundleItems[k] < (uint)itemCount)
                    bundles[next[bundleItems[k]]++] = b;
        return (offsets, bundles);
    }

    private static float[] InverseBundleFrequency(int[] itemBundleOffsets, int bundles)
    {
        var weights = new float[itemBundleOffsets.Length - 1];
        for (int i = 0; i < weights.Length; i++)
            weights[i] = MathF.Log((bundles + 1f) / (itemBundleOffsets[i + 1] - itemBundleOffsets[i] + 1f));
        return weights;
    }
}
