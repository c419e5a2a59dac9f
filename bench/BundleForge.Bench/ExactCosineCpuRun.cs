using System.Diagnostics;

namespace BundleForge.Bench;

/// <summary>Per-query wall and CPU time of the exact top-10 (100k × 64, one thread) for a shared machine, where
/// BenchmarkDotNet's wall-clock figures include the time the thread waits for a core: <c>dotnet BundleForge.Bench.dll
/// exact-topk-cpu [queries]</c>. Same data and queries as <see cref="ExactCosineTopKBenchmark"/>.</summary>
public static class ExactCosineCpuRun
{
    public static void Run(string[] args)
    {
        int queries = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5000;
        foreach (var data in new[] { "uniform", "clustered" })
        {
            var bench = new ExactCosineTopKBenchmark { Data = data };
            bench.Setup();
            foreach (var (name, run) in new (string, Func<int>)[] { ("ExactTop10", bench.ExactTop10), ("FloatScanTop10", bench.FloatScanTop10) })
            {
                for (int i = 0; i < 200; i++)
                    run(); // warm-up and tiering
                var process = Process.GetCurrentProcess();
                var cpu = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < queries; i++)
                    run();
                double wall = clock.Elapsed.TotalMilliseconds * 1000 / queries;
                process.Refresh();
                double cpuMicros = (process.TotalProcessorTime - cpu).TotalMilliseconds * 1000 / queries;
                Console.WriteLine($"{data,-9} {name,-14} wall {wall,8:0.0} µs/query  cpu {cpuMicros,8:0.0} µs/query");
            }
        }
    }
}
