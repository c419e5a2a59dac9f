using BundleForge.Cluster.Database;
using BundleForge.Server.Events;
using BundleForge.Server.Settings;
using Microsoft.Extensions.Options;

namespace BundleForge.Cluster.Grains;

/// <summary>A customer's live session, rebuilt from the event log when the grain starts (on whichever silo, after a
/// crash too) and kept by the same <see cref="SessionTracker"/> rules as a single node. Every write of the customer's
/// events goes through here, so the log and the session agree.</summary>
public sealed class CustomerGrain(ClusterEventLog log, IOptions<EventsOptions> events, CustomerActivations activations) : Grain, ICustomerGrain
{
    private readonly SessionTracker _session = new(events.Value.SessionLength);

    private string Key => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancel)
    {
        activations.Activated();
        foreach (var e in await log.RecentOfAsync(Key, events.Value.SessionLength, cancel))
            _session.Add(e);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancel)
    {
        activations.Deactivated();
        return Task.CompletedTask;
    }

    public async Task<bool[]> Record(CustomerEvent[] batch)
    {
        var stored = new List<StoredEvent>(batch.Length);
        foreach (var e in batch)
            stored.Add(e.ToStored(Key));
        var written = await log.AppendAsync(Key, stored, CancellationToken.None);
        for (int x = 0; x < stored.Count; x++)
        {
            if (written[x])
                _session.Add(stored[x]);
        }
        return written;
    }

    public Task<SessionEntry[]> Session()
    {
        var entries = _session.Entries(Key);
        var result = new SessionEntry[entries.Length];
        for (int i = 0; i < entries.Length; i++)
            result[i] = new SessionEntry { Item = entries[i].Item, Type = (int)entries[i].Type, UnixSeconds = entries[i].Time };
        return Task.FromResult(result);
    }

    public async Task<(int Events, bool Session)> Erase()
    {
        int n = await log.EraseUserAsync(Key, CancellationToken.None);
        bool held = _session.Remove(Key);
        return (n, held);
    }
}
