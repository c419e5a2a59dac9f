namespace BundleForge.Evaluation.Bundles;

/// <summary>A clock that says what it is told: evaluations give the engine a fixed time, so an exploring engine's
/// answers (seeded by the exploration period, docs/STRATEGY.md "One answer per state") and so the figures do not
/// depend on the day a benchmark runs.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    /// <summary>The Unix epoch: the time evaluations run at unless told otherwise.</summary>
    public static FixedClock Epoch => new(DateTimeOffset.UnixEpoch);

    /// <summary>The time the clock reports (settable, to move to another exploration period).</summary>
    public DateTimeOffset Now { get; set; } = now;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => Now;
}
