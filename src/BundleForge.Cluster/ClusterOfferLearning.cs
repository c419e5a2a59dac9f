using BundleForge.Cluster.Grains;
using BundleForge.Data;
using BundleForge.Server.Models;
using BundleForge.Server.Serving;

namespace BundleForge.Cluster;

/// <summary>Cluster mode's <see cref="IOfferLearning"/>: the offer-response learner of the served model version is
/// shared through that version's <see cref="IOfferLearnerGrain"/>, an ordered log of its offer feedback. Each node keeps
/// its own copy of the learner (the pricer of its loaded version: the request path reads it without a grain call) and
/// applies the log to it in the log's order: its own feedback at once (the feedback request appends and catches up in
/// one grain call), the other nodes' every <see cref="ClusterSettings.LearnerPollMilliseconds"/>. Every node therefore
/// reaches the same feedback state, and the same answer key, after the same events.</summary>
public sealed partial class ClusterOfferLearning(IGrainFactory grains, ModelHost host, ClusterSettings settings, ILogger<ClusterOfferLearning> log)
    : BackgroundService, IOfferLearning
{
    /// <summary>Most entries one catch-up read returns (a node that starts late reads a long log in pieces).</summary>
    public const int ReadBatch = 4096;

    private readonly SemaphoreSlim _gate = new(1, 1);
    // The version whose log this node follows, and how much of it its pricer has applied.
    private string? _version;
    private long _applied;

    public async ValueTask ObserveAsync(ServingModel model, IReadOnlyList<OfferFeedback> feedback, CancellationToken cancel)
    {
        if (model.Pricer is null || feedback.Count == 0)
            return;
        var entries = new OfferFeedbackEntry[feedback.Count];
        for (int i = 0; i < entries.Length; i++)
            entries[i] = OfferFeedbackEntry.From(feedback[i], model.Catalog.Ids);
        var grain = grains.GetGrain<IOfferLearnerGrain>(model.Version);
        // Not cancellable once sent: the events are stored, so their feedback must reach the log.
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            // A request still on a version this node has left appends to that version's log without applying it.
            bool follows = Follow(model);
            var news = await grain.Append(entries, follows ? _applied : -1);
            if (follows)
                Apply(model, news);
        }
        finally { _gate.Release(); }
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var period = TimeSpan.FromMilliseconds(settings.LearnerPollMilliseconds);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var lease = host.Acquire();
                await CatchUpAsync(lease.Model, stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // A silo joining or a database blip: the log keeps the entries, the next tick reads them.
                LogPollFailed(e.Message);
            }
            try
            { await Task.Delay(period, stop); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>Applies what other nodes appended to <paramref name="model"/>'s log since this node last read it.</summary>
    public async Task CatchUpAsync(ServingModel model, CancellationToken cancel)
    {
        if (model.Pricer is null)
            return;
        var grain = grains.GetGrain<IOfferLearnerGrain>(model.Version);
        await _gate.WaitAsync(cancel);
        try
        {
            // The version was replaced since the lease was taken: the next tick follows the new one.
            if (!Follow(model))
                return;
            OfferFeedbackEntry[] news;
            do
            {
                news = await grain.Since(_applied, ReadBatch);
                Apply(model, news);
            }
            while (news.Length == ReadBatch);
        }
        finally { _gate.Release(); }
    }

    /// <summary>Follows <paramref name="model"/>'s log when it is the version this node serves (a new version's learner
    /// starts from its folder's saved feedback and applies its log from the start); false for a version left behind.</summary>
    private bool Follow(ServingModel model)
    {
        if (model.Version == _version)
            return true;
        if (!ReferenceEquals(model, host.Current))
            return false;
        _version = model.Version;
        _applied = 0;
        return true;
    }

    private void Apply(ServingModel model, OfferFeedbackEntry[] entries)
    {
        var pricer = model.Pricer!;
        foreach (var e in entries)
        {
            pricer.Observe(new OfferFeedback(e.UserKey, e.OfferId, Dense(e.Items, model.Catalog), e.Price, (OfferOutcome)e.Outcome, e.UnixSeconds));
            _applied++;
        }
    }

    private static int[] Dense(string[] items, ItemCatalog catalog)
    {
        var result = new List<int>(items.Length);
        foreach (var id in items)
            if (catalog.IndexOf(id) is >= 0 and var i)
                result.Add(i);
        return result.ToArray();
    }

    [LoggerMessage(LogLevel.Warning, "Could not read the shared offer learner: {Reason}")]
    private partial void LogPollFailed(string reason);
}
