namespace BundleForge.Neural;

/// <summary>Marks the neural-model assembly (TorchSharp lives here so the core stays light).</summary>
public static class NeuralAssembly
{
}
