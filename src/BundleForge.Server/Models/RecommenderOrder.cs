using BundleForge.Baseline;
using BundleForge.Recommendation;
using BundleForge.Server.Serving;
using BundleForge.Server.Settings;
using Microsoft.Extensions.Options;

namespace BundleForge.Server.Models;

/// <summary>Which recommender answers <c>GET /v1/users/{id}/recommendations</c>: the first component of the list that
/// the model has and this server could load; when it returns nothing for a user the next one is asked. The baseline
/// always closes the list. Configuration <c>Recommendations:Model</c> (comma list).</summary>
public static class RecommenderOrder
{
    /// <summary>Best first: the learned next-basket ranker (which measured ahead of every other recommender on a held-out
    /// month, docs/BENCHMARKS.md), the sequence model, the embedding model, then co-purchase neighbours.</summary>
    public static IReadOnlyList<string> Default { get; } = [NextBasketModel.Component, "sasrec", "item2vec", BaselineModel.ComponentName];

    /// <summary>Parses a comma list (empty: <see cref="Default"/>), checking every name against the recommenders this
    /// build can serve; the baseline is appended when missing. A bad list is a <see cref="DataException"/>.</summary>
    public static IReadOnlyList<string> Parse(string? list, IEnumerable<string> known) =>
        TryParse(list, known, out var order) is { } error ? throw new DataException(error, field: "Recommendations:Model") : order;

    /// <summary>Parses like <see cref="Parse"/>; returns the reason a list is refused, or null.</summary>
    public static string? TryParse(string? list, IEnumerable<string> known, out IReadOnlyList<string> order)
    {
        order = Default;
        if (string.IsNullOrWhiteSpace(list))
            return null;
        var names = new HashSet<string>(known, StringComparer.Ordinal) { BaselineModel.ComponentName };
        var parsed = new List<string>();
        foreach (var raw in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = raw.ToLowerInvariant();
            if (!names.Contains(name))
                return $"Configuration Recommendations:Model names an unknown recommender '{raw}'; known: {string.Join(", ", names.Order(StringComparer.Ordinal))}.";
            if (!parsed.Contains(name))
                parsed.Add(name);
        }
        if (!parsed.Contains(BaselineModel.ComponentName))
            parsed.Add(BaselineModel.ComponentName);
        order = parsed;
        return null;
    }

    /// <summary>Checks <c>Recommendations:Model</c> at start-up against the component factories the server loads.</summary>
    internal sealed class Validation(IReadOnlyList<IServingComponentFactory> factories) : IValidateOptions<RecommendationsOptions>
    {
        public ValidateOptionsResult Validate(string? name, RecommendationsOptions options)
        {
            var known = new List<string>(factories.Count);
            foreach (var f in factories)
                known.Add(f.ComponentName);
            return TryParse(options.Model, known, out _) is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
        }
    }
}
