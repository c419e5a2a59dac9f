namespace BundleForge.Cluster.Grains;

/// <summary>One customer (keyed by pseudonymous key): their recent events and offer history, the same on every node.</summary>
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>Writes the events to the PostgreSQL event log (committed when this returns), then to the session;
    /// false for an event id the customer already had.</summary>
    Task<bool[]> Record(CustomerEvent[] events);

    /// <summary>The live session, oldest first.</summary>
    Task<SessionEntry[]> Session();

    /// <summary>Deletes the customer's events from the log and forgets the session; returns the events deleted and
    /// whether a session was held.</summary>
    Task<(int Events, bool Session)> Erase();
}
