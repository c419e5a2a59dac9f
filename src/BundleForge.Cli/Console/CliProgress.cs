using System.Diagnostics;
using Spectre.Console;

namespace BundleForge.Cli.Console;

/// <summary>Shows progress of long work: a Spectre.Console bar on an interactive terminal, plain periodic lines on
/// standard error otherwise (Spectre prints nothing when output is redirected), and never anything on stdout in
/// <c>--json</c> mode.</summary>
internal static class CliProgress
{
    public static T Run<T>(bool json, Func<IProgress<ProgressUpdate>, T> work)
    {
        bool interactive = !json && !System.Console.IsOutputRedirected && !System.Console.IsErrorRedirected
                           && AnsiConsole.Profile.Capabilities.Interactive;
        if (!interactive)
            return work(new LineProgress());

        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var gate = new object();
                var reporter = new SyncProgress(u =>
                {
                    lock (gate)
                    {
                        if (!tasks.TryGetValue(u.Stage, out var task))
                        {
                            foreach (var t in tasks.Values)
                                t.Value = t.MaxValue;
                            task = tasks[u.Stage] = ctx.AddTask(Markup.Escape(u.Stage), maxValue: 1.0);
                            if (double.IsNaN(u.Fraction))
                                task.IsIndeterminate = true;
                        }
                        if (!double.IsNaN(u.Fraction))
                        { task.IsIndeterminate = false; task.Value = Math.Clamp(u.Fraction, 0, 1); }
                        if (u.Detail is not null)
                            task.Description = Markup.Escape($"{u.Stage} {u.Detail}");
                    }
                });
                result = work(reporter);
                lock (gate)
                    foreach (var t in tasks.Values)
                        t.Value = t.MaxValue;
            });
        return result;
    }

    /// <summary>Reports synchronously on the caller's thread (System.Progress would post to the thread pool and
    /// lose ordering).</summary>
    private sealed class SyncProgress(Action<ProgressUpdate> report) : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value) => report(value);
    }

    /// <summary>Plain lines at most every two seconds per stage, plus one at each new stage and every milestone.</summary>
    private sealed class LineProgress : IProgress<ProgressUpdate>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly object _gate = new();
        private string? _stage;
        private long _lastMs = -10_000;

        public void Report(ProgressUpdate u)
        {
            lock (_gate)
            {
                long now = _clock.ElapsedMilliseconds;
                bool newStage = u.Stage != _stage;
                if (!newStage && !u.Milestone && now - _lastMs < 2000 && !(u.Fraction >= 1))
                    return;
                _stage = u.Stage;
                _lastMs = now;
                var pct = double.IsNaN(u.Fraction) ? "" : $" {u.Fraction * 100,5:0.0}%";
                System.Console.Error.WriteLine($"[{now / 1000.0,7:0.0}s] {u.Stage}{pct}{(u.Detail is null ? "" : " " + u.Detail)}");
            }
        }
    }
}
