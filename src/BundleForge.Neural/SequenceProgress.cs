using System.Diagnostics;

namespace BundleForge.Neural;

/// <summary>The progress lines of a sequence model's training under one stage ("train sasrec"): one at each step
/// (preparation, an epoch's start, validation, the test) and, within an epoch or an evaluation of millions of
/// customers, one at most every second, so the CLI's bar or its periodic lines never stand still for minutes.</summary>
internal sealed class SequenceProgress(IProgress<ProgressUpdate>? progress, SequenceModelKind kind)
{
    private const long IntervalMs = 1000;

    private readonly string _stage = $"train {kind.ToString().ToLowerInvariant()}";
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastMs = long.MinValue / 2;

    /// <summary>True when a second has passed since the last line (never without a listener): checked per batch, so
    /// the line's text is only built when it will be reported.</summary>
    public bool Due => progress is not null && _clock.ElapsedMilliseconds - _lastMs >= IntervalMs;

    /// <summary>Reports at once.</summary>
    public void Now(double fraction, string detail)
    {
        if (progress is null)
            return;
        _lastMs = _clock.ElapsedMilliseconds;
        progress.Report(new ProgressUpdate(_stage, Math.Clamp(fraction, 0, 1), detail));
    }

    /// <summary>Reports a result at once as a milestone (<see cref="ProgressUpdate.Milestone"/>): an epoch's validation
    /// figure follows the validation's own progress lines within the second, and a throttled printer must still show it.</summary>
    public void Result(double fraction, string detail)
    {
        if (progress is null)
            return;
        _lastMs = _clock.ElapsedMilliseconds;
        progress.Report(new ProgressUpdate(_stage, Math.Clamp(fraction, 0, 1), detail, Milestone: true));
    }

    /// <summary>Reports when <see cref="Due"/>.</summary>
    public void IfDue(double fraction, string detail)
    {
        if (Due)
            Now(fraction, detail);
    }
}
