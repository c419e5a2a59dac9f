using System.Text.Json.Nodes;
using BundleForge.Artifacts;
using BundleForge.Data;
using BundleForge.Privacy;

namespace BundleForge.Baseline;

/// <summary>The baseline model every served model carries: the item catalog, item popularity, the top co-purchase
/// neighbours of every item, and per-user purchase histories keyed by pseudonymous key. Stored as the
/// <c>baseline</c> component (catalog.bin, cooccurrence.bin, profiles.bin).</summary>
public sealed class BaselineModel
{
    public const string ComponentName = "baseline";
    public const string CatalogFile = "catalog.bin";
    public const string CooccurrenceFile = "cooccurrence.bin";
    public const string ProfilesFile = "profiles.bin";
    /// <summary>The pseudonymous key of this constant is stored so the server can tell it runs with another secret.</summary>
    public const string PseudonymProbe = "bundleforge:pseudonym-probe";

    /// <summary>The items by dense id: the shop's ids, titles, categories and list prices (the baseline stores no
    /// brands, costs or stock, so those read as unknown).</summary>
    public required ItemCatalog Catalog { get; init; }
    /// <summary>Baskets containing each item (all baskets).</summary>
    public required int[] Popularity { get; init; }
    /// <summary>Baskets containing each item among the baskets used for co-purchase counting.</summary>
    public required int[] PairBasis { get; init; }
    /// <summary>Number of baskets used for co-purchase counting.</summary>
    public required int PairBaskets { get; init; }
    /// <summary>Neighbour lists in compressed sparse rows, best first: item <c>i</c>'s neighbours are
    /// <c>NeighbourItems[NeighbourOffsets[i]..NeighbourOffsets[i+1]]</c>.</summary>
    public required int[] NeighbourOffsets { get; init; }
    public required int[] NeighbourItems { get; init; }
    /// <summary>Baskets holding both items.</summary>
    public required int[] NeighbourCounts { get; init; }
    /// <summary>Co-purchase strength c_ij / sqrt(c_i c_j).</summary>
    public required float[] NeighbourScores { get; init; }
    public required PurchaseHistories Profiles { get; init; }
    public required int MinCoPurchases { get; init; }

    /// <summary>Trains the baseline from a dataset; user ids are replaced by <paramref name="pseudonymizer"/> keys.</summary>
    public static BaselineModel Build(Dataset data, Pseudonymizer pseudonymizer, BaselineOptions options, IProgress<ProgressUpdate>? progress = null,
        CancellationToken cancellation = default)
    {
        options.Validate();
        int n = data.Items.Count;
        var baskets = data.Baskets;
        progress?.Report(new ProgressUpdate("baseline: popularity", 0));
        var popularity = new int[n];
        var basis = new int[n];
        int pairBaskets = 0;
        for (int b = 0; b < baskets.Count; b++)
        {
            var items = baskets[b];
            foreach (var i in items)
                popularity[i]++;
            if (items.Length < 2 || items.Length > options.MaxBasketSize)
                continue;
            pairBaskets++;
            foreach (var i in items)
                basis[i]++;
        }
        progress?.Report(new ProgressUpdate("baseline: co-purchases", 0));
        var pairs = ItemCooccurrence.Build(baskets, n, options.MaxBasketSize, cancellation: cancellation);
        var perItem = new (int[] Items, int[] Counts, float[] Scores)[n];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = options.Threads, CancellationToken = cancellation },
            i => perItem[i] = TopNeighbours(i, pairs.NeighborsOf(i), pairs.CountsOf(i), basis, options.Neighbours));
        var offsets = new int[n + 1];
        for (int i = 0; i < n; i++)
            offsets[i + 1] = offsets[i] + perItem[i].Items.Length;
        var nItems = new int[offsets[n]];
        var nCounts = new int[offsets[n]];
        var nScores = new float[offsets[n]];
        for (int i = 0; i < n; i++)
        {
            perItem[i].Items.CopyTo(nItems, offsets[i]);
            perItem[i].Counts.CopyTo(nCounts, offsets[i]);
            perItem[i].Scores.CopyTo(nScores, offsets[i]);
        }

        cancellation.ThrowIfCancellationRequested();
        progress?.Report(new ProgressUpdate("baseline: profiles", 0));
        var profiles = PurchaseHistories.FromSequences(data.Users, data.Sequences, pseudonymizer, options.MaxHistory);
        progress?.Report(new ProgressUpdate("baseline", 1));
        return new BaselineModel
        {
            Catalog = CatalogOf(data.Items.Ids, data.Items.Titles, data.Items.Categories, data.Items.Price),
            Popularity = popularity,
            PairBasis = basis,
            PairBaskets = pairBaskets,
            NeighbourOffsets = offsets,
            NeighbourItems = nItems,
            NeighbourCounts = nCounts,
            NeighbourScores = nScores,
            Profiles = profiles,
            MinCoPurchases = options.MinCoPurchases,
        };
    }

    /// <summary>The top <paramref name="m"/> co-purchased items of <paramref name="item"/> by c_ij / sqrt(c_i c_j),
    /// strongest first (ties: more co-purchases, then lower id, so training is deterministic).</summary>
    private static (int[] Items, int[] Counts, float[] Scores) TopNeighbours(int item, ReadOnlySpan<int> neighbours, ReadOnlySpan<int> counts, int[] basis, int m)
    {
        int t = neighbours.Length;
        var keys = new float[t];
        double bi = basis[item];
        for (int x = 0; x < t; x++)
            keys[x] = (float)(counts[x] / Math.Sqrt(bi * basis[neighbours[x]]));
        var order = new int[t];
        for (int x = 0; x < t; x++)
            order[x] = x;
        var cand = neighbours.ToArray();
        var co = counts.ToArray();
        Array.Sort(order, (a, b) =>
        {
            int c = keys[b].CompareTo(keys[a]);
            if (c != 0)
                return c;
            c = co[b].CompareTo(co[a]);
            return c != 0 ? c : cand[a].CompareTo(cand[b]);
        });
        int k = Math.Min(m, t);
        var items = new int[k];
        var kept = new int[k];
        var scores = new float[k];
        for (int x = 0; x < k; x++)
        {
            items[x] = cand[order[x]];
            kept[x] = co[order[x]];
            scores[x] = keys[order[x]];
        }
        return (items, kept, scores);
    }

    /// <summary>The catalog columns the baseline keeps; a trained and a loaded model hold the same catalog.</summary>
    private static ItemCatalog CatalogOf(string[] ids, string?[] titles, string?[] categories, float[] price)
    {
        int n = ids.Length;
        var cost = new float[n];
        var stock = new int[n];
        Array.Fill(cost, float.NaN);
        Array.Fill(stock, -1);
        return new ItemCatalog(ids, titles, categories, new string?[n], price, cost, stock, costAssumed: false);
    }

    /// <summary>Writes the component into a model folder being written.</summary>
    public void Save(ModelWriter writer, BaselineOptions options, Pseudonymizer pseudonymizer, JsonObject? metrics = null)
    {
        using (var w = BaselineFile.Create(writer.PathFor(ComponentName, CatalogFile), "catalog"))
        {
            w.WriteNullableStrings(Catalog.Ids);
            w.WriteNullableStrings(Catalog.Titles);
            w.WriteNullableStrings(Catalog.Categories);
            w.WriteArray<float>(Catalog.Price);
            w.WriteArray<int>(Popularity);
        }
        using (var w = BaselineFile.Create(writer.PathFor(ComponentName, CooccurrenceFile), "cooccurrence"))
        {
            w.Write(PairBaskets);
            w.WriteArray<int>(PairBasis);
            w.WriteArray<int>(NeighbourOffsets);
            w.WriteArray<int>(NeighbourItems);
            w.WriteArray<int>(NeighbourCounts);
            w.WriteArray<float>(NeighbourScores);
        }
        Profiles.Write(writer.PathFor(ComponentName, ProfilesFile));
        var parameters = new JsonObject
        {
            ["neighbours"] = options.Neighbours,
            ["min_co_purchases"] = options.MinCoPurchases,
            ["max_basket_size"] = options.MaxBasketSize,
            ["max_history"] = options.MaxHistory,
            ["pseudonym_probe"] = pseudonymizer.Key(PseudonymProbe),
        };
        metrics ??= new JsonObject();
        metrics["items"] = Catalog.Count;
        metrics["pair_baskets"] = PairBaskets;
        metrics["neighbour_pairs"] = NeighbourItems.Length;
        metrics["profiles"] = Profiles.Count;
        writer.AddComponent(ComponentName, "popularity+co-purchase", parameters, metrics);
    }

    /// <summary>Reads and validates the component of a verified model folder.</summary>
    public static BaselineModel Load(ModelReader reader)
    {
        var component = reader.Manifest.Components.GetValueOrDefault(ComponentName)
            ?? throw new DataException($"The model has no '{ComponentName}' component, which serving needs (it has: {string.Join(", ", reader.Manifest.Components.Keys)}). Train it with --models {ComponentName}.", reader.Directory);
        int minCo = component.Parameters["min_co_purchases"]?.GetValue<int>() ?? 2;
        var catalogPath = reader.PathOf(ComponentName, CatalogFile);
        ItemCatalog catalog;
        int[] popularity;
        using (var r = BaselineFile.Open(catalogPath, "catalog"))
        {
            var ids = r.ReadNullableStrings();
            var titles = r.ReadNullableStrings();
            var categories = r.ReadNullableStrings();
            var price = r.ReadArray<float>();
            popularity = r.ReadArray<int>();
            r.ExpectEnd();
            if (ids.Any(i => i is null) || titles.Length != ids.Length || categories.Length != ids.Length || price.Length != ids.Length || popularity.Length != ids.Length)
                throw r.Error("The catalog's columns disagree in length.");
            catalog = CatalogOf(ids!, titles, categories, price);
        }
        int n = catalog.Count;
        var coPath = reader.PathOf(ComponentName, CooccurrenceFile);
        using var c = BaselineFile.Open(coPath, "cooccurrence");
        int pairBaskets = c.ReadInt32();
        var basis = c.ReadArray<int>();
        var offsets = c.ReadArray<int>();
        var items = c.ReadArray<int>();
        var counts = c.ReadArray<int>();
        var scores = c.ReadArray<float>();
        c.ExpectEnd();
        if (basis.Length != n || offsets.Length != n + 1 || counts.Length != items.Length || scores.Length != items.Length)
            throw c.Error("The co-purchase table does not match the catalog.");
        c.ExpectOffsets(offsets, items.Length, "neighbour");
        c.ExpectIds(items, n, "neighbour item");
        var profiles = PurchaseHistories.Read(reader.PathOf(ComponentName, ProfilesFile), n);
        return new BaselineModel
        {
            Catalog = catalog,
            Popularity = popularity,
            PairBasis = basis,
            PairBaskets = pairBaskets,
            NeighbourOffsets = offsets,
            NeighbourItems = items,
            NeighbourCounts = counts,
            NeighbourScores = scores,
            Profiles = profiles,
            MinCoPurchases = minCo,
        };
    }
}
