using System.Text.Json.Nodes;
using BundleForge.Artifacts;

namespace BundleForge.BundleRanking;

/// <summary>The learned ranker of a shop's predefined bundles (component <c>bundle-ranker</c>), the blend of
/// <see cref="BundleSignals"/> in served form: a customer's score for bundle t is prior[t] + Σ over the bundles b they
/// took of link[b,t] + overlap·(their items in t) + (1/√items)·Σ over their items i of neighbour[i,t]. Links are the
/// weighted sum of EASE, two-hop, co-taker and content signals cut to each bundle's strongest ones; neighbours are the
/// user→item→user→bundle signal; the prior is popularity; a model with learned vectors (<see cref="CustomerVectors"/>,
/// file <c>learned.bin</c>) adds the blended dot product of the customer's and the bundle's vectors. Bundles nobody took have imputed links and prior (see
/// <see cref="BundleBlend"/>), so they are ranked from their items. Weights are stored as 16-bit floats.</summary>
public sealed class BundleRankerModel
{
    /// <summary>The component folder.</summary>
    public const string Component = "bundle-ranker";
    private const string Kind = "blended-bundle-ranker";
    private const string FileName = "ranker.bin";
    private const int FormatVersion = 2;
    private static ReadOnlySpan<byte> Magic => "BFRANKB\0"u8;

    /// <summary>A model from its parts (see <see cref="BundleBlend.Model"/>).</summary>
    public BundleRankerModel(string[] bundleIds, int[] bundleOffsets, int[] bundleItems, int itemCount, ItemBundleRows links, ItemBundleRows neighbours,
        float overlapWeight, float[] prior, int[] takers, BundleRankerSettings settings, CustomerBundles? customers = null, CustomerVectors? vectors = null)
    {
        ArgumentNullException.ThrowIfNull(bundleIds);
        ArgumentNullException.ThrowIfNull(bundleOffsets);
        ArgumentNullException.ThrowIfNull(bundleItems);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(neighbours);
        ArgumentNullException.ThrowIfNull(prior);
        ArgumentNullException.ThrowIfNull(takers);
        int n = bundleIds.Length;
        if (bundleOffsets.Length != n + 1 || links.ItemCount != n || prior.Length != n || takers.Length != n || neighbours.ItemCount != itemCount)
            throw new ArgumentException("The bundle arrays disagree on the number of bundles or items.", nameof(links));
        if (vectors is not null && vectors.BundleCount != n)
            throw new ArgumentException($"The learned vectors cover {vectors.BundleCount} bundles, not {n}.", nameof(vectors));
        BundleIds = bundleIds;
        BundleOffsets = bundleOffsets;
        BundleItems = bundleItems;
        ItemCount = itemCount;
        Links = links;
        Neighbours = neighbours;
        OverlapWeight = overlapWeight;
        Prior = prior;
        Takers = takers;
        Settings = settings;
        Customers = customers ?? CustomerBundles.Empty;
        Vectors = vectors;
        Membership = ItemBundleRows.Membership(bundleOffsets, bundleItems, itemCount);
    }

    /// <summary>The same model knowing which bundles each customer (by pseudonymous key) took, for serving.</summary>
    public BundleRankerModel WithCustomers(CustomerBundles customers) =>
        new(BundleIds, BundleOffsets, BundleItems, ItemCount, Links, Neighbours, OverlapWeight, Prior, Takers, Settings, customers, Vectors);

    /// <summary>The same model with learned vectors (their weight is the one in <paramref name="vectors"/>).</summary>
    public BundleRankerModel WithVectors(CustomerVectors? vectors) =>
        new(BundleIds, BundleOffsets, BundleItems, ItemCount, Links, Neighbours, OverlapWeight, Prior, Takers, Settings, Customers, vectors);

    /// <summary>The learned vectors blended in, or null (a model trained without a learner, or an older folder).</summary>
    public CustomerVectors? Vectors { get; }

    /// <summary>The shop's bundle ids, in the model's bundle order.</summary>
    public string[] BundleIds { get; }
    /// <summary>Row offsets of each bundle's items in <see cref="BundleItems"/>.</summary>
    public int[] BundleOffsets { get; }
    /// <summary>The items of every bundle (dense catalog ids of the model folder).</summary>
    public int[] BundleItems { get; }
    /// <summary>Catalog size the item ids refer to.</summary>
    public int ItemCount { get; }
    /// <summary>Bundle → bundle links (rows are the bundles taken).</summary>
    public ItemBundleRows Links { get; }
    /// <summary>Item → bundle neighbour weights.</summary>
    public ItemBundleRows Neighbours { get; }
    /// <summary>Item → the bundles holding it.</summary>
    public ItemBundleRows Membership { get; }
    /// <summary>The weight of each of the customer's items a bundle holds.</summary>
    public float OverlapWeight { get; }
    /// <summary>Popularity part of every bundle's score.</summary>
    public float[] Prior { get; }
    /// <summary>Train takers of every bundle (0: a new bundle, ranked from its items).</summary>
    public int[] Takers { get; }
    /// <summary>The settings the model was solved and blended with.</summary>
    public BundleRankerSettings Settings { get; }
    /// <summary>The train bundles of each customer, by pseudonymous key (empty for a model made only to evaluate).</summary>
    public CustomerBundles Customers { get; }

    /// <summary>Bundles ranked.</summary>
    public int BundleCount => BundleIds.Length;

    /// <summary>The items of <paramref name="bundle"/>.</summary>
    public ReadOnlySpan<int> ItemsOf(int bundle) => BundleItems.AsSpan(BundleOffsets[bundle], BundleOffsets[bundle + 1] - BundleOffsets[bundle]);

    /// <summary>Writes the score of every bundle for a customer who took <paramref name="userBundles"/> and interacted
    /// with <paramref name="userItems"/> (distinct dense catalog ids; unknown ones are skipped) into
    /// <paramref name="scores"/>.</summary>
    public void Score(ReadOnlySpan<int> userBundles, ReadOnlySpan<int> userItems, Span<float> scores)
    {
        if (scores.Length != BundleCount)
            throw new ArgumentException($"Expected {BundleCount} scores.", nameof(scores));
        Prior.CopyTo(scores);
        Links.AddTo(userBundles, 1f, scores);
        Membership.AddTo(userItems, OverlapWeight, scores);
        Neighbours.AddTo(userItems, BundleSignals.UserItemScale(CountKnown(userItems)), scores);
    }

    /// <summary><see cref="Score(ReadOnlySpan{int}, ReadOnlySpan{int}, Span{float})"/> plus the learned vectors' part for
    /// the customer with <paramref name="customerKey"/> (none for a customer the learner did not see).</summary>
    public void Score(string? customerKey, ReadOnlySpan<int> userBundles, ReadOnlySpan<int> userItems, Span<float> scores)
    {
        Score(userBundles, userItems, scores);
        Vectors?.AddTo(Vectors.RowOf(customerKey), scores);
    }

    /// <summary>What led to <paramref name="bundle"/> for this customer: the contribution of each bundle they took and
    /// of each of their items (overlap and neighbours together), and of popularity; they sum to its score.</summary>
    public BundleReasons Explain(int bundle, ReadOnlySpan<int> userBundles, ReadOnlySpan<int> userItems)
    {
        var fromBundles = new List<(int Bundle, float Weight)>();
        foreach (int b in userBundles)
        {
            float w = Links.At(b, bundle);
            if (w != 0)
                fromBundles.Add((b, w));
        }
        var fromItems = new List<(int Item, float Weight)>();
        float scale = BundleSignals.UserItemScale(CountKnown(userItems));
        foreach (int i in userItems)
        {
            float w = OverlapWeight * Membership.At(i, bundle) + scale * Neighbours.At(i, bundle);
            if (w != 0)
                fromItems.Add((i, w));
        }
        fromBundles.Sort((a, b) => b.Weight.CompareTo(a.Weight));
        fromItems.Sort((a, b) => b.Weight.CompareTo(a.Weight));
        return new BundleReasons(fromBundles, fromItems, Prior[bundle]);
    }

    /// <summary><see cref="Explain(int, ReadOnlySpan{int}, ReadOnlySpan{int})"/> with the learned vectors' part for
    /// the customer with <paramref name="customerKey"/>.</summary>
    public BundleReasons Explain(string? customerKey, int bundle, ReadOnlySpan<int> userBundles, ReadOnlySpan<int> userItems)
    {
        var reasons = Explain(bundle, userBundles, userItems);
        if (Vectors is null || Vectors.RowOf(customerKey) is not (>= 0 and var row))
            return reasons;
        Span<float> one = stackalloc float[1];
        var single = new CustomerVectors(Vectors.Learner, [customerKey!], Vectors.Users.AsSpan(row * Vectors.Dim, Vectors.Dim).ToArray(),
            Vectors.Bundles.AsSpan(bundle * Vectors.Dim, Vectors.Dim).ToArray(), Vectors.Dim, Vectors.Weight, Vectors.Factor, Vectors.Epochs);
        single.AddTo(0, one);
        return reasons with { FromLearned = one[0] };
    }

    private int CountKnown(ReadOnlySpan<int> items)
    {
        int c = 0;
        foreach (int i in items)
            if ((uint)i < (uint)ItemCount)
                c++;
        return c;
    }

    /// <summary>Writes <c>bundle-ranker/ranker.bin</c> and registers the component; <paramref name="training"/> adds the
    /// training's own parameters (seed, learner settings) to the manifest's.</summary>
    public void Save(ModelWriter writer, JsonObject? metrics = null, JsonObject? training = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteFile(writer.PathFor(Component, FileName));
        Vectors?.Write(writer.PathFor(Component, CustomerVectors.FileName));
        var parameters = new JsonObject
        {
            ["lambda"] = Settings.Lambda,
            ["diagonal_weight"] = Settings.DiagonalWeight,
        };
        if (training is not null)
            foreach (var (name, value) in training)
                parameters[name] = value?.DeepClone();
        for (int s = 1; s < BundleSignals.Count; s++)
            parameters[BundleSignals.Names[s] + "_weight"] = Settings.Weight(s);
        var m = metrics ?? new JsonObject();
        m["bundles"] = BundleCount;
        m["links"] = Links.Bundles.Length;
        m["item_neighbour_entries"] = Neighbours.Bundles.Length;
        if (Vectors is not null)
        {
            parameters["learned_weight"] = Settings.Learned;
            m["learned_customers"] = Vectors.Keys.Length;
            m["learned_dim"] = Vectors.Dim;
        }
        writer.AddComponent(Component, Kind, parameters, m);
    }

    /// <summary>Writes the component's file into <paramref name="targetFolder"/> without the customers of
    /// <paramref name="userKeys"/> (erasure); the links learned from everyone stay. Returns the file names written.</summary>
    public IReadOnlyCollection<string> WriteWithout(IReadOnlySet<string> userKeys, string targetFolder)
    {
        ArgumentNullException.ThrowIfNull(userKeys);
        Directory.CreateDirectory(targetFolder);
        var path = Path.Combine(targetFolder, FileName);
        var temp = path + ".tmp";
        WithCustomers(Customers.Without(userKeys)).WriteFile(temp);
        File.Move(temp, path, overwrite: true);
        if (Vectors is null)
            return [FileName];
        var vectorsPath = Path.Combine(targetFolder, CustomerVectors.FileName);
        Vectors.Without(userKeys).Write(vectorsPath + ".tmp");
        File.Move(vectorsPath + ".tmp", vectorsPath, overwrite: true);
        return [FileName, CustomerVectors.FileName];
    }

    private void WriteFile(string path)
    {
        using var w = ArtifactCodec.Create(path, Magic, FormatVersion);
        w.Write(BundleCount);
        w.Write(ItemCount);
        w.Write(Settings.Lambda);
        w.Write(Settings.DiagonalWeight);
        for (int s = 1; s < BundleSignals.Count; s++)
            w.Write(Settings.Weight(s));
        w.Write(OverlapWeight);
        w.WriteStrings(BundleIds);
        w.WriteFixed<int>(BundleOffsets);
        w.WriteArray<int>(BundleItems);
        w.WriteFixed<int>(Takers);
        w.WriteFixed<float>(Prior);
        WriteRows(w, Links);
        WriteRows(w, Neighbours);
        w.WriteNullableStrings(Customers.Keys);
        w.WriteFixed<int>(Customers.Offsets);
        w.WriteArray<int>(Customers.Bundles);
    }

    /// <summary>Reads the component from a verified model folder (once per reader, then shared).</summary>
    public static BundleRankerModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var path = reader.PathOf(Component, FileName);
        var vectorsPath = reader.PathOf(Component, CustomerVectors.FileName);
        return reader.Shared(Component, () =>
        {
            var model = Read(path);
            // A folder trained without a learner has no learned.bin and serves as before.
            if (!File.Exists(vectorsPath))
                return model;
            var vectors = CustomerVectors.Read(vectorsPath, model.BundleCount);
            return model.WithVectors(vectors);
        });
    }

    private static void WriteRows(ArtifactWriter w, ItemBundleRows rows)
    {
        w.WriteArray<int>(rows.Offsets);
        w.WriteFixed<int>(rows.Bundles);
        var half = new Half[rows.Weights.Length];
        for (int k = 0; k < half.Length; k++)
            half[k] = (Half)rows.Weights[k];
        w.WriteFixed<Half>(half);
    }

    private static ItemBundleRows ReadRows(ArtifactReader r, int rows, int columns, string name)
    {
        var offsets = r.ReadArray<int>();
        if (offsets.Length != rows + 1)
            throw r.Corrupt($"the {name} rows number {offsets.Length - 1}, not {rows}");
        var bundles = r.ReadFixed<int>(offsets[^1]);
        r.ExpectOffsets(offsets, bundles.Length, name);
        r.ExpectIds(bundles, columns, name);
        var half = r.ReadFixed<Half>(bundles.Length);
        var weights = new float[half.Length];
        for (int k = 0; k < half.Length; k++)
            weights[k] = (float)half[k];
        return new ItemBundleRows(offsets, bundles, weights);
    }

    private static BundleRankerModel Read(string path)
    {
        using var r = ArtifactCodec.Open(path, Magic, FormatVersion, "bundle ranker");
        int n = r.ReadCount(4 + 4 + 4);
        int items = r.ReadInt32();
        if (items < 0)
            throw r.Corrupt($"the item count {items} is negative");
        var v = new float[BundleSignals.Count + 1];
        for (int s = 0; s < v.Length; s++)
            v[s] = r.ReadSingle();
        var settings = new BundleRankerSettings(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
        float overlap = r.ReadSingle();
        var ids = r.ReadStrings(n);
        var offsets = r.ReadFixed<int>(n + 1L);
        var bundleItems = r.ReadArray<int>();
        r.ExpectOffsets(offsets, bundleItems.Length, "bundle item");
        r.ExpectIds(bundleItems, items, "bundle item");
        var takers = r.ReadFixed<int>(n);
        var prior = r.ReadFixed<float>(n);
        var links = ReadRows(r, n, n, "bundle link");
        var neighbours = ReadRows(r, items, n, "item neighbour");
        var keys = r.ReadNullableStrings();
        var customerOffsets = r.ReadFixed<int>(keys.Length + 1L);
        var customerBundles = r.ReadArray<int>();
        r.ExpectOffsets(customerOffsets, customerBundles.Length, "customer bundle");
        r.ExpectIds(customerBundles, n, "customer bundle");
        r.ExpectEnd();
        var named = new string[keys.Length];
        for (int x = 0; x < keys.Length; x++)
            named[x] = keys[x] ?? throw r.Corrupt($"customer {x} has no key");
        return new BundleRankerModel(ids, offsets, bundleItems, items, links, neighbours, overlap, prior, takers, settings,
            new CustomerBundles(named, customerOffsets, customerBundles));
    }
}
