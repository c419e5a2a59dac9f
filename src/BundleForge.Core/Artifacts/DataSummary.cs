using System.Text.Json;
using System.Text.Json.Serialization;
using BundleForge.Data;

namespace BundleForge.Artifacts;

/// <summary>The <c>summary</c> component: what the model was trained on, for reports and the dashboard (sizes, orders
/// per week, basket sizes, the popularity curve, the cleaning report). Holds no user ids.</summary>
public sealed class DataSummary
{
    public const string Component = "summary";
    private const string FileName = "summary.json";

    [JsonPropertyName("format")] public string Format { get; set; } = "";
    [JsonPropertyName("users")] public int Users { get; set; }
    [JsonPropertyName("items")] public int Items { get; set; }
    [JsonPropertyName("orders")] public int Orders { get; set; }
    [JsonPropertyName("interactions")] public int Interactions { get; set; }
    [JsonPropertyName("from")] public DateTime? From { get; set; }
    [JsonPropertyName("to")] public DateTime? To { get; set; }
    [JsonPropertyName("mean_basket_size")] public double MeanBasketSize { get; set; }
    [JsonPropertyName("popularity_gini")] public double PopularityGini { get; set; }
    /// <summary>Week start (yyyy-MM-dd) → orders; empty when the data has no real time.</summary>
    [JsonPropertyName("orders_per_week")] public SortedDictionary<string, int> OrdersPerWeek { get; set; } = new(StringComparer.Ordinal);
    [JsonPropertyName("basket_size_histogram")] public SortedDictionary<string, int> BasketSizeHistogram { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Lorenz curve of item popularity: (share of items, share of purchases) from the most popular down, 101 points.</summary>
    [JsonPropertyName("popularity_curve")] public List<double[]> PopularityCurve { get; set; } = new();
    [JsonPropertyName("rows_read")] public long RowsRead { get; set; }
    [JsonPropertyName("rows_kept")] public long RowsKept { get; set; }
    [JsonPropertyName("removed")] public SortedDictionary<string, long> Removed { get; set; } = new(StringComparer.Ordinal);
    [JsonPropertyName("changed")] public SortedDictionary<string, long> Changed { get; set; } = new(StringComparer.Ordinal);
    [JsonPropertyName("notes")] public List<string> Notes { get; set; } = new();

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static DataSummary Compute(Dataset d)
    {
        var s = DatasetStatistics.Compute(d);
        var summary = new DataSummary
        {
            Format = d.Format,
            Users = s.Users,
            Items = s.Items,
            Orders = s.Orders,
            Interactions = s.Interactions,
            From = s.From,
            To = s.To,
            MeanBasketSize = Math.Round(s.MeanBasketSize, 3),
            PopularityGini = s.PopularityGini,
            BasketSizeHistogram = s.BasketSizeHistogram,
            RowsRead = d.Report.RowsRead,
            RowsKept = d.Report.RowsKept,
            Removed = new(d.Report.Removed, StringComparer.Ordinal),
            Changed = new(d.Report.Changed, StringComparer.Ordinal),
            Notes = d.Report.Notes.ToList(),
        };
        if (d.HasRealTime)
            foreach (var t in d.Baskets.Time)
            {
                var day = DateTime.UnixEpoch.AddSeconds(t).Date;
                var week = day.AddDays(-(((int)day.DayOfWeek + 6) % 7)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                summary.OrdersPerWeek[week] = summary.OrdersPerWeek.GetValueOrDefault(week) + 1;
            }
        var pop = new long[d.Items.Count];
        foreach (var i in d.Baskets.Items)
            pop[i]++;
        Array.Sort(pop);
        Array.Reverse(pop);
        double total = 0;
        foreach (var p in pop)
            total += p;
        if (pop.Length > 0 && total > 0)
        {
            double cum = 0;
            int next = 0;
            for (int i = 0; i < pop.Length; i++)
            {
                cum += pop[i];
                while (next <= 100 && (i + 1) >= next / 100.0 * pop.Length)
                {
                    summary.PopularityCurve.Add([next / 100.0, Math.Round(cum / total, 4)]);
                    next++;
                }
            }
        }
        return summary;
    }

    public void Save(ModelWriter writer)
    {
        File.WriteAllText(writer.PathFor(Component, FileName), JsonSerializer.Serialize(this, Json));
        writer.AddComponent(Component, "data-summary");
    }

    public static DataSummary Load(ModelReader reader)
    {
        var path = reader.PathOf(Component, FileName);
        try
        { return JsonSerializer.Deserialize<DataSummary>(File.ReadAllText(path), Json) ?? throw new DataException("Empty summary file.", path); }
        catch (JsonException e) { throw new DataException($"The summary file is not valid JSON: {e.Message}", path); }
    }
}
