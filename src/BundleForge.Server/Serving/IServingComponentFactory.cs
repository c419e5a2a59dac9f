namespace BundleForge.Server.Serving;

/// <summary>Loads one kind of component from a verified model folder. Register new factories in
/// <c>BundleForge.Server.Models.ServingComponents</c>.</summary>
public interface IServingComponentFactory
{
    /// <summary>The component folder this factory reads; it is only called when the manifest lists it.</summary>
    string ComponentName { get; }

    /// <summary>Higher wins when several loaded components offer the same capability (the baseline is 0).</summary>
    int Priority { get; }

    /// <summary>Reads the component's files. Throw <see cref="DataException"/> for a malformed file; the server
    /// then refuses the whole model.</summary>
    IServingComponent Load(ModelLoadContext context);
}
