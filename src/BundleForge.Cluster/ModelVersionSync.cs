using BundleForge.Cluster.Grains;
using BundleForge.Server.Models;

namespace BundleForge.Cluster;

/// <summary>Keeps every node on the version the cluster serves. When this node's version changes (an admin reload or
/// an erasure here), it publishes the new version to <see cref="IServedModelGrain"/>; when another node published, this
/// one reloads the shared model folder (the swap is atomic, so requests never fail during it).</summary>
public sealed partial class ModelVersionSync(IGrainFactory grains, ModelHost host, ClusterSettings settings, ILogger<ModelVersionSync> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var grain = grains.GetGrain<IServedModelGrain>(0);
        string local = host.Current.Version;
        long seen = -1;
        var period = TimeSpan.FromMilliseconds(settings.VersionPollMilliseconds);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (seen < 0)
                {
                    var first = await grain.Current();
                    // The first node of a cluster publishes what it serves; later ones join at the published generation.
                    seen = first.Version is null ? (await grain.Publish(local)).Generation : first.Generation;
                    if (first.Version is not null && first.Version != local)
                        local = await FollowAsync(first.Version, stop);
                }
                else if (host.Current.Version != local)
                {
                    local = host.Current.Version;
                    seen = (await grain.Publish(local)).Generation;
                    LogPublished(local, seen);
                }
                else
                {
                    var cluster = await grain.Current();
                    if (cluster.Generation > seen)
                    {
                        seen = cluster.Generation;
                        if (cluster.Version != local)
                            local = await FollowAsync(cluster.Version!, stop);
                    }
                }
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // A silo that is joining or a database blip: try again at the next tick.
                LogPollFailed(e.Message);
            }
            try
            { await Task.Delay(period, stop); }
            catch (OperationCanceledException) { break; }
        }
    }

    private async Task<string> FollowAsync(string version, CancellationToken stop)
    {
        var r = await host.ReloadAsync(stop);
        LogFollowed(version, r.Version, r.Outcome.ToString());
        return host.Current.Version;
    }

    [LoggerMessage(LogLevel.Information, "Published model version {Version} to the cluster (generation {Generation}).")]
    private partial void LogPublished(string version, long generation);

    [LoggerMessage(LogLevel.Information, "The cluster serves {Published}: reloaded, now serving {Version} ({Outcome}).")]
    private partial void LogFollowed(string published, string version, string outcome);

    [LoggerMessage(LogLevel.Warning, "Could not read the cluster's model version: {Reason}")]
    private partial void LogPollFailed(string reason);
}
