namespace BundleForge.Training;

/// <summary>What training one model measured; every model reports its own record deriving from this one.</summary>
public abstract record ModelReport
{
    /// <summary>The component the model wrote.</summary>
    public abstract string Component { get; }
}
