using BundleForge.Cluster.Database;

namespace BundleForge.Cluster.Grains;

/// <summary>One model version's shared learner log: appended in PostgreSQL (<see cref="OfferFeedbackLog"/>) before
/// an append answers, held in memory for the nodes' catch-up reads, reloaded from PostgreSQL when the grain starts on
/// another silo (after its node died), so the positions every node applied stay the same.</summary>
public sealed class OfferLearnerGrain(OfferFeedbackLog log) : Grain, IOfferLearnerGrain
{
    private List<OfferFeedbackEntry> _entries = [];

    private string Version => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancel) =>
        _entries = await log.ReadAsync(Version, cancel);

    public async Task<OfferFeedbackEntry[]> Append(OfferFeedbackEntry[] entries, long from)
    {
        // Durable first: a position handed out is never taken back.
        await log.AppendAsync(Version, _entries.Count, entries, CancellationToken.None);
        _entries.AddRange(entries);
        return from < 0 ? [] : Slice(from, int.MaxValue);
    }

    public Task<OfferFeedbackEntry[]> Since(long from, int max) => Task.FromResult(Slice(from, max));

    public Task Forget(string userKey)
    {
        for (int i = 0; i < _entries.Count; i++)
            if (_entries[i].UserKey == userKey)
                _entries[i] = new OfferFeedbackEntry { UserKey = "", OfferId = _entries[i].OfferId, Items = _entries[i].Items, Price = _entries[i].Price, Outcome = _entries[i].Outcome, UnixSeconds = _entries[i].UnixSeconds };
        return Task.CompletedTask;
    }

    private OfferFeedbackEntry[] Slice(long from, int max)
    {
        if (from >= _entries.Count)
            return [];
        int start = (int)Math.Max(0, from);
        return _entries.GetRange(start, Math.Min(max, _entries.Count - start)).ToArray();
    }
}
