using System.Text.Json.Nodes;
using BundleForge.Artifacts;
using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Pricing;
using BundleForge.Bundles.Strategy;
using BundleForge.Data;
using BundleForge.Privacy;

namespace BundleForge.Bundles.Engine;

/// <summary>The <c>bundles</c> model component: what the bundle engine needs to serve without raw data — pair
/// statistics, per-user purchase histories and price sensitivities keyed by pseudonymised user key (never raw ids),
/// the acceptance-model feedback state and the default strategy.</summary>
public sealed class BundleModel
{
    public const string Component = "bundles";
    public const string Kind = "bundle-engine";
    private const string PairsFile = "pairs.bin";
    private const string UsersFile = "users.bin";
    private const string FeedbackFile = "feedback.json";
    private const string StrategyFile = "strategy.json";
    private static ReadOnlySpan<byte> Magic => "BFBUSER\0"u8;
    private const int FormatVersion = 1;

    private readonly Dictionary<string, int> _userIndex;

    private BundleModel(CooccurrencePairScorer pairs, string[] userKeys, float[] sensitivity, int[] offsets, int[] items, long[] times,
        AcceptanceFeedback feedback, MarketStrategy strategy)
    {
        Pairs = pairs;
        UserKeys = userKeys;
        Sensitivity = sensitivity;
        HistoryOffsets = offsets;
        HistoryItems = items;
        HistoryTimes = times;
        Feedback = feedback;
        Strategy = strategy;
        _userIndex = new Dictionary<string, int>(userKeys.Length, StringComparer.Ordinal);
        for (int u = 0; u < userKeys.Length; u++)
            _userIndex[userKeys[u]] = u;
    }

    public CooccurrencePairScorer Pairs { get; }
    /// <summary>Pseudonymised key of each model user.</summary>
    public string[] UserKeys { get; }
    public float[] Sensitivity { get; }
    public int[] HistoryOffsets { get; }
    /// <summary>Purchased dense items per model user, oldest first (CSR over <see cref="HistoryOffsets"/>).</summary>
    public int[] HistoryItems { get; }
    public long[] HistoryTimes { get; }
    public AcceptanceFeedback Feedback { get; }
    /// <summary>The strategy the model serves with unless a request gives another.</summary>
    public MarketStrategy Strategy { get; }
    public int UserCount => UserKeys.Length;
    /// <summary>The catalog's currency (ISO 4217) when the data format fixes it (GBP for Online Retail), else null.</summary>
    public string? Currency { get; init; }
    /// <summary>The model components whose signals the engine uses (recorded by the trainer: those trained in the
    /// same run); null (older model folders) means every component present.</summary>
    public IReadOnlyList<string>? Signals { get; set; }

    /// <summary>True when the engine should plug in the signals of <paramref name="component"/>.</summary>
    public bool UsesSignal(string component) => Signals is null || Signals.Contains(component);

    /// <summary>The model user of a pseudonymised key, or -1.</summary>
    public int IndexOfKey(string key) => _userIndex.TryGetValue(key, out int u) ? u : -1;

    /// <summary>Builds the component from purchase baskets (e.g. a training split): pairs from the baskets, histories
    /// from each user's baskets in time order, keys from <paramref name="pseudonymizer"/>.</summary>
    public static BundleModel Build(Dataset data, BasketSet baskets, Pseudonymizer pseudonymizer, MarketStrategy? strategy = null, AcceptanceFeedback? feedback = null,
        CancellationToken cancellation = default)
    {
        var pairs = CooccurrencePairScorer.Build(baskets, data.Items.Count, data.Items, cancellation);
        cancellation.ThrowIfCancellationRequested();
        int users = data.Users.Count;
        var counts = new int[users + 1];
        for (int b = 0; b < baskets.Count; b++)
            if (baskets.User[b] >= 0)
                counts[baskets.User[b] + 1] += baskets.SizeOf(b);
        for (int u = 0; u < users; u++)
            counts[u + 1] += counts[u];
        var order = Enumerable.Range(0, baskets.Count).Where(b => baskets.User[b] >= 0).ToArray();
        var keysOrder = order.Select(b => baskets.Time[b]).ToArray();
        Array.Sort(keysOrder, order); // stable enough: equal times keep no meaningful order
        var items = new int[counts[users]];
        var times = new long[counts[users]];
        var cursor = counts.AsSpan(0, users).ToArray();
        foreach (int b in order)
        {
            int u = baskets.User[b];
            foreach (int i in baskets[b])
            { items[cursor[u]] = i; times[cursor[u]++] = baskets.Time[b]; }
        }
        var profile = UserPriceProfile.Build(data.Items);
        var keys = new string[users];
        var sens = new float[users];
        for (int u = 0; u < users; u++)
        {
            keys[u] = pseudonymizer.Key(data.Users.Ids[u]);
            sens[u] = profile.SensitivityOf(items.AsSpan(counts[u], counts[u + 1] - counts[u]));
        }
        return new BundleModel(pairs, keys, sens, counts, items, times, feedback ?? new AcceptanceFeedback(), strategy ?? MarketStrategy.Default)
        {
            Currency = CurrencyCode.OfFormat(data.Format),
        };
    }

    /// <summary>The context of model user <paramref name="user"/> (-1: an unknown visitor).</summary>
    public UserContext ContextOf(int user, int[]? cart = null, int anchor = -1)
    {
        if (user < 0)
            return new UserContext { Cart = cart ?? [], Anchor = anchor };
        int start = HistoryOffsets[user], len = HistoryOffsets[user + 1] - start;
        var times = HistoryTimes.AsSpan(start, len).ToArray();
        return new UserContext
        {
            User = user,
            History = HistoryItems.AsSpan(start, len).ToArray(),
            HistoryTime = times,
            Cart = cart ?? [],
            Anchor = anchor,
            PriceSensitivity = Sensitivity[user],
            Segment = UserPriceProfile.SegmentOf(Sensitivity[user]),
            Now = times.Length > 0 ? times[^1] : 0,
        };
    }

    /// <summary>The currency (ISO 4217) a model folder serves in, read without loading the component: its strategy's,
    /// else its catalog's, else <see cref="CurrencyCode.Default"/>; for a folder without bundles, the catalog's by its
    /// data format, else the default.</summary>
    public static string CurrencyOf(ModelReader reader)
    {
        string? catalog = CurrencyCode.OfFormat(reader.Manifest.DataFormat);
        if (!reader.Has(Component))
            return CurrencyCode.Resolve(null, catalog);
        string file = reader.PathOf(Component, StrategyFile);
        var strategy = MarketStrategy.Parse(File.ReadAllText(file), file);
        return CurrencyCode.Resolve(strategy.Currency, CurrencyOf(reader.Manifest.Components[Component].Parameters["currency"]?.GetValue<string>(), reader) ?? catalog);
    }

    private static string? CurrencyOf(string? stored, ModelReader reader) => stored is null ? null
        : CurrencyCode.Parse(stored) ?? throw new DataException($"\"{stored}\" is not an ISO 4217 currency code", file: reader.Directory, field: "bundles.currency");

    /// <summary>Writes the component into a model folder.</summary>
    public void Save(ModelWriter writer, JsonObject? metrics = null)
    {
        Pairs.Save(writer.PathFor(Component, PairsFile));
        WriteUsers(writer.PathFor(Component, UsersFile), UserKeys, Sensitivity, HistoryOffsets, HistoryItems, HistoryTimes);
        Feedback.Save(writer.PathFor(Component, FeedbackFile));
        File.WriteAllText(writer.PathFor(Component, StrategyFile), Strategy.ToJson());
        var parameters = new JsonObject { ["users"] = UserCount, ["history_rows"] = HistoryItems.Length, ["format_version"] = FormatVersion, ["currency"] = Currency };
        if (Signals is not null)
            parameters["signals"] = new JsonArray(Signals.Select(x => (JsonNode)x).ToArray());
        writer.AddComponent(Component, Kind, parameters, metrics);
    }

    /// <summary>Writes the per-user file into <paramref name="folder"/> without the users of <paramref name="userKeys"/>
    /// (erasure: the server rewrites the component without them); returns the file name written.</summary>
    public string WriteUsersWithout(IReadOnlySet<string> userKeys, string folder)
    {
        var keys = new List<string>(UserCount);
        var sens = new List<float>(UserCount);
        var offsets = new List<int>(UserCount + 1) { 0 };
        var items = new List<int>(HistoryItems.Length);
        var times = new List<long>(HistoryTimes.Length);
        for (int u = 0; u < UserCount; u++)
        {
            if (userKeys.Contains(UserKeys[u]))
                continue;
            keys.Add(UserKeys[u]);
            sens.Add(Sensitivity[u]);
            items.AddRange(HistoryItems.AsSpan(HistoryOffsets[u], HistoryOffsets[u + 1] - HistoryOffsets[u]));
            times.AddRange(HistoryTimes.AsSpan(HistoryOffsets[u], HistoryOffsets[u + 1] - HistoryOffsets[u]));
            offsets.Add(items.Count);
        }
        Directory.CreateDirectory(folder);
        WriteUsers(Path.Combine(folder, UsersFile), keys.ToArray(), sens.ToArray(), offsets.ToArray(), items.ToArray(), times.ToArray());
        return UsersFile;
    }

    private static void WriteUsers(string path, string[] keys, float[] sensitivity, int[] offsets, int[] items, long[] times)
    {
        using var w = ArtifactCodec.Create(path, Magic, FormatVersion);
        w.Write(keys.Length);
        w.WriteStrings(keys);
        w.WriteFixed<float>(sensitivity);
        w.WriteFixed<int>(offsets);
        w.WriteFixed<int>(items);
        w.WriteFixed<long>(times);
    }

    /// <summary>The strategy stored with the component (read with its limits, as any strategy file), or
    /// <see cref="MarketStrategy.Default"/> when the folder has no bundles component (what other recommenders filter
    /// by: blocks and stock).</summary>
    public static MarketStrategy StrategyOf(ModelReader reader) =>
        reader.Has(Component) ? StoredStrategy(reader) : MarketStrategy.Default;

    /// <summary>Reads the component; a missing or damaged component is a <see cref="DataException"/>. With
    /// <paramref name="strategy"/> the model serves with it and the stored strategy is not read (an operator's way to
    /// serve an older model whose stored strategy is outside today's limits).</summary>
    public static BundleModel Load(ModelReader reader, MarketStrategy? strategy = null)
    {
        if (!reader.Has(Component))
            throw new DataException($"the model folder has no '{Component}' component: train it with 'bundleforge train --models rules,bundles'", file: reader.Directory);
        var pairs = CooccurrencePairScorer.Load(reader.PathOf(Component, PairsFile));
        string[] keys;
        float[] sens;
        int[] offsets;
        int[] items;
        long[] times;
        using (var r = ArtifactCodec.Open(reader.PathOf(Component, UsersFile), Magic, FormatVersion, "bundles users"))
        {
            int n = r.ReadCount(1 + 4 + 4); // a key, a sensitivity and an offset per user
            keys = r.ReadStrings(n);
            sens = r.ReadFixed<float>(n);
            offsets = r.ReadFixed<int>(n + 1L);
            int rows = offsets[n];
            items = r.ReadFixed<int>(rows);
            times = r.ReadFixed<long>(rows);
            r.ExpectEnd();
            r.ExpectOffsets(offsets, rows, "history");
            r.ExpectIds(items, pairs.ItemCounts.Length, "history item");
        }
        var feedback = AcceptanceFeedback.Load(reader.PathOf(Component, FeedbackFile));
        strategy ??= StoredStrategy(reader);
        var p = reader.Manifest.Components[Component].Parameters;
        return new BundleModel(pairs, keys, sens, offsets, items, times, feedback, strategy)
        {
            // Folders written before currencies were ISO codes hold "£": read as GBP.
            Currency = CurrencyOf(p["currency"]?.GetValue<string>(), reader),
            Signals = p["signals"] is JsonArray a ? a.Select(x => x!.GetValue<string>()).ToArray() : null,
        };
    }

    /// <summary>The strategy saved with the model, read like any strategy file (size checked before reading, every
    /// limit of today). A model trained before a limit existed can hold a value outside it: that is one line naming the
    /// model folder, the field and the limit, and what to do about it.</summary>
    private static MarketStrategy StoredStrategy(ModelReader reader)
    {
        var path = reader.PathOf(Component, StrategyFile);
        try
        {
            return MarketStrategy.Load(path);
        }
        catch (DataException e)
        {
            throw new DataException(
                $"the bundle strategy stored in this model ({Component}/{StrategyFile}) is outside today's limits: {e.Reason}. " +
                "Retrain the model with a strategy within the limits (bundleforge train --strategy FILE, docs/STRATEGY.md \"Limits\"), " +
                "or give a strategy that replaces the stored one (serve: Bundles:Strategy=FILE; bundles and price: --strategy FILE)",
                file: reader.Directory, field: e.Field, inner: e);
        }
    }
}
