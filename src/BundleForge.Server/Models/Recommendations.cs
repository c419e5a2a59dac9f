using BundleForge.Server.Events;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Models;

/// <summary>What a user is recommended by a served model version: shared by the API and the dashboard's customer page,
/// so both show the same answer.</summary>
public static class Recommendations
{
    /// <summary>The <c>source</c> of an answer no recommender had anything for.</summary>
    public const string PopularitySource = "popularity";

    /// <summary>Popularity for an unknown user, else the items of the first recommender in the configured order that has
    /// any (<c>Source</c> = its name), topped up with popular items the user has not bought; <c>Fallback</c> and
    /// <c>Source</c> are "popularity" when nothing personal was found.</summary>
    public static (List<Suggestion> Items, string? Fallback, string Source) For(ServingModel model, UserSnapshot user, int count)
    {
        if (!user.IsKnown)
            return (model.Baseline.Popular(count, _ => true), PopularitySource, PopularitySource);
        List<Suggestion>? items = null;
        string source = PopularitySource;
        foreach (var recommender in model.Recommenders)
        {
            var found = recommender.Recommend(user, count);
            if (found.Count == 0)
                continue;
            items = found as List<Suggestion> ?? new List<Suggestion>(found);
            source = recommender.Name;
            break;
        }
        items ??= new List<Suggestion>(count);
        string? fallback = null;
        if (items.Count < count)
        {
            // Too little signal for a full list: top up with popular items the user has not bought.
            var taken = new HashSet<int>();
            foreach (var s in items)
                taken.Add(s.Item);
            items.AddRange(model.Baseline.Popular(count - items.Count, i => !taken.Contains(i) && !user.IsExcluded(i)));
            if (taken.Count == 0)
                fallback = PopularitySource;
        }
        return (items, fallback, source);
    }

    /// <summary>The user's history from the model and live session from the event stream, under their pseudonymous key.</summary>
    public static UserSnapshot ContextOf(ServingModel model, string userKey, SessionTracker sessions) =>
        new(userKey, model.Profiles.HistoryOf(userKey), sessions.Of(userKey, model.Catalog));
}
