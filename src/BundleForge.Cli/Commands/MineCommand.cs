using System.CommandLine;
using System.Diagnostics;
using BundleForge.Cli.Console;
using BundleForge.Mining;
using Spectre.Console;

namespace BundleForge.Cli.Commands;

/// <summary><c>bundleforge mine</c>: frequent itemsets (FP-Growth or Apriori) and, when asked, association rules.</summary>
internal static class MineCommand
{
    public static Command Create()
    {
        var cmd = new Command("mine", "Find frequent itemsets (FP-Growth or Apriori) and association rules in the baskets.");
        var data = new DataOptions(cmd);
        var minSupport = new Option<double?>("--min-support") { Description = "Minimum support as a fraction of the baskets, in (0, 1]." };
        var minCount = new Option<int?>("--min-count") { Description = "Minimum support as a number of baskets (instead of --min-support)." };
        var maxSize = new Option<int?>("--max-size") { Description = "Largest itemset size (bounds the work on long baskets)." };
        var algorithm = new Option<string>("--algorithm") { Description = "fpgrowth (fast) or apriori (reference).", DefaultValueFactory = _ => "fpgrowth" };
        var minConfidence = new Option<double?>("--min-confidence") { Description = "Generate rules with at least this confidence (default 0.1 when rules are asked for)." };
        var minLift = new Option<double?>("--min-lift") { Description = "Keep only rules with at least this lift." };
        var top = new Option<int>("--top-per-antecedent") { Description = "Keep the best N rules per antecedent (0 = all)." };
        var itemsetsOut = new Option<string?>("--itemsets-out") { Description = "Stream itemsets to this file, one per line: '3 7 12 #SUP: 45'." };
        var rulesOut = new Option<string?>("--rules-out") { Description = "Write rules to this file: '1 2 ==> 3 #SUP: 45 #CONF: ... #LIFT: ...'." };
        var threads = new Option<int>("--threads") { Description = "Threads for mining.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var maxMemory = new Option<int?>("--max-memory-mb") { Description = "Stop with a hint to raise the support before working memory passes this (default: half the machine)." };
        var json = JsonOption.Create();
        foreach (var o in new Option[] { minSupport, minCount, maxSize, algorithm, minConfidence, minLift, top, itemsetsOut, rulesOut, threads, maxMemory, json })
            cmd.Options.Add(o);

        cmd.SetAction(CommandHost.Run(parse =>
        {
            bool asJson = parse.GetValue(json);
            var total = Stopwatch.StartNew();
            IItemsetMiner miner = parse.GetValue(algorithm)?.Trim().ToLowerInvariant() switch
            {
                "fpgrowth" or "fp-growth" => new FpGrowthMiner(),
                "apriori" => new AprioriMiner(),
                var other => throw new DataException($"Unknown algorithm '{other}'. Use fpgrowth or apriori.", field: "--algorithm"),
            };
            double? confidence = parse.GetValue(minConfidence), lift = parse.GetValue(minLift);
            string? rulesPath = parse.GetValue(rulesOut), itemsetsPath = parse.GetValue(itemsetsOut);
            int topN = parse.GetValue(top);
            bool wantRules = confidence is not null || lift is not null || rulesPath is not null || topN > 0;
            var ruleOptions = new RuleOptions { MinConfidence = confidence ?? 0.1, MinLift = lift ?? 0, TopPerAntecedent = topN };
            if (wantRules)
                ruleOptions.Validate();
            SupportThreshold.Validate(parse.GetValue(minSupport), parse.GetValue(minCount));
            if (parse.GetValue(maxSize) is < 1)
                throw new DataException("--max-size must be at least 1.", field: "--max-size");

            // SIGTERM or Ctrl-C: nothing is on disk while the baskets are read, so the process ends at once then; later the
            // miner stops at its next check and the temporary itemset and rule files are removed.
            string[] outputs = [.. new[] { itemsetsPath, rulesPath }.OfType<string>()];
            using var stop = new StopSignals
            {
                Message = "mine stopped before it finished" + outputs.Length switch
                {
                    0 => "",
                    1 => $": {outputs[0]} was left as it was",
                    _ => $": {outputs[0]} and {outputs[1]} were left as they were",
                },
                StopAtOnce = true,
            };
            var input = CliProgress.Run(asJson, p => MiningInput.Load(data, parse, p));
            stop.StopAtOnce = false;
            int transactions = input.Baskets.Count;
            double? support = parse.GetValue(minSupport);
            int min = SupportThreshold.Resolve(support, parse.GetValue(minCount), transactions);
            long budget = parse.GetValue(maxMemory) is { } mb ? (mb < 1 ? throw new DataException("--max-memory-mb must be at least 1.", field: "--max-memory-mb") : (long)mb << 20) : MemoryGuard.DefaultBudgetBytes;
            var guard = new MemoryGuard(budget, min, transactions);
            var options = new MiningOptions
            {
                MinCount = min,
                MaxSize = parse.GetValue(maxSize) ?? int.MaxValue,
                MaxDegreeOfParallelism = Math.Max(1, parse.GetValue(threads)),
                Guard = guard,
            };

            // Itemsets stream to the file; they are kept in memory only when rules need their supports.
            var counter = new ItemsetCountingSink();
            var collected = wantRules ? new FrequentItemsets(guard) : null;
            using var file = itemsetsPath is null ? null : new ItemsetFileWriter(itemsetsPath, input.ItemIds);
            var sinks = new List<IItemsetSink> { counter };
            if (file is not null)
                sinks.Add(file);
            if (collected is not null)
                sinks.Add(collected);
            List<AssociationRule>? rules = null;
            double ruleSeconds = 0;
            var stats = stop.Run(token =>
            {
                var mined = CliProgress.Run(asJson, p => miner.Mine(input.Baskets, input.ItemIds.Length, options, new TeeItemsetSink(sinks.ToArray()), p, token));
                if (collected is not null)
                {
                    var ruleClock = Stopwatch.StartNew();
                    rules = AssociationRuleGenerator.Generate(collected, transactions, ruleOptions, guard, token);
                    if (rulesPath is not null)
                        RuleFileWriter.Write(rulesPath, rules, input.ItemIds, token);
                    ruleSeconds = ruleClock.Elapsed.TotalSeconds;
                }
                // The itemsets replace the earlier file only once the rules are written too, so a stop leaves both as
                // they were (a signal after the rules' rename comes too late to stop anything: the run completes).
                file?.Commit();
                return mined;
            });

            var bySize = new Dictionary<string, long>();
            for (int s = 1; s < counter.BySize.Length; s++)
                if (counter.BySize[s] > 0)
                    bySize[s.ToString()] = counter.BySize[s];
            if (asJson)
            {
                CommandHost.WriteJson(new
                {
                    algorithm = miner.Name,
                    format = input.Format,
                    transactions,
                    items = input.ItemIds.Length,
                    frequent_items = stats.FrequentItems,
                    min_support = support,
                    min_count = min,
                    max_size = options.MaxSize == int.MaxValue ? (int?)null : options.MaxSize,
                    itemsets = stats.Itemsets,
                    itemsets_by_size = bySize,
                    longest_itemset = stats.LongestItemset,
                    rules = rules?.Count,
                    min_confidence = wantRules ? ruleOptions.MinConfidence : (double?)null,
                    min_lift = lift,
                    itemsets_out = itemsetsPath,
                    rules_out = rulesPath,
                    load_seconds = Math.Round(input.LoadSeconds, 4),
                    seconds = Math.Round(stats.Seconds, 4),
                    rule_seconds = Math.Round(ruleSeconds, 4),
                    total_seconds = Math.Round(total.Elapsed.TotalSeconds, 4),
                    guard_peak_mb = Math.Round(guard.PeakBytes / 1048576.0, 1),
                    threads = options.MaxDegreeOfParallelism,
                });
                return CommandHost.Ok;
            }
            var t = new Table().Title($"Frequent itemsets ({miner.Name})").AddColumn("").AddColumn(new TableColumn("value").RightAligned());
            t.AddRow("baskets", $"{transactions:N0}");
            t.AddRow("items (frequent)", $"{input.ItemIds.Length:N0} ({stats.FrequentItems:N0})");
            t.AddRow("min count", support is { } sv ? $"{min:N0} (support {sv:0.######})" : $"{min:N0}");
            t.AddRow("itemsets", $"{stats.Itemsets:N0}");
            foreach (var (size, n) in bySize)
                t.AddRow($"  of size {size}", $"{n:N0}");
            t.AddRow("mining time", $"{stats.Seconds:0.000} s (load {input.LoadSeconds:0.000} s)");
            if (rules is not null)
            {
                t.AddRow("rules", $"{rules.Count:N0} (confidence ≥ {ruleOptions.MinConfidence:0.###}{(lift is { } l ? $", lift ≥ {l:0.###}" : "")})");
                t.AddRow("rule time", $"{ruleSeconds:0.000} s");
            }
            if (itemsetsPath is not null)
                t.AddRow("itemsets written to", Markup.Escape(itemsetsPath));
            if (rulesPath is not null)
                t.AddRow("rules written to", Markup.Escape(rulesPath));
            AnsiConsole.Write(t);
            if (rules is { Count: > 0 })
            {
                var rt = new Table().Title("Strongest rules by lift").AddColumn("rule").AddColumn(new TableColumn("baskets").RightAligned())
                    .AddColumn(new TableColumn("confidence").RightAligned()).AddColumn(new TableColumn("lift").RightAligned());
                foreach (var r in rules.OrderByDescending(r => r.Lift).ThenByDescending(r => r.Count).Take(10))
                    rt.AddRow(Markup.Escape($"{Names(r.Antecedent, input)} ⇒ {Names(r.Consequent, input)}"), $"{r.Count:N0}", $"{r.Confidence:P1}", $"{r.Lift:0.00}");
                AnsiConsole.Write(rt);
            }
            return CommandHost.Ok;
        }));
        return cmd;
    }

    private static string Names(int[] items, MiningInput input) =>
        string.Join(" + ", items.Select(i => input.Catalog?.NameOf(i) ?? input.ItemIds[i]));
}
