using BundleForge.Neural;
using BundleForge.Server.Serving;

namespace BundleForge.Server.Components;

/// <summary>Loads libtorch for a component that needs it, or reports the component unavailable on this machine (the
/// model is then served without it) instead of refusing the whole model.</summary>
internal static class TorchAvailability
{
    /// <summary>Runs <paramref name="ensureRuntime"/> (default: libtorch with one intra-op thread, since requests run in
    /// parallel and per-request parallelism would only oversubscribe), turning a load failure into
    /// <see cref="ComponentUnavailableException"/>.</summary>
    public static void Ensure(Action? ensureRuntime)
    {
        try
        {
            (ensureRuntime ?? (() => TorchRuntime.Ensure(threads: 1)))();
        }
        catch (DataException e) { throw new ComponentUnavailableException(e.Reason, e); }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException or EntryPointNotFoundException)
        {
            throw new ComponentUnavailableException($"libtorch (TorchSharp) could not be loaded: {e.Message}", e);
        }
    }
}
