using BundleForge.Recommendation;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Components;

/// <summary>Recommendations from the <c>nextbasket</c> component: the user's stored orders plus the purchases of their
/// live session (each purchase time one order) ranked by the learned next-basket ranker, each item named by the
/// source that proposed it (<c>repeat</c>, <c>co-purchase</c>, <c>neighbours</c>, <c>item2vec</c>, <c>popular</c>). Items the user owns
/// come back only when they are repeatable (someone bought them again); items in the cart, declined offers, and items
/// the strategy blocks or that are out of stock never do. Also drops users' orders on erasure.</summary>
public sealed class NextBasketRecommender(NextBasketModel model, bool[] unavailable) : IRecommender, IUserDataComponent
{
    public string Name => NextBasketModel.Component;

    /// <summary>The loaded component.</summary>
    public NextBasketModel Model => model;

    public IReadOnlyList<Suggestion> Recommend(UserSnapshot user, int k)
    {
        var stored = model.Users.HistoryOf(user.UserKey);
        var history = WithSession(stored, user.Session, out long now);
        if (history.Count == 0 || k < 1)
            return [];
        var signals = model.Features.Signals;
        var owned = new HashSet<int>(history.Items);
        var top = new int[k];
        var sources = new CandidateSource[k];
        var scores = new float[k];
        bool Excluded(int item) => unavailable[item] || user.IsHeldBack(item) || (owned.Contains(item) && !signals.IsRepeatable(item));
        // Nothing bought in the session: the stored customer's ranking, kept after their first request.
        int n = history.Count > 0 && ReferenceEquals(history, stored)
            ? model.RankStored(user.UserKey, top, sources, scores, Excluded)
            : model.Rank(history, Math.Max(now, model.Now), top, sources, scores, Excluded);
        var result = new List<Suggestion>(n);
        for (int r = 0; r < n; r++)
            result.Add(new Suggestion(top[r], Math.Round(scores[r], 6), CandidateSourceNames.Of(sources[r])));
        return result;
    }

    /// <summary>The stored orders followed by the session's purchases (and accepted offers), one order per second
    /// they happened at; <paramref name="now"/> is the newest order's time.</summary>
    private static OrderHistory WithSession(OrderHistory stored, SessionEvent[] session, out long now)
    {
        now = stored.Count > 0 ? stored.Times[^1] : long.MinValue;
        int extra = 0;
        foreach (var e in session)
            if (e.Type is EventType.Purchase or EventType.OfferAccepted)
                extra++;
        if (extra == 0)
            return stored;
        var offsets = new List<int>(stored.Offsets);
        var items = new List<int>(stored.Items.AsSpan(0, stored.Offsets[^1]).ToArray());
        var times = new List<long>(stored.Times);
        foreach (var e in session)
        {
            if (e.Type is not (EventType.Purchase or EventType.OfferAccepted))
                continue;
            if (times.Count == 0 || times[^1] != e.UnixSeconds)
            {
                times.Add(Math.Max(e.UnixSeconds, times.Count > 0 ? times[^1] : long.MinValue));
                offsets.Add(items.Count);
            }
            if (!items.GetRange(offsets[^2], items.Count - offsets[^2]).Contains(e.Item))
                items.Add(e.Item);
            offsets[^1] = items.Count;
        }
        now = times[^1];
        return new OrderHistory(offsets.ToArray(), items.ToArray(), times.ToArray());
    }

    public bool Holds(string userKey) => model.Users.Contains(userKey);

    public IReadOnlyCollection<string> WriteWithout(IReadOnlySet<string> userKeys, string sourceFolder, string targetFolder) =>
        model.WriteWithout(userKeys, targetFolder);
}
