using System.CommandLine;
using System.Text.Json.Nodes;
using BundleForge.Cli.Training;
using BundleForge.Data;
using BundleForge.Evaluation.Metrics;
using BundleForge.Evaluation.NextItem;
using BundleForge.Neural;
using BundleForge.Splits;

namespace BundleForge.Cli.Evaluation;

/// <summary><c>evaluate --task next-item</c>: a sequence model (sasrec or bert4rec component) under leave-last-out,
/// ranking all items, beside the popularity baseline.</summary>
internal sealed class NextItemTask : IEvaluationTask
{
    public const string Protocol =
        "leave-last-out per user (last item = test, second to last = validation, users with >= 3 items); every item in the catalog ranked, " +
        "history items not excluded; ties ranked against the target; popularity = training counts";

    /// <summary>The protocol of a model trained with <c>--seq-test-days</c>.</summary>
    public static string TimeSplitProtocol(int testDays) =>
        $"time split: trained on purchases before the last {testDays} days; per user who bought before and during them, history = all earlier purchases, " +
        "targets = the items of the first order in the test period (rank of the best-ranked one); every item ranked, history items not excluded; " +
        "ties ranked against the target; popularity = training-period counts";

    private readonly Option<string?> _component = new("--component") { Description = "next-item: the sequence model component (sasrec or bert4rec; default: the one present)." };

    public string Name => "next-item";

    public void AddOptions(Command evaluate)
    {
        if (!evaluate.Options.Any(o => o.Name == _component.Name)) evaluate.Options.Add(_component);
    }

    public JsonObject Evaluate(EvaluationContext context)
    {
        string? component = context.Parse.GetValue(_component);
        component ??= context.Model.Has("sasrec") ? "sasrec" : context.Model.Has("bert4rec") ? "bert4rec"
            : throw new DataException("The model folder has no sequence model (train it with --models sasrec or bert4rec).");
        var (net, ids) = SequenceModelArtifact.Read(context.Model, component);
        using (var scorer = new SequenceNextItemScorer(net, ownsNetwork: true))
        {
            var (sequences, dropped) = InModelIds(context.Data, ids);
            context.Progress.Report(new ProgressUpdate("evaluate next-item", double.NaN, $"{sequences.Count} users"));
            // A model trained on a time split is evaluated on the same split of the data.
            int testDays = context.Model.Manifest.Components[component].Parameters["time_split_days"]?.GetValue<int>() ?? 0;
            RankingMetrics model, popularity;
            if (testDays > 0)
            {
                if (!context.Data.HasRealTime) throw new DataException($"The model was trained on a {testDays}-day time split; the {context.Data.Format} data has no real times.");
                var timeSplit = SequenceTimeSplit.Create(sequences, testDays);
                model = NextItemEvaluator.Evaluate(scorer, timeSplit);
                popularity = PopularityBaseline.Evaluate(timeSplit, ids.Length);
            }
            else
            {
                var split = LeaveLastOut.Create(sequences);
                model = NextItemEvaluator.Evaluate(scorer, split, test: true);
                popularity = PopularityBaseline.Evaluate(split, ids.Length, test: true);
            }
            return new JsonObject
            {
                ["task"] = Name,
                ["protocol"] = testDays > 0 ? TimeSplitProtocol(testDays) : Protocol,
                ["component"] = component,
                ["metrics"] = SequenceModelTrainer.Metrics(model),
                ["baselines"] = new JsonObject { ["popularity"] = SequenceModelTrainer.Metrics(popularity) },
                ["unknown_items_dropped"] = dropped,
            };
        }
    }

    /// <summary>The dataset's sequences in the model's item ids (matched by shop id); purchases of items the model
    /// does not know are dropped and counted.</summary>
    private static (UserSequences Sequences, long Dropped) InModelIds(Dataset data, string[] modelIds)
    {
        var index = new Dictionary<string, int>(modelIds.Length, StringComparer.Ordinal);
        for (int i = 0; i < modelIds.Length; i++) index.TryAdd(modelIds[i], i);
        var map = new int[data.Items.Count];
        for (int i = 0; i < map.Length; i++) map[i] = index.TryGetValue(data.Items.Ids[i], out var m) ? m : -1;
        var s = data.Sequences;
        var offsets = new int[s.Count + 1];
        var items = new List<int>(s.Items.Length);
        var time = new List<long>(s.Items.Length);
        long dropped = 0;
        for (int u = 0; u < s.Count; u++)
        {
            for (int k = s.Offsets[u]; k < s.Offsets[u + 1]; k++)
            {
                int mapped = map[s.Items[k]];
                if (mapped < 0) { dropped++; continue; }
                items.Add(mapped);
                time.Add(s.Time[k]);
            }
            offsets[u + 1] = items.Count;
        }
        return (new UserSequences(offsets, items.ToArray(), time.ToArray()), dropped);
    }
}
