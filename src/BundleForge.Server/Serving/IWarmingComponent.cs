namespace BundleForge.Server.Serving;

/// <summary>A component that prepares part of its work in the background after a load (e.g. the bundle engine
/// computing the complements of the best sellers), so the loader can report when that is done.</summary>
public interface IWarmingComponent : IServingComponent
{
    /// <summary>Completes when the background work is done, with what it covered (items) and how long it took.</summary>
    Task<(int Items, double Seconds)> Warming { get; }

    /// <summary>What warms, as the log's subject ("Bundle" for "Bundle warm-up done: …").</summary>
    string WarmUpSubject { get; }

    /// <summary>What was warmed, for the log, with {0} for the item count ("the complements of {0} best sellers").</summary>
    string WarmedWhat { get; }
}
