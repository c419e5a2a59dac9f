namespace BundleForge.Evaluation.Synthetic;

/// <summary>What <see cref="ShopGenerator.Generate"/> wrote: the folder, sizes and how long it took.</summary>
public sealed record GeneratedShop(
    string Out,
    int Users,
    int Items,
    long Orders,
    long OrderLines,
    long InteractionRows,
    int Bundles,
    int Substitutes,
    int SequencePairs,
    long Bytes,
    double Seconds);
