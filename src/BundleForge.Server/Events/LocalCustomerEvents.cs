using BundleForge.Data;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Events;

/// <summary>Single-node mode: the SQLite <see cref="EventStore"/> beside the model and the in-memory
/// <see cref="SessionTracker"/> of this process.</summary>
public sealed class LocalCustomerEvents(EventStore store, SessionTracker sessions) : ICustomerEvents
{
    public ValueTask<bool[]> RecordAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancel)
    {
        var stored = store.Append(events);
        for (int x = 0; x < events.Count; x++)
        {
            // A retried event was applied when it was first stored: counting it again would skew the session.
            if (stored[x])
                sessions.Add(events[x]);
        }
        return ValueTask.FromResult(stored);
    }

    public ValueTask<SessionEvent[]> SessionOfAsync(string userKey, ItemCatalog catalog, CancellationToken cancel) =>
        ValueTask.FromResult(sessions.Of(userKey, catalog));

    public ValueTask<(int EventsDeleted, bool SessionRemoved)> EraseAsync(string userKey, CancellationToken cancel)
    {
        store.RecordErasure(userKey);
        bool session = sessions.Remove(userKey);
        int events = store.EraseUser(userKey);
        // An event that raced with the delete may have re-created the session after the first removal.
        session |= sessions.Remove(userKey);
        return ValueTask.FromResult((events, session));
    }

    public IReadOnlySet<string> ErasedKeys() => store.ErasedKeys();

    public int LiveSessions => sessions.Users;

    public string Location => store.Path;
}
