using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using BundleForge.Artifacts;
using BundleForge.Data;

namespace BundleForge.Mining;

/// <summary>The <c>rules</c> component of a model folder: item ids and counts, the pair co-occurrence table and the
/// association rules, so that serving answers frequently-bought-together and rule queries without re-mining.</summary>
public sealed class RulesModel
{
    public const string Component = "rules";
    public const string Kind = "association-rules";
    private const string FileName = "rules.bin";
    private static readonly byte[] Magic = "BFRULES\0"u8.ToArray();
    private const int FormatVersion = 1;

    public RulesModel(string[] itemIds, CooccurrenceTable cooccurrence, IReadOnlyList<AssociationRule> rules, int minCount, double minConfidence)
    {
        if (itemIds.Length != cooccurrence.ItemCount) throw new ArgumentException("One id per item of the co-occurrence table.", nameof(itemIds));
        ItemIds = itemIds;
        Cooccurrence = cooccurrence;
        Rules = rules;
        MinCount = minCount;
        MinConfidence = minConfidence;
    }

    /// <summary>The shop's item id per dense id (the ids the table and rules use).</summary>
    public string[] ItemIds { get; }
    public CooccurrenceTable Cooccurrence { get; }
    public IReadOnlyList<AssociationRule> Rules { get; }
    public int MinCount { get; }
    public double MinConfidence { get; }

    /// <summary>Mines the baskets with FP-Growth, generates the rules and counts the pairs.</summary>
    public static RulesModel Train(BasketSet baskets, string[] itemIds, RulesTrainingOptions options,
        IProgress<ProgressUpdate>? progress = null, CancellationToken cancellation = default)
    {
        var guard = new MemoryGuard(MemoryGuard.DefaultBudgetBytes, options.MinCount, baskets.Count);
        var itemsets = new FrequentItemsets(guard);
        new FpGrowthMiner().Mine(baskets, itemIds.Length,
            new MiningOptions { MinCount = options.MinCount, MaxSize = options.MaxSize, MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, Guard = guard },
            itemsets, progress, cancellation);
        progress?.Report(new ProgressUpdate("Rules", double.NaN, $"{itemsets.Count:N0} itemsets"));
        var rules = AssociationRuleGenerator.Generate(itemsets, baskets.Count,
            new RuleOptions { MinConfidence = options.MinConfidence, MinLift = options.MinLift, TopPerAntecedent = options.TopPerAntecedent }, guard, cancellation);
        itemsets.ReleaseGuard();
        var table = CooccurrenceTable.Build(baskets, itemIds.Length, options.NeighborsPerItem, 1, progress, cancellation);
        return new RulesModel(itemIds, table, rules, options.MinCount, options.MinConfidence);
    }

    /// <summary>A frequently-bought-together ranker over this model's table.</summary>
    public FrequentlyBoughtTogether CreateFbt(FbtScoring? scoring = null, IReadOnlyList<IFbtFallback>? fallbacks = null) =>
        new(Cooccurrence, scoring, fallbacks);

    /// <summary>Writes <c>rules/rules.bin</c> and registers the component.</summary>
    public void Save(ModelWriter writer, JsonObject? extraMetrics = null)
    {
        var path = writer.PathFor(Component, FileName);
        var clock = Stopwatch.StartNew();
        using (var w = new BinaryWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16), Encoding.UTF8))
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            var t = Cooccurrence;
            w.Write(t.Transactions);
            w.Write(t.ItemCount);
            w.Write(t.NeighborsPerItem);
            w.Write(MinCount);
            w.Write(MinConfidence);
            foreach (var id in ItemIds) w.Write(id);
            WriteInts(w, t.ItemCounts);
            WriteInts(w, t.Offsets);
            w.Write(t.Neighbors.Length);
            WriteInts(w, t.Neighbors);
            WriteInts(w, t.PairCounts);
            w.Write(Rules.Count);
            foreach (var r in Rules)
            {
                w.Write(r.Antecedent.Length);
                WriteInts(w, r.Antecedent);
                w.Write(r.Consequent.Length);
                WriteInts(w, r.Consequent);
                w.Write(r.Count);
                w.Write(r.AntecedentCount);
                w.Write(r.ConsequentCount);
            }
        }
        var parameters = new JsonObject
        {
            ["min_count"] = MinCount,
            ["min_confidence"] = MinConfidence,
            ["neighbors_per_item"] = Cooccurrence.NeighborsPerItem,
        };
        var metrics = extraMetrics ?? new JsonObject();
        metrics["rules"] = Rules.Count;
        metrics["items"] = ItemIds.Length;
        metrics["transactions"] = Cooccurrence.Transactions;
        metrics["pairs"] = Cooccurrence.Neighbors.Length;
        writer.AddComponent(Component, Kind, parameters, metrics);
    }

    /// <summary>Reads the component back from a verified model folder.</summary>
    public static RulesModel Load(ModelReader reader)
    {
        var path = reader.PathOf(Component, FileName);
        try
        {
            using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw new DataException("Not a BundleForge rules file.", path);
            int version = r.ReadInt32();
            if (version != FormatVersion) throw new DataException($"Unsupported rules file version {version}; retrain the model.", path);
            int n = r.ReadInt32(), items = r.ReadInt32(), perItem = r.ReadInt32(), minCount = r.ReadInt32();
            double minConfidence = r.ReadDouble();
            var ids = new string[items];
            for (int i = 0; i < items; i++) ids[i] = r.ReadString();
            var itemCounts = ReadInts(r, items);
            var offsets = ReadInts(r, items + 1);
            int pairs = r.ReadInt32();
            var neighbors = ReadInts(r, pairs);
            var pairCounts = ReadInts(r, pairs);
            var table = new CooccurrenceTable(n, itemCounts, offsets, neighbors, pairCounts, perItem);
            int ruleCount = r.ReadInt32();
            var rules = new List<AssociationRule>(ruleCount);
            for (int i = 0; i < ruleCount; i++)
            {
                var ante = ReadInts(r, r.ReadInt32());
                var cons = ReadInts(r, r.ReadInt32());
                rules.Add(new AssociationRule(ante, cons, r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), n));
            }
            return new RulesModel(ids, table, rules, minCount, minConfidence);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or IOException)
        {
            throw new DataException($"The rules file is truncated or corrupted: {e.Message}", path);
        }
    }

    private static void WriteInts(BinaryWriter w, int[] values) => w.Write(MemoryMarshal.AsBytes(values.AsSpan()));

    private static int[] ReadInts(BinaryReader r, int count)
    {
        if (count < 0) throw new EndOfStreamException("negative length");
        var values = new int[count];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        int read = 0;
        while (read < bytes.Length)
        {
            int got = r.Read(bytes[read..]);
            if (got == 0) throw new EndOfStreamException();
            read += got;
        }
        return values;
    }
}
