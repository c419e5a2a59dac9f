using System.Diagnostics;
using System.Globalization;
using BundleForge.Bundles;
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
    /// any (<c>Source</c> = its name), topped up with popular items the user has not bought, with a few new products
    /// placed into it (<see cref="INewItems.PlaceInRecommendations"/>, source <c>new</c>); <c>Fallback</c> and
    /// <c>Source</c> are "popularity" when nothing personal was found.</summary>
    public static (List<Suggestion> Items, string? Fallback, string Source) For(ServingModel model, UserSnapshot user, int count) =>
        For(model, user, count, null, out _);

    /// <summary>As <see cref="For(ServingModel, UserSnapshot, int)"/> within a time <paramref name="budget"/>: once it is
    /// spent, the recommenders not asked yet are skipped and popular items fill the list; <paramref name="degraded"/>
    /// then says which were skipped (null when none was).</summary>
    public static (List<Suggestion> Items, string? Fallback, string Source) For(ServingModel model, UserSnapshot user, int count, TimeSpan? budget, out Degradation? degraded)
    {
        degraded = null;
        if (!user.IsKnown)
            return (model.Baseline.Popular(count, _ => true), PopularitySource, PopularitySource);
        long start = Stopwatch.GetTimestamp();
        List<Suggestion>? items = null;
        string source = PopularitySource;
        var recommenders = model.Recommenders;
        for (int r = 0; r < recommenders.Count; r++)
        {
            var recommender = recommenders[r];
            if (r > 0 && budget is { } b && Stopwatch.GetElapsedTime(start) > b)
            {
                var skipped = new List<string>(recommenders.Count - r);
                for (int x = r; x < recommenders.Count; x++)
                    skipped.Add(recommenders[x].Name);
                degraded = new Degradation(["time"],
                    string.Format(CultureInfo.InvariantCulture, "The time budget of {0:0.###} ms ran out after asking {1}: {2} {3} not asked, and popular items fill the list.",
                        b.TotalMilliseconds, recommenders[r - 1].Name, string.Join(", ", skipped), skipped.Count == 1 ? "was" : "were"),
                    Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                break;
            }
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
        model.NewItems?.PlaceInRecommendations(user, items, count);
        return (items, fallback, source);
    }

    /// <summary>The user's history from the model and live session from the event stream, under their pseudonymous key.</summary>
    public static async ValueTask<UserSnapshot> ContextOfAsync(ServingModel model, string userKey, ICustomerEvents sessions, CancellationToken cancel) =>
        new(userKey, model.Profiles.HistoryOf(userKey), await sessions.SessionOfAsync(userKey, model.Catalog, cancel));
}
