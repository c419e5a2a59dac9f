using System.Numerics.Tensors;
using System.Text.Json;
using System.Text.Json.Nodes;
using BundleForge.Artifacts;
using BundleForge.Data;
using BundleForge.Privacy;
using BundleForge.Training;

namespace BundleForge.Embeddings;

/// <summary>The <c>item2vec</c> component of a model folder: input and output item vectors, the shop's item ids,
/// attribute encodings, basket co-occurrence counts and user profiles (pseudonymous keys only).</summary>
public sealed class Item2VecModel
{
    public const string Component = "item2vec";
    public const string IndexFile = "index.hnsw";
    private ExactCosineIndex? _exact;
    private float[]? _unitInput;
    private PairRelationScorer? _relations;
    private Dictionary<string, int>? _ids;

    public Item2VecModel(ItemEmbeddings embeddings, string[] itemIds, string?[] titles, AttributeEncodings encodings, ItemCooccurrence cooccurrence, UserProfiles? profiles)
    {
        if (itemIds.Length != embeddings.Count || titles.Length != embeddings.Count)
            throw new ArgumentException("One id and title per item.");
        Embeddings = embeddings;
        ItemIds = itemIds;
        Titles = titles;
        Encodings = encodings;
        Cooccurrence = cooccurrence;
        Profiles = profiles;
    }

    public ItemEmbeddings Embeddings { get; }
    public string[] ItemIds { get; }
    public string?[] Titles { get; }
    public AttributeEncodings Encodings { get; }
    public ItemCooccurrence Cooccurrence { get; }
    public UserProfiles? Profiles { get; }
    /// <summary>The HNSW index over the input vectors, present when the catalog reached
    /// <see cref="Item2VecOptions.ApproximateIndexFromItems"/> items with a vector (saved with the model).</summary>
    public HnswIndex? ApproximateIndex { get; private set; }
    /// <summary>The index <see cref="Similar"/> searches: the HNSW index when there is one, otherwise the exact index.</summary>
    public IVectorIndex Index => ApproximateIndex ?? (IVectorIndex)(_exact ??= new ExactCosineIndex(Embeddings.Input, Embeddings.Dimensions));
    /// <summary>The input vectors scaled to unit length, row by row (a zero or non-finite row becomes zeros), computed
    /// once and shared by every reader of the model (recommender, pair scoring, profiles) instead of a copy each or
    /// normalising per request.</summary>
    public ReadOnlySpan<float> UnitInput =>
        LazyInitializer.EnsureInitialized(ref _unitInput, () => VectorMath.NormalizeRows(Embeddings.Input, Embeddings.Dimensions));

    /// <summary>Item <paramref name="item"/>'s unit input vector (all zeros when it has none).</summary>
    public ReadOnlySpan<float> UnitInputOf(int item) => UnitInput.Slice(item * Embeddings.Dimensions, Embeddings.Dimensions);

    /// <summary>Items that have a vector (trained or content-based).</summary>
    public int ItemsWithVectors
    {
        get
        {
            int n = 0;
            for (int i = 0; i < Embeddings.Count; i++)
                if (Embeddings.HasVector(i))
                    n++;
            return n;
        }
    }
    public PairRelationScorer Relations => _relations ??= new PairRelationScorer(Embeddings, Cooccurrence, LeafCategories());

    /// <summary>What <see cref="Train"/> measured.</summary>
    public sealed record TrainingReport(double Seconds, double WordsPerSecond, int Vocabulary, long RawTokens, int ColdStartItems, int Profiles) : ModelReport
    {
        /// <inheritdoc />
        public override string Component => Item2VecModel.Component;
    }

    /// <summary>Trains vectors on the dataset's baskets and user histories, then encodes attributes, fills cold-start
    /// vectors, counts co-occurrence and builds profiles.</summary>
    public static (Item2VecModel Model, TrainingReport Report) Train(Dataset data, Item2VecOptions options, Pseudonymizer? pseudonymizer, IProgress<ProgressUpdate>? progress = null, CancellationToken cancel = default)
    {
        options.Validate();
        int n = data.Items.Count;
        var histories = options.UseHistories ? BasketHistories.FromBaskets(data.Baskets, data.Users.Count) : null;
        var corpus = TrainingCorpus.Build(n, options.UseBaskets ? data.Baskets : null, histories, options.MinCount);
        var result = Item2VecTrainer.Train(corpus, n, options, progress, cancel);
        progress?.Report(new ProgressUpdate("encodings", double.NaN));
        var encodings = AttributeEncodings.Build(data.Items);
        int cold = ColdStartVectors.Fill(result.Embeddings, encodings);
        var cooccurrence = ItemCooccurrence.Build(data.Baskets, n, cancellation: cancel);
        UserProfiles? profiles = null;
        if (pseudonymizer is not null && data.Users.Count > 0)
        {
            progress?.Report(new ProgressUpdate("profiles", double.NaN));
            profiles = new UserProfileBuilder().Build(data, result.Embeddings, encodings, pseudonymizer, cancel);
        }
        var model = new Item2VecModel(result.Embeddings, data.Items.Ids, data.Items.Titles, encodings, cooccurrence, profiles);
        if (model.ItemsWithVectors >= options.ApproximateIndexFromItems)
        {
            progress?.Report(new ProgressUpdate("hnsw", double.NaN, $"{model.ItemsWithVectors} items"));
            model.BuildApproximateIndex(options, cancel);
        }
        cancel.ThrowIfCancellationRequested();
        return (model, new TrainingReport(result.Seconds, result.WordsPerSecond(options.Epochs), result.VocabularySize, result.RawTokens, cold, profiles?.Profiles.Count ?? 0));
    }

    /// <summary>Builds the HNSW index over the input vectors (seeded, so the same vectors give the same graph).</summary>
    public HnswIndex BuildApproximateIndex(Item2VecOptions options, CancellationToken cancellation = default) =>
        ApproximateIndex = new HnswIndex(Embeddings.Input, Embeddings.Dimensions, seed: options.Seed, cancellation: cancellation);

    /// <summary>Dense id of a shop item id; an unknown id is a <see cref="DataException"/>.</summary>
    public int IndexOf(string itemId)
    {
        _ids ??= BuildIdIndex(ItemIds);
        if (!_ids.TryGetValue(itemId, out int i))
            throw new DataException($"Unknown item '{itemId}': it is not in the model's catalog.", field: "item");
        return i;
    }

    /// <summary>The k items most similar to <paramref name="item"/> by input-vector cosine.</summary>
    public Neighbor[] Similar(int item, int k)
    {
        RequireVector(item);
        return Index.TopK(Embeddings.InputOf(item), k, i => i == item);
    }

    /// <summary>The k best complements of <paramref name="item"/> by <see cref="PairRelationScorer.ComplementScore"/>,
    /// over its co-purchased items and its top cross-context (input·output) candidates.</summary>
    public Neighbor[] Complements(int item, int k)
    {
        RequireVector(item);
        var candidates = new HashSet<int>();
        foreach (var j in Cooccurrence.NeighborsOf(item))
            candidates.Add(j);
        if (Embeddings.Source[item] == ItemVectorSource.Trained)
        {
            var cross = new TopKHeap(Math.Max(k * 10, 100));
            var q = Embeddings.InputOf(item);
            for (int j = 0; j < Embeddings.Count; j++)
                if (j != item && Embeddings.Source[j] == ItemVectorSource.Trained)
                    cross.Add(j, TensorPrimitives.Dot(q, Embeddings.OutputOf(j)));
            foreach (var nb in cross.ToSortedArray())
                candidates.Add(nb.Id);
        }
        var heap = new TopKHeap(k);
        foreach (var j in candidates)
            if (j != item)
                heap.Add(j, Relations.ComplementScore(item, j));
        return heap.ToSortedArray();
    }

    private static Dictionary<string, int> BuildIdIndex(string[] ids)
    {
        var d = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (int i = 0; i < ids.Length; i++)
            d[ids[i]] = i;
        return d;
    }

    private void RequireVector(int item)
    {
        if ((uint)item >= (uint)Embeddings.Count)
            throw new DataException($"Unknown item {item}.", field: "item");
        if (!Embeddings.HasVector(item))
            throw new DataException($"Item '{ItemIds[item]}' has no vector: it was seen fewer than --min-count times and has no attributes for a cold-start vector.", field: "item");
    }

    private int[]? LeafCategories()
    {
        if (Encodings.CategoryLevels.Count == 0)
            return null;
        var leaf = new int[Embeddings.Count];
        for (int i = 0; i < leaf.Length; i++)
            leaf[i] = Encodings.LeafOf(i);
        return leaf;
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Writes the component's files and registers it with the writer.</summary>
    public void Save(ModelWriter writer, Item2VecOptions options, JsonObject metrics)
    {
        int n = Embeddings.Count, d = Embeddings.Dimensions;
        VectorFile.Write(writer.PathFor(Component, "input.vec"), Embeddings.Input, n, d);
        VectorFile.Write(writer.PathFor(Component, "output.vec"), Embeddings.Output, n, d);
        using (var items = new StreamWriter(writer.PathFor(Component, "items.tsv")))
        {
            items.WriteLine("id\tsource\tcount\ttitle");
            for (int i = 0; i < n; i++)
                items.WriteLine($"{Escape(ItemIds[i])}\t{(int)Embeddings.Source[i]}\t{Embeddings.Counts[i]}\t{Escape(Titles[i] ?? "")}");
        }
        File.WriteAllText(writer.PathFor(Component, "encodings.json"), JsonSerializer.Serialize(Encodings, Json));
        CooccurrenceFile.Write(writer.PathFor(Component, "cooccurrence.bin"), Cooccurrence);
        if (Profiles is not null)
        {
            VectorFile.Write(writer.PathFor(Component, "profiles.vec"), Profiles.Vectors, Profiles.Profiles.Count, Profiles.Dimensions);
            UserProfileFile.Write(writer.PathFor(Component, UserProfileFile.FileName), Profiles.Profiles);
        }
        if (ApproximateIndex is null && ItemsWithVectors >= options.ApproximateIndexFromItems)
            BuildApproximateIndex(options);
        if (ApproximateIndex is not null)
            HnswFile.Write(writer.PathFor(Component, IndexFile), ApproximateIndex);
        var parameters = JsonSerializer.SerializeToNode(new
        {
            dim = options.Dimensions,
            window = options.Window,
            negatives = options.Negatives,
            epochs = options.Epochs,
            min_count = options.MinCount,
            sample = options.Sample,
            alpha = options.Alpha,
            min_alpha = options.MinAlpha,
            threads = options.Threads,
            seed = options.Seed,
            deterministic = options.Deterministic,
            basket_context_limit = options.BasketContextLimit,
            use_baskets = options.UseBaskets,
            use_histories = options.UseHistories,
            approximate_index_from_items = options.ApproximateIndexFromItems,
        })!.AsObject();
        writer.AddComponent(Component, "item2vec", parameters, metrics);
    }

    /// <summary>The training options recorded in the manifest (used to retrain on an evaluation split).</summary>
    public static Item2VecOptions OptionsFrom(ModelReader reader)
    {
        reader.PathOf(Component, "input.vec");
        var p = reader.Manifest.Components[Component].Parameters;
        return new Item2VecOptions
        {
            Dimensions = (int?)p["dim"] ?? 64,
            Window = (int?)p["window"] ?? 5,
            Negatives = (int?)p["negatives"] ?? 5,
            Epochs = (int?)p["epochs"] ?? 10,
            MinCount = (int?)p["min_count"] ?? 1,
            Sample = (double?)p["sample"] ?? 1e-3,
            Alpha = (float?)p["alpha"] ?? 0.025f,
            MinAlpha = (float?)p["min_alpha"] ?? 0.0001f,
            Threads = (int?)p["threads"] ?? Environment.ProcessorCount,
            Seed = (int?)p["seed"] ?? 42,
            Deterministic = (bool?)p["deterministic"] ?? false,
            BasketContextLimit = (int?)p["basket_context_limit"] ?? 6,
            UseBaskets = (bool?)p["use_baskets"] ?? true,
            UseHistories = (bool?)p["use_histories"] ?? true,
            ApproximateIndexFromItems = (int?)p["approximate_index_from_items"] ?? 100_000,
        };
    }

    /// <summary>Loads the component from a verified model folder (once per reader: later calls share the instance).</summary>
    public static Item2VecModel Load(ModelReader reader) => reader.Shared("embeddings:" + Component, () => Read(reader));

    /// <summary>The component as this run wrote it into <paramref name="writer"/>'s staging folder (for a later trainer
    /// of the same run that builds on it; the manifest is not written yet, so nothing is checksummed).</summary>
    public static Item2VecModel ReadWritten(ModelWriter writer) => Read(file => writer.PathFor(Component, file), null);

    private static Item2VecModel Read(ModelReader reader) =>
        Read(file => reader.PathOf(Component, file), (int?)reader.Manifest.Components[Component].Parameters["dim"] ?? 0);

    private static Item2VecModel Read(Func<string, string> pathOf, int? manifestDim)
    {
        var itemsPath = pathOf("items.tsv");
        var lines = File.ReadAllLines(itemsPath);
        if (lines.Length == 0 || !lines[0].StartsWith("id\t", StringComparison.Ordinal))
            throw new DataException("items.tsv has no header.", itemsPath);
        int n = lines.Length - 1;
        var ids = new string[n];
        var titles = new string?[n];
        var source = new ItemVectorSource[n];
        var counts = new long[n];
        for (int i = 0; i < n; i++)
        {
            var f = lines[i + 1].Split('\t');
            if (f.Length != 4 || !byte.TryParse(f[1], out var s) || s > 2 || !long.TryParse(f[2], out counts[i]))
                throw new DataException("Malformed row.", itemsPath, i + 2);
            ids[i] = Unescape(f[0]);
            source[i] = (ItemVectorSource)s;
            titles[i] = f[3].Length == 0 ? null : Unescape(f[3]);
        }
        int expectedDim = manifestDim ?? 0;
        var input = VectorFile.Read(pathOf("input.vec"), out _, out int d, expectedDim > 0 ? expectedDim : null, n);
        var output = VectorFile.Read(pathOf("output.vec"), out _, out _, d, n);
        var encPath = pathOf("encodings.json");
        AttributeEncodings encodings;
        try
        { encodings = JsonSerializer.Deserialize<AttributeEncodings>(File.ReadAllText(encPath), Json) ?? throw new DataException("encodings.json is empty.", encPath); }
        catch (JsonException e) { throw new DataException($"encodings.json is not valid: {e.Message}", encPath); }
        if (encodings.ItemCount != n)
            throw new DataException($"encodings.json covers {encodings.ItemCount} items, the model {n}.", encPath);
        var cooccurrence = CooccurrenceFile.Read(pathOf("cooccurrence.bin"), n);
        UserProfiles? profiles = null;
        var profilesPath = pathOf(UserProfileFile.FileName);
        if (File.Exists(profilesPath))
        {
            var list = UserProfileFile.Read(profilesPath);
            var vectors = VectorFile.Read(pathOf("profiles.vec"), out _, out _, d, list.Count);
            profiles = new UserProfiles(list, vectors, d);
        }
        var model = new Item2VecModel(new ItemEmbeddings(d, input, output, source, counts), ids, titles, encodings, cooccurrence, profiles);
        var indexPath = pathOf(IndexFile);
        if (File.Exists(indexPath))
            model.ApproximateIndex = HnswFile.Read(indexPath, input, d);
        return model;
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");

    private static string Unescape(string s)
    {
        if (!s.Contains('\\'))
            return s;
        var b = new System.Text.StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\' || i + 1 == s.Length)
            { b.Append(s[i]); continue; }
            char c = s[++i];
            b.Append(c switch { 't' => '\t', 'n' => '\n', 'r' => '\r', _ => c });
        }
        return b.ToString();
    }
}
