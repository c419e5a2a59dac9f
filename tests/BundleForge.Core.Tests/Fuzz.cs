namespace BundleForge.Core.Tests;

/// <summary>Shared settings and bookkeeping of the fuzz and fault suites (docs/RELIABILITY.md). The suites are seeded
/// and deterministic: CI runs a few hundred cases; <c>BUNDLEFORGE_FUZZ_CASES=1000</c> runs more, and
/// <c>BUNDLEFORGE_FUZZ_SEED</c> explores other cases.</summary>
internal static class Fuzz
{
    public static int Cases(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("BUNDLEFORGE_FUZZ_CASES"), out int n) && n > 0 ? n : ciDefault;

    public static int Seed(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("BUNDLEFORGE_FUZZ_SEED"), out int s) ? s : ciDefault;

    /// <summary>BUNDLEFORGE_FUZZ_VERBOSE=1 prints every case and how it ended.</summary>
    public static bool Verbose => Environment.GetEnvironmentVariable("BUNDLEFORGE_FUZZ_VERBOSE") == "1";

    /// <summary>How one case ended: refused with a <see cref="DataException"/>, accepted, another exception (a crash),
    /// or still running at the deadline.</summary>
    public enum Outcome { Refused, Accepted, Crash, Timeout }

    /// <summary>Runs <paramref name="work"/> on a thread-pool thread and waits at most <paramref name="timeout"/>; a
    /// case that does not finish is reported (its thread cannot be stopped, but the suite goes on and fails).</summary>
    public static (Outcome Outcome, Exception? Error) Bounded(Action work, TimeSpan timeout)
    {
        var task = Task.Run(work);
        try
        {
            if (!task.Wait(timeout))
                return (Outcome.Timeout, null);
            return (Outcome.Accepted, null);
        }
        catch (AggregateException a) when (a.InnerException is DataException d) { return (Outcome.Refused, d); }
        catch (AggregateException a) { return (Outcome.Crash, a.InnerException ?? a); }
    }

    /// <summary>Counts per outcome and the first failures, for the summary line and the assertion message.</summary>
    public sealed class Tally(string name)
    {
        public int Cases, Refused, Accepted, Crashes, Timeouts;
        public readonly List<string> Failures = [];

        public void Add(Outcome outcome, string description, Exception? error = null)
        {
            Cases++;
            switch (outcome)
            {
                case Outcome.Refused:
                    Refused++;
                    break;
                case Outcome.Accepted:
                    Accepted++;
                    break;
                case Outcome.Crash:
                    Crashes++;
                    Fail(description, error?.ToString() ?? "crash");
                    break;
                case Outcome.Timeout:
                    Timeouts++;
                    Fail(description, "timed out");
                    break;
            }
        }

        /// <summary>A broken invariant (a changed store, a multi-line message ...) counts as a crash.</summary>
        public void Fail(string description, string what)
        {
            if (Failures.Count < 20)
                Failures.Add($"{description}: {what}");
        }

        public bool Clean => Crashes == 0 && Timeouts == 0 && Failures.Count == 0;

        public override string ToString() =>
            $"{name}: cases={Cases} refused={Refused} accepted={Accepted} crashes={Crashes} timeouts={Timeouts}" +
            (Failures.Count == 0 ? "" : "\n" + string.Join("\n", Failures));
    }
}
