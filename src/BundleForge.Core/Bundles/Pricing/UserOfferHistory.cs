using System.Collections.Concurrent;

namespace BundleForge.Bundles.Pricing;

/// <summary>Each known user's own offer outcomes (labelled offers accepted and declined), so the acceptance learner can
/// tell a customer who has declined at list price before from one who has bought at list. Lock-free reads; updates
/// are atomic per user.</summary>
public sealed class UserOfferHistory
{
    private readonly ConcurrentDictionary<int, long> _counts = new();

    /// <summary>Accepted and declined labelled offers of dense user <paramref name="user"/> (0, 0 when unknown).</summary>
    public (int Accepted, int Declined) Of(int user)
    {
        if (user < 0 || !_counts.TryGetValue(user, out long packed))
            return (0, 0);
        return ((int)(packed >> 32), (int)(packed & 0xFFFFFFFF));
    }

    /// <summary>Adds one labelled offer of <paramref name="user"/>.</summary>
    public void Add(int user, bool accepted)
    {
        if (user < 0)
            return;
        long delta = accepted ? 1L << 32 : 1L;
        _counts.AddOrUpdate(user, delta, (_, old) => old + delta);
    }

    /// <summary>Users with any outcome.</summary>
    public int Count => _counts.Count;

    /// <summary>Every user's counts, by user.</summary>
    public IEnumerable<(int User, int Accepted, int Declined)> All() =>
        _counts.OrderBy(kv => kv.Key).Select(kv => (kv.Key, (int)(kv.Value >> 32), (int)(kv.Value & 0xFFFFFFFF)));

    internal void Set(int user, int accepted, int declined) => _counts[user] = ((long)accepted << 32) | (uint)declined;
}
