using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using BundleForge.Mining;

namespace BundleForge.Cli.Training;

/// <summary>The <c>rules</c> model: FP-Growth itemsets → association rules, plus the pair co-occurrence table that
/// frequently-bought-together serves from (component <see cref="RulesModel.Component"/>).</summary>
internal sealed class RulesTrainer : IModelTrainer
{
    private readonly Option<double?> _minSupport = new("--min-support") { Description = "rules: minimum itemset support as a fraction of baskets (default 0.01)." };
    private readonly Option<int?> _minCount = new("--min-count") { Description = "rules: minimum itemset support as a basket count (instead of --min-support)." };
    private readonly Option<double> _minConfidence = new("--min-confidence") { Description = "rules: minimum rule confidence.", DefaultValueFactory = _ => 0.1 };
    private readonly Option<int> _maxSize = new("--rules-max-size") { Description = "rules: largest itemset mined (bounds long baskets).", DefaultValueFactory = _ => 3 };
    private readonly Option<int> _perAntecedent = new("--rules-per-antecedent") { Description = "rules: rules kept per antecedent (0 = all).", DefaultValueFactory = _ => 20 };
    private readonly Option<int> _neighbors = new("--fbt-neighbors") { Description = "rules: co-purchase partners kept per item for frequently-bought-together.", DefaultValueFactory = _ => 100 };

    public string Name => RulesModel.Component;

    public void AddOptions(Command train)
    {
        foreach (var o in new Option[] { _minSupport, _minCount, _minConfidence, _maxSize, _perAntecedent, _neighbors }) train.Options.Add(o);
    }

    public JsonObject Train(TrainContext context)
    {
        var p = context.Parse;
        var baskets = context.Data.Baskets;
        double? support = p.GetValue(_minSupport);
        int? count = p.GetValue(_minCount);
        // Shops have long baskets (Online Retail: up to 1,000 items): a low default support explodes the itemsets.
        if (support is null && count is null) support = 0.01;
        // A count of 1 turns every long basket into all of its subsets; two baskets is the least that is a pattern.
        int minCount = Math.Max(count is null ? 2 : 1, SupportThreshold.Resolve(support, count, baskets.Count));
        if (p.GetValue(_maxSize) < 1) throw new DataException("--rules-max-size must be at least 1.", field: "--rules-max-size");
        var clock = Stopwatch.StartNew();
        var model = RulesModel.Train(baskets, context.Data.Items.Ids, new RulesTrainingOptions
        {
            MinCount = minCount,
            MinConfidence = p.GetValue(_minConfidence),
            MaxSize = p.GetValue(_maxSize),
            TopPerAntecedent = p.GetValue(_perAntecedent),
            NeighborsPerItem = p.GetValue(_neighbors),
            MaxDegreeOfParallelism = context.Threads,
        }, context.Progress);
        double seconds = clock.Elapsed.TotalSeconds;
        model.Save(context.Writer, new JsonObject { ["seconds"] = Math.Round(seconds, 3) });
        return new JsonObject
        {
            ["transactions"] = baskets.Count,
            ["items"] = context.Data.Items.Count,
            ["min_count"] = minCount,
            ["rules"] = model.Rules.Count,
            ["pairs"] = model.Cooccurrence.Neighbors.Length,
            ["seconds"] = Math.Round(seconds, 3),
        };
    }
}
