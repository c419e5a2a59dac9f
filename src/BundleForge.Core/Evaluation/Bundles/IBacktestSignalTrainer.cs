using BundleForge.Bundles.Engine;
using BundleForge.Data;

namespace BundleForge.Evaluation.Bundles;

/// <summary>Trains another model (item2vec, a sequence model) on a backtest's training baskets only, so nothing of the
/// held-out period leaks in, and returns its bundle-engine signals. Models the core cannot reference (TorchSharp) plug
/// in through this, handed in by the host.</summary>
public interface IBacktestSignalTrainer
{
    /// <summary>The component the signals stand for (e.g. <c>item2vec</c>, <c>sasrec</c>).</summary>
    string Component { get; }

    /// <summary>Trains on <paramref name="train"/> (baskets of <paramref name="data"/>) and returns the signals over
    /// <paramref name="data"/>'s items.</summary>
    BundleSignals Train(Dataset data, BasketSet train, IProgress<ProgressUpdate>? progress);
}
