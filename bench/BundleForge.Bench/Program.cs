using BenchmarkDotNet.Running;

// Whole runs (not micro benchmarks) by name; anything else goes to BenchmarkDotNet.
var runs = new Dictionary<string, Action<string[]>>(StringComparer.Ordinal)
{
    ["simulate"] = BundleForge.Bench.SimulatedShopRun.Run,
    ["bundle-serving"] = BundleForge.Bench.BundleServingRun.Run,
    ["item2vec-speed"] = BundleForge.Bench.Item2VecSpeedRun.Run,
    ["item2vec-vs-gensim"] = BundleForge.Bench.Item2VecVersusGensimRun.Run,
    ["exact-topk-cpu"] = BundleForge.Bench.ExactCosineCpuRun.Run,
};
if (args.Length > 0 && runs.TryGetValue(args[0], out var run))
{
    run(args[1..]);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
