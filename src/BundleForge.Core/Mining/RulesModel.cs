using System.Diagnostics;
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
    private static ReadOnlySpan<byte> Magic => "BFRULES\0"u8;
    private const int FormatVersion = 1;

    public RulesModel(string[] itemIds, CooccurrenceTable cooccurrence, IReadOnlyList<AssociationRule> rules, int minCount, double minConfidence)
    {
        if (itemIds.Length != cooccurrence.ItemCount)
            throw new ArgumentException("One id per item of the co-occurrence table.", nameof(itemIds));
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
        using (var w = ArtifactCodec.Create(path, Magic, FormatVersion))
        {
            var t = Cooccurrence;
            w.Write(t.Transactions);
            w.Write(t.ItemCount);
            w.Write(t.NeighborsPerItem);
            w.Write(MinCount);
            w.Write(MinConfidence);
            w.WriteStrings(ItemIds);
            w.WriteFixed<int>(t.ItemCounts);
            w.WriteFixed<int>(t.Offsets);
            w.WriteArray<int>(t.Neighbors);
            w.WriteFixed<int>(t.PairCounts);
            w.Write(Rules.Count);
            foreach (var r in Rules)
            {
                w.WriteArray<int>(r.Antecedent);
                w.WriteArray<int>(r.Consequent);
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
        using var r = ArtifactCodec.Open(reader.PathOf(Component, FileName), Magic, FormatVersion, "rules");
        int n = r.ReadInt32(), items = r.ReadCount(1 + 4 + 4), perItem = r.ReadInt32(), minCount = r.ReadInt32();
        double minConfidence = r.ReadDouble();
        var ids = r.ReadStrings(items);
        var itemCounts = r.ReadFixed<int>(items);
        var offsets = r.ReadFixed<int>(items + 1L);
        var neighbors = r.ReadArray<int>();
        var pairCounts = r.ReadFixed<int>(neighbors.Length);
        r.ExpectOffsets(offsets, neighbors.Length, "pair");
        r.ExpectIds(neighbors, items, "neighbour item");
        var table = new CooccurrenceTable(n, itemCounts, offsets, neighbors, pairCounts, perItem);
        int ruleCount = r.ReadCount(4 + 4 + 12);
        var rules = new List<AssociationRule>(ruleCount);
        for (int i = 0; i < ruleCount; i++)
        {
            var ante = r.ReadArray<int>();
            var cons = r.ReadArray<int>();
            r.ExpectIds(ante, items, "rule item");
            r.ExpectIds(cons, items, "rule item");
            rules.Add(new AssociationRule(ante, cons, r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), n));
        }
        r.ExpectEnd();
        return new RulesModel(ids, table, rules, minCount, minConfidence);
    }
}
