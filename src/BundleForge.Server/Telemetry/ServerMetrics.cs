using System.Diagnostics.Metrics;
using BundleForge.Server.Events;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Telemetry;

/// <summary>BundleForge's own instruments, beside ASP.NET Core's request counts and latency histograms.</summary>
public sealed class ServerMetrics
{
    public const string MeterName = "BundleForge.Server";

    private readonly Counter<long> _events;
    private readonly Counter<long> _reloads;
    private readonly Counter<long> _erasures;
    private readonly Counter<long> _fallbacks;

    public ServerMetrics(IMeterFactory factory, Func<string> modelVersion, Func<int> sessionUsers, Func<Bundles.Composition.CompositionCache?>? bundleCache = null,
        Func<long?>? feedbackVersion = null)
    {
        var meter = factory.Create(MeterName);
        _events = meter.CreateCounter<long>("bundleforge.events.accepted", "{event}", "Events stored, by type.");
        _reloads = meter.CreateCounter<long>("bundleforge.model.reloads", "{reload}", "Model reload attempts, by outcome.");
        _erasures = meter.CreateCounter<long>("bundleforge.users.erased", "{user}", "Users erased.");
        _fallbacks = meter.CreateCounter<long>("bundleforge.fallbacks", "{response}", "Responses served from the popularity fallback, by endpoint.");
        meter.CreateObservableGauge("bundleforge.model.info", () => new Measurement<int>(1, new KeyValuePair<string, object?>("model_version", modelVersion())), description: "The served model version (value 1).");
        meter.CreateObservableGauge("bundleforge.sessions.users", () => sessionUsers(), "{user}", "Users with a live session in memory.");
        // Per served model version: a reload or an erasure starts a new cache, which Prometheus reads as a counter reset.
        meter.CreateObservableCounter("bundleforge.bundles.compositions", () => bundleCache?.Invoke() is { } c
            ? [new Measurement<long>(c.Hits, new KeyValuePair<string, object?>("result", "cached")), new Measurement<long>(c.Misses, new KeyValuePair<string, object?>("result", "composed"))]
            : Array.Empty<Measurement<long>>(), "{request}", "Bundle requests answered from the composition cache or composed, for the served model version.");
        meter.CreateObservableGauge("bundleforge.offers.feedback_version", () => feedbackVersion?.Invoke() is { } v ? [new Measurement<long>(v)] : Array.Empty<Measurement<long>>(),
            "{outcome}", "Labelled offer outcomes the served version's learner has recorded or loaded (its feedback state); equal on every node of a cluster once they caught up.");
    }

    public void EventAccepted(EventType type) => _events.Add(1, new KeyValuePair<string, object?>("type", EventTypeNames.NameOf(type)));
    public void Reload(string outcome) => _reloads.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
    public void Erased() => _erasures.Add(1);
    public void Fallback(string endpoint) => _fallbacks.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint));
}
