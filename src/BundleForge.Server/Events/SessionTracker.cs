using System.Collections.Concurrent;
using BundleForge.Data;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Events;

/// <summary>The recent events of each user in memory, so recommendations reflect them at once. Item ids stay the
/// shop's ids here and are mapped to dense ids against whichever model version serves the request.</summary>
public sealed class SessionTracker(int perUser)
{
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    public int Users => _sessions.Count;

    public void Add(StoredEvent e)
    {
        if (e.ItemId is null && e.Items is null)
            return;
        var s = _sessions.GetOrAdd(e.UserKey, _ => new Session());
        lock (s)
        {
            if (e.ItemId is not null)
                s.Push((e.ItemId, e.Type, e.UnixSeconds), perUser);
            // An accepted offer counts like a purchase of each of its items; a declined one excludes them.
            if (e.Items is not null && e.Type is EventType.OfferAccepted or EventType.OfferDeclined)
                foreach (var item in e.Items)
                    s.Push((item, e.Type, e.UnixSeconds), perUser);
        }
    }

    /// <summary>The user's session as dense ids of <paramref name="catalog"/>, oldest first; unknown items are left out.</summary>
    public SessionEvent[] Of(string userKey, ItemCatalog catalog)
    {
        if (!_sessions.TryGetValue(userKey, out var s))
            return [];
        lock (s)
            return Dense(s.Events, catalog);
    }

    /// <summary>The user's session with the shop's item ids, oldest first (what a cluster's customer grain hands to
    /// the node serving the request, which maps it with <see cref="Dense"/> against its model).</summary>
    public (string Item, EventType Type, long Time)[] Entries(string userKey)
    {
        if (!_sessions.TryGetValue(userKey, out var s))
            return [];
        lock (s)
            return s.Events.ToArray();
    }

    /// <summary>Session entries as dense ids of <paramref name="catalog"/>; unknown items are left out.</summary>
    public static SessionEvent[] Dense(IReadOnlyCollection<(string Item, EventType Type, long Time)> entries, ItemCatalog catalog)
    {
        var result = new List<SessionEvent>(entries.Count);
        foreach (var (item, type, time) in entries)
        {
            int i = catalog.IndexOf(item);
            if (i >= 0)
                result.Add(new SessionEvent(i, type, time));
        }
        return result.ToArray();
    }

    public bool Contains(string userKey) => _sessions.ContainsKey(userKey);

    public bool Remove(string userKey) => _sessions.TryRemove(userKey, out _);

    private sealed class Session
    {
        public readonly Queue<(string Item, EventType Type, long Time)> Events = new();

        public void Push((string, EventType, long) e, int max)
        {
            Events.Enqueue(e);
            while (Events.Count > max)
                Events.Dequeue();
        }
    }
}
