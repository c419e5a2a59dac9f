using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "simulate")
{
    BundleForge.Bench.SimulatedShopRun.Run(args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "bundle-serving")
{
    BundleForge.Bench.BundleServingRun.Run(args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "item2vec-speed")
{
    BundleForge.Bench.Item2VecSpeedRun.Run(args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "item2vec-vs-gensim")
{
    BundleForge.Bench.Item2VecVersusGensimRun.Run(args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "exact-topk-cpu")
{
    BundleForge.Bench.ExactCosineCpuRun.Run(args[1..]);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
