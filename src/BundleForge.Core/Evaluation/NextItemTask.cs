using BundleForge.Data;
using BundleForge.Evaluation.Metrics;
using BundleForge.Evaluation.NextItem;
using BundleForge.Splits;

namespace BundleForge.Evaluation;

/// <summary><c>evaluate --task next-item</c>: a sequence model (sasrec or bert4rec component) under leave-last-out,
/// or under the time split it was trained on, ranking all items, beside the popularity baseline. The model is opened
/// through the host's <see cref="EvaluationContext.NextItemModels"/>.</summary>
public sealed class NextItemTask : EvaluationTask<NextItemTaskOptions, NextItemTaskResult>
{
    /// <summary>The leave-last-out protocol in words.</summary>
    public const string Protocol =
        "leave-last-out per user (last item = test, second to last = validation, users with >= 3 items); every item in the catalog ranked, " +
        "history items not excluded; ties ranked against the target; popularity = training counts";

    /// <summary>The protocol of a model trained with <c>--seq-test-days</c>.</summary>
    public static string TimeSplitProtocol(int testDays) =>
        $"time split: trained on purchases before the last {testDays} days; per user who bought before and during them, history = all earlier purchases, " +
        "targets = the items of the first order in the test period (rank of the best-ranked one); every item ranked, history items not excluded; " +
        "ties ranked against the target; popularity = training-period counts";

    public override string Name => "next-item";

    public override NextItemTaskResult Evaluate(EvaluationContext context, NextItemTaskOptions options)
    {
        var (loader, component) = LoaderFor(context, options.Component);
        using var opened = loader.Load(context.Model);
        var (sequences, dropped) = InModelIds(context.Data, opened.ItemIds);
        context.Progress?.Report(new ProgressUpdate("evaluate next-item", double.NaN, $"{sequences.Count} users"));
        // A model trained on a time split is evaluated on the same split of the data.
        var parameters = context.Model.Manifest.Components[component].Parameters;
        int testDays = parameters["time_split_days"]?.GetValue<int>() ?? 0;
        // The model's own history rule, decided when it was trained (its scorer applies it); folders from before the
        // rule have none and kept the history.
        bool modelMasks = parameters["history"]?.GetValue<string>() == "masked";
        RankingMetrics model, popularity;
        int itemCount = opened.ItemIds.Count;
        if (testDays > 0)
        {
            if (!context.Data.HasRealTime)
                throw new DataException($"The model was trained on a {testDays}-day time split; the {context.Data.Format} data has no real times.");
            var timeSplit = SequenceTimeSplit.Create(sequences, testDays);
            model = NextItemEvaluator.Evaluate(opened.Scorer, timeSplit, options.ExcludeHistory);
            popularity = PopularityBaseline.Evaluate(timeSplit, itemCount, options.ExcludeHistory);
        }
        else
        {
            var split = LeaveLastOut.Create(sequences);
            model = NextItemEvaluator.Evaluate(opened.Scorer, split, test: true, options.ExcludeHistory);
            popularity = PopularityBaseline.Evaluate(split, itemCount, test: true, options.ExcludeHistory);
        }
        return new NextItemTaskResult
        {
            Task = Name,
            Protocol = WithHistoryRule(testDays > 0 ? TimeSplitProtocol(testDays) : Protocol, options.ExcludeHistory, modelMasks),
            HistoryExcluded = options.ExcludeHistory,
            History = options.ExcludeHistory || modelMasks ? "masked" : "kept",
            Component = component,
            TimeSplitDays = testDays,
            Model = model,
            Popularity = popularity,
            UnknownItemsDropped = dropped,
        };
    }

    /// <summary>The protocol's words with "history items excluded" when they are (the default protocols say "not excluded"),
    /// or with the model's own rule when it ranks them last by itself.</summary>
    public static string WithHistoryRule(string protocol, bool excluded, bool modelMasks) =>
        excluded ? protocol.Replace("history items not excluded", "history items excluded (ranked last)", StringComparison.Ordinal)
        : modelMasks ? protocol.Replace("history items not excluded", ModelMasksWords, StringComparison.Ordinal)
        : protocol;

    /// <summary>How the protocol's words say a model ranked the history last by its own learned rule.</summary>
    public const string ModelMasksWords =
        "history items not excluded by the protocol, but the model ranks them last by its own history rule (history masked, decided when it was trained), popularity keeps them";

    /// <summary>The loader of the component asked for, or of the first component the folder has in the host's order of
    /// preference.</summary>
    private static (INextItemModelLoader Loader, string Component) LoaderFor(EvaluationContext context, string? component)
    {
        if (component is null)
        {
            foreach (var l in context.NextItemModels)
                if (context.Model.Has(l.Component))
                    return (l, l.Component);
            throw new DataException("The model folder has no sequence model (train it with --models sasrec or bert4rec).");
        }
        if (!context.Model.Has(component))
            throw new DataException($"The model folder has no '{component}' sequence model.");
        foreach (var l in context.NextItemModels)
            if (l.Component == component)
                return (l, component);
        throw new DataException($"'{component}' is not a next-item model this program can open (it opens: {string.Join(", ", context.NextItemModels.Select(l => l.Component))}).",
            field: "--component");
    }

    /// <summary>The dataset's sequences in the model's item ids (matched by shop id); purchases of items the model
    /// does not know are dropped and counted.</summary>
    private static (UserSequences Sequences, long Dropped) InModelIds(Dataset data, IReadOnlyList<string> modelIds)
    {
        var index = new Dictionary<string, int>(modelIds.Count, StringComparer.Ordinal);
        for (int i = 0; i < modelIds.Count; i++)
            index.TryAdd(modelIds[i], i);
        var map = new int[data.Items.Count];
        for (int i = 0; i < map.Length; i++)
            map[i] = index.TryGetValue(data.Items.Ids[i], out var m) ? m : -1;
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
                if (mapped < 0)
                { dropped++; continue; }
                items.Add(mapped);
                time.Add(s.Time[k]);
            }
            offsets[u + 1] = items.Count;
        }
        return (new UserSequences(offsets, items.ToArray(), time.ToArray()), dropped);
    }
}
