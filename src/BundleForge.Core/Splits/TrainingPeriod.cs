using BundleForge.Data;

namespace BundleForge.Splits;

/// <summary>A dataset as it stood at a point in time, so a model trained on it sees nothing after that point (the
/// backtest trains its signal models on this).</summary>
public static class TrainingPeriod
{
    /// <summary>The baskets bought before <paramref name="end"/> (unix seconds; the same baskets as a
    /// <see cref="TimeSplit"/>'s training part ending there) and the events before it. Items and users keep their dense
    /// ids, so what is trained on it reads the full dataset's catalog and users. A purchase belongs to the period when
    /// its basket does; predefined bundles are left out (no trained model reads them).</summary>
    public static Dataset Before(Dataset data, long end)
    {
        ArgumentNullException.ThrowIfNull(data);
        var baskets = data.Baskets;
        // Old basket index → index in the period's baskets (-1 when after the end).
        var basketMap = new int[baskets.Count];
        int kept = 0;
        for (int b = 0; b < baskets.Count; b++)
            basketMap[b] = baskets.Time[b] < end ? kept++ : -1;

        var t = data.Interactions;
        var rows = new List<int>(t.Count);
        for (int r = 0; r < t.Count; r++)
            if (t.Order[r] >= 0 ? basketMap[t.Order[r]] >= 0 : t.Time[r] < end)
                rows.Add(r);
        int n = rows.Count;
        var user = new int[n];
        var item = new int[n];
        var time = new long[n];
        var order = new int[n];
        var kind = new EventKind[n];
        var quantity = new float[n];
        var price = new float[n];
        for (int x = 0; x < n; x++)
        {
            int r = rows[x];
            user[x] = t.User[r];
            item[x] = t.Item[r];
            time[x] = t.Time[r];
            order[x] = t.Order[r] < 0 ? -1 : basketMap[t.Order[r]];
            kind[x] = t.Kind[r];
            quantity[x] = t.Quantity[r];
            price[x] = t.Price[r];
        }
        return new Dataset
        {
            Items = data.Items,
            Users = data.Users,
            Interactions = new InteractionTable(user, item, time, order, kind, quantity, price),
            Baskets = baskets.Where(b => basketMap[b] >= 0),
            Report = data.Report,
            Format = data.Format,
            HasRealTime = data.HasRealTime,
        };
    }
}
