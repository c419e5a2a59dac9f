namespace BundleForge.Server.Models;

/// <summary>A request's hold on the model version it started with: the version is not freed while a lease on it is
/// open, whatever reloads happen meanwhile. The server opens one per request that asks for it (a scoped service) and
/// returns it when the response is done.</summary>
public sealed class ModelLease : IDisposable
{
    private ServingModel? _model;

    internal ModelLease(ServingModel model) => _model = model;

    /// <summary>The held version.</summary>
    public ServingModel Model => _model ?? throw new ObjectDisposedException(nameof(ModelLease));

    public void Dispose()
    {
        // Forgets the version too, so nothing that outlives the request keeps it reachable.
        if (Interlocked.Exchange(ref _model, null) is { } m)
            m.ReleaseHold();
    }
}
