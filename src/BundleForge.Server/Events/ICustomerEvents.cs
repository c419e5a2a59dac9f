using BundleForge.Data;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Events;

/// <summary>Where the server keeps what changes while it runs, per customer (pseudonymous key): the durable event log,
/// the live sessions built from it and the erasure registry. The endpoints see only this, so they do not know whether
/// one process holds it (<see cref="LocalCustomerEvents"/>: SQLite and memory) or a cluster does (BundleForge.Cluster).</summary>
public interface ICustomerEvents
{
    /// <summary>Stores events durably and applies them to the users' sessions; when the task completes they are
    /// acknowledged. An entry of the result is false when the user already had that event id (not stored again).</summary>
    ValueTask<bool[]> RecordAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancel);

    /// <summary>The user's live session as dense ids of <paramref name="catalog"/>, oldest first; unknown items are left out.</summary>
    ValueTask<SessionEvent[]> SessionOfAsync(string userKey, ItemCatalog catalog, CancellationToken cancel);

    /// <summary>Puts the user on the erasure registry durably (first, so a later model load still removes them), then
    /// deletes their stored events and live session.</summary>
    ValueTask<(int EventsDeleted, bool SessionRemoved)> EraseAsync(string userKey, CancellationToken cancel);

    /// <summary>The pseudonymous keys of every erased user (read when a model is loaded).</summary>
    IReadOnlySet<string> ErasedKeys();

    /// <summary>Users with a live session held here (for metrics).</summary>
    int LiveSessions { get; }

    /// <summary>Where the events are kept, for the start-up log line.</summary>
    string Location { get; }
}
