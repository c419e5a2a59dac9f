using BundleForge.Artifacts;
using BundleForge.Baseline;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Neural;
using BundleForge.Privacy;

namespace BundleForge.Server.Tests;

/// <summary>A tiny generated shop with known structure: I00+I01 bought together 30 times, I02+I03 15 times, the trio
/// I10+I11+I12 10 times, I19 the most popular item but always alone. Users are "user-0".."user-9" round-robin, and
/// "loner" bought only I02.</summary>
internal static class TestData
{
    public const string Secret = "test-secret-0123456789";
    public static Pseudonymizer Pseudonymizer { get; } = new(System.Text.Encoding.UTF8.GetBytes(Secret));

    public static Dataset Dataset()
    {
        var ids = Enumerable.Range(0, 20).Select(i => $"I{i:00}").ToArray();
        var categories = ids.Select((_, i) => i < 10 ? "Home>Kitchen" : "Toys").ToArray<string?>();
        var titles = ids.Select(i => "Item " + i).ToArray<string?>();
        var price = ids.Select((_, i) => 1f + i).ToArray();
        var catalog = new ItemCatalog(ids, titles, categories, new string?[20], price, price.Select(p => p * 0.6f).ToArray(), new int[20], true);
        var baskets = new List<int[]>();
        for (int r = 0; r < 30; r++)
            baskets.Add(r % 2 == 0 ? [0, 1, 5] : [0, 1]);
        for (int r = 0; r < 15; r++)
            baskets.Add([2, 3]);
        for (int r = 0; r < 10; r++)
            baskets.Add([10, 11, 12]);
        for (int r = 0; r < 40; r++)
            baskets.Add([19]);
        baskets.Add([2]); // the loner's basket
        var userIds = Enumerable.Range(0, 10).Select(u => $"user-{u}").Append("loner").ToArray();
        var basketUser = baskets.Select((_, b) => b == baskets.Count - 1 ? 10 : b % 10).ToArray();
        var basketTime = baskets.Select((_, b) => 1_700_000_000L + b * 3600).ToArray();
        var set = BasketSet.FromLists(baskets, basketUser, basketTime);
        var rows = new List<(int User, int Item, long Time, int Order)>();
        for (int b = 0; b < set.Count; b++)
            foreach (var i in set[b])
                rows.Add((basketUser[b], i, basketTime[b], b));
        rows.Sort((a, b) => a.User != b.User ? a.User.CompareTo(b.User) : a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Order.CompareTo(b.Order));
        int n = rows.Count;
        var interactions = new InteractionTable(rows.Select(r => r.User).ToArray(), rows.Select(r => r.Item).ToArray(), rows.Select(r => r.Time).ToArray(),
            rows.Select(r => r.Order).ToArray(), new EventKind[n], Enumerable.Repeat(1f, n).ToArray(), Enumerable.Repeat(float.NaN, n).ToArray());
        return new Dataset
        {
            Items = catalog,
            Users = new UserTable(userIds),
            Interactions = interactions,
            Baskets = set,
            Report = new CleaningReport(),
            Format = "test",
            HasRealTime = true,
        };
    }

    public static readonly BaselineOptions Options = new() { Neighbours = 10, MinCoPurchases = 2, Threads = 1 };

    /// <summary>Small, fast and bit-reproducible item2vec settings for the generated shop (baskets only: its users all
    /// buy the same items in the same order, so their histories would blur the basket structure).</summary>
    public static readonly Item2VecOptions Item2Vec = new() { Dimensions = 16, Epochs = 40, Sample = 0, UseHistories = false, Deterministic = true, Threads = 1, Seed = 7 };

    /// <summary>Trains the baseline (and optionally item2vec, a tiny SASRec, the text vectors and the bundle engine) on the generated shop, or on
    /// <paramref name="data"/>, into a new model folder (or <paramref name="dir"/>, replaced) and returns its path.</summary>
    public static string WriteModel(string? dir = null, bool item2vec = false, bool sasrec = false, Dataset? data = null, bool bundles = false,
        BundleForge.Bundles.Strategy.MarketStrategy? strategy = null, bool text = false)
    {
        dir ??= Path.Combine(TempDir(), "model");
        data ??= Dataset();
        var model = BaselineModel.Build(data, Pseudonymizer, Options);
        using var writer = new ModelWriter(dir, data.Fingerprint, data.Format);
        model.Save(writer, Options, Pseudonymizer);
        if (item2vec)
            Item2VecModel.Train(data, Item2Vec, Pseudonymizer).Model.Save(writer, Item2Vec, new System.Text.Json.Nodes.JsonObject());
        if (sasrec)
        {
            var trained = SequenceTrainer.Train(data.Sequences, data.Items.Count, new SequenceModelOptions
            {
                Kind = SequenceModelKind.SasRec,
                MaxLength = 8,
                Dim = 16,
                Blocks = 1,
                Heads = 2,
                Epochs = 2,
                BatchSize = 16,
                Seed = 2,
                Threads = 1,
            });
            SequenceModelArtifact.Write(writer, trained.Network, data.Items.Ids);
        }
        if (text)
            new BundleForge.Text.TextModelTrainer(new BundleForge.Text.TextModelOptions()).Train(new BundleForge.Training.TrainingContext(data, writer, 1, 1, Pseudonymizer, null), CancellationToken.None);
        if (bundles)
        {
            CatalogComponent.Save(writer, data.Items);
            BundleForge.Bundles.Engine.BundleModel.Build(data, data.Baskets, Pseudonymizer, strategy).Save(writer);
        }
        writer.Commit();
        return dir;
    }

    public static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "bf-server-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }

    /// <summary>True when <paramref name="text"/> occurs anywhere in the bytes of the files under <paramref name="dir"/>.</summary>
    public static bool AnyFileContains(string dir, string text)
    {
        var needle = System.Text.Encoding.UTF8.GetBytes(text);
        foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            if (File.ReadAllBytes(f).AsSpan().IndexOf(needle) >= 0)
                return true;
        return false;
    }
}
