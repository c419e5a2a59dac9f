namespace BundleForge.Server.Serving;

/// <summary>A snapshot of everything the server knows about one user at request time (the bundle engine's input is
/// <see cref="BundleForge.Bundles.UserContext"/>, built from it): the pseudonymous key, the purchase history
/// from the model (most recent last) and the live session from the event store (oldest first).</summary>
public sealed class UserSnapshot
{
    private readonly HashSet<int> _excluded;
    private readonly HashSet<int> _heldBack = [];

    public UserSnapshot(string userKey, int[] history, SessionEvent[] session)
    {
        UserKey = userKey;
        History = history;
        Session = session;
        _excluded = new HashSet<int>(history);
        foreach (var e in session)
            if (e.Type is EventType.Purchase or EventType.Cart or EventType.OfferDeclined)
            {
                _excluded.Add(e.Item);
                if (e.Type is EventType.Cart or EventType.OfferDeclined)
                    _heldBack.Add(e.Item);
            }
    }

    /// <summary>The pseudonymous key (never the shop's raw user id).</summary>
    public string UserKey { get; }

    /// <summary>Distinct items the user bought in the training data, most recent last.</summary>
    public int[] History { get; }

    /// <summary>Live events since the model was trained, oldest first.</summary>
    public SessionEvent[] Session { get; }

    /// <summary>True when the model or the event store knows anything about the user.</summary>
    public bool IsKnown => History.Length > 0 || Session.Length > 0;

    /// <summary>Items never to recommend: already bought, in the cart, or an offer the user declined.</summary>
    public bool IsExcluded(int item) => _excluded.Contains(item);

    /// <summary>Items not to recommend even when buying them again is welcome (a next-basket recommender offers
    /// repeat purchases): in the cart now, or an offer the user declined.</summary>
    public bool IsHeldBack(int item) => _heldBack.Contains(item);
}
