namespace BundleForge.Server.Serving;

/// <summary>Thrown by a component factory when its component cannot run on this machine (e.g. libtorch does not
/// load): the server logs the reason as a warning and serves the model without that component, unlike a
/// <see cref="DataException"/>, which refuses the whole model.</summary>
public sealed class ComponentUnavailableException(string reason, Exception? inner = null) : Exception(reason, inner);
