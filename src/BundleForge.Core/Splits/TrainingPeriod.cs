using BundleForge.Data;

namespace BundleForge.Splits;

/// <summary>The part of a dataset before its last days: what a model may be trained on when those days are held out
/// for a time-split evaluation, or the training period of the bundle backtest. The cut is the same one the evaluation computes from the full data, so a model
/// trained with <c>--holdout-days N</c> never saw the period <c>--test-days N</c> tests on.</summary>
public static class TrainingPeriod
{
    /// <summary>The first unix second of the last <paramref name="days"/> days of data ending at <paramref name="lastTime"/>.</summary>
    public static long CutOf(long lastTime, int days) => lastTime - days * 86_400L + 1;

    /// <summary>The last event time of the data (unix seconds).</summary>
    public static long LastTimeOf(Dataset data)
    {
        long max = long.MinValue;
        foreach (var t in data.Interactions.Time)
            max = Math.Max(max, t);
        foreach (var t in data.Baskets.Time)
            max = Math.Max(max, t);
        return max;
    }

    /// <summary>The dataset without its last <paramref name="days"/> days: every event and order before the cut; items
    /// and users keep their dense ids (the catalog and the user table are unchanged). Needs real times.</summary>
    public static Dataset Before(Dataset data, int days)
    {
        if (days < 1)
            throw new DataException($"The held-out period must be at least 1 day, not {days}.", field: "TrainingPlan.HoldOutDays");
        if (!data.HasRealTime)
            throw new DataException($"The {data.Format} data has no real times, so its last {days} days cannot be held out.", field: "TrainingPlan.HoldOutDays");
        if (data.Interactions.Count == 0)
            throw new DataException("The dataset has no events to hold out.", field: "TrainingPlan.HoldOutDays");
        var before = Before(data, CutOf(LastTimeOf(data), days));
        return before.Interactions.Count > 0
            ? before
            : throw new DataException($"Every event is in the last {days} days; nothing is left to train on.", field: "TrainingPlan.HoldOutDays");
    }

    /// <summary>The dataset's events and orders before unix second <paramref name="cut"/> (possibly none; the same
    /// baskets as a <see cref="TimeSplit"/>'s training part ending there); items and users keep their dense ids, so what
    /// is trained on it reads the full dataset's catalog and users.</summary>
    public static Dataset Before(Dataset data, long cut)
    {
        var baskets = data.Baskets;
        var basketMap = new int[baskets.Count];
        int next = 0;
        for (int b = 0; b < baskets.Count; b++)
            basketMap[b] = baskets.Time[b] < cut ? next++ : -1;
        var t = data.Interactions;
        var rows = new List<int>(t.Count);
        for (int r = 0; r < t.Count; r++)
            // A purchase belongs to the period when its basket does, whatever its own time says.
            if (t.Order[r] >= 0 ? basketMap[t.Order[r]] >= 0 : t.Time[r] < cut)
                rows.Add(r);
        return new Dataset
        {
            Items = data.Items,
            Users = data.Users,
            Interactions = t.Select(rows, null, basketMap),
            Baskets = baskets.Where(b => basketMap[b] >= 0),
            Report = data.Report,
            Bundles = data.Bundles,
            Format = data.Format,
            HasRealTime = data.HasRealTime,
        };
    }
}
