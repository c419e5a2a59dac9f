using BundleForge.Server.Serving;

namespace BundleForge.Server.Models;

/// <summary>Which recommender answers <c>GET /v1/users/{id}/recommendations</c>: the first component of the list that
/// the model has and this server could load; when it returns nothing for a user the next one is asked. The baseline
/// always closes the list. Configuration <c>Recommendations:Model</c> (comma list).</summary>
public static class RecommenderOrder
{
    /// <summary>Best first: the sequence model, then the embedding model, then co-purchase neighbours.</summary>
    public static IReadOnlyList<string> Default { get; } = ["sasrec", "item2vec", Baseline.BaselineModel.ComponentName];

    /// <summary>Parses a comma list (empty: <see cref="Default"/>), checking every name against the recommenders this
    /// build can serve; the baseline is appended when missing.</summary>
    public static IReadOnlyList<string> Parse(string? list, IEnumerable<string> known)
    {
        if (string.IsNullOrWhiteSpace(list)) return Default;
        var names = new HashSet<string>(known, StringComparer.Ordinal) { Baseline.BaselineModel.ComponentName };
        var order = new List<string>();
        foreach (var raw in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = raw.ToLowerInvariant();
            if (!names.Contains(name))
                throw new DataException($"Recommendations:Model names an unknown recommender '{raw}'; known: {string.Join(", ", names.Order(StringComparer.Ordinal))}.", field: "Recommendations:Model");
            if (!order.Contains(name)) order.Add(name);
        }
        if (!order.Contains(Baseline.BaselineModel.ComponentName)) order.Add(Baseline.BaselineModel.ComponentName);
        return order;
    }
}
