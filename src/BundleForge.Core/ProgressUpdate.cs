namespace BundleForge;

/// <summary>A progress report from long work: the stage, the fraction done (0–1, or NaN when unknown) and a short detail.</summary>
public readonly record struct ProgressUpdate(string Stage, double Fraction, string? Detail = null);
