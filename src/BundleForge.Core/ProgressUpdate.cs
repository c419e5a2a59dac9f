namespace BundleForge;

/// <summary>A progress report from long work: the stage, the fraction done (0–1, or NaN when unknown), a short detail, and
/// whether it is a milestone: a result a reader wants in the log (an epoch's validation figure), which a throttled line
/// printer must never drop.</summary>
public readonly record struct ProgressUpdate(string Stage, double Fraction, string? Detail = null, bool Milestone = false);
