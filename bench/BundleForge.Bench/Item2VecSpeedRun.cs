using System.Diagnostics;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Ingest;
using BundleForge.Ingest.Sources;

namespace BundleForge.Bench;

/// <summary>Times the item2vec trainer alone on a basket file (not a micro benchmark): <c>dotnet BundleForge.Bench.dll
/// item2vec-speed FILE [threads] [epochs] [repeats]</c>. Prints wall seconds, process CPU seconds and raw words per
/// second for each repeat; CPU seconds are what to compare when the machine is shared.</summary>
public static class Item2VecSpeedRun
{
    public static void Run(string[] args)
    {
        int At(int k, int fallback) => args.Length > k ? int.Parse(args[k], System.Globalization.CultureInfo.InvariantCulture) : fallback;
        var data = DatasetLoader.Load(new LoadRequest { Path = args[0], Format = DataFormat.Fimi });
        int threads = At(1, 1), epochs = At(2, 2), repeats = At(3, 1);
        var options = new Item2VecOptions { Threads = threads, Epochs = epochs, Deterministic = threads == 1 };
        var corpus = TrainingCorpus.Build(data.Items.Count, data.Baskets, BasketHistories.FromBaskets(data.Baskets, data.Users.Count), options.MinCount);
        var process = Process.GetCurrentProcess();
        for (int r = 0; r < repeats; r++)
        {
            var cpu = process.TotalProcessorTime;
            var result = Item2VecTrainer.Train(corpus, data.Items.Count, options);
            process.Refresh();
            double cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine($"threads {threads} epochs {epochs}: wall {result.Seconds:0.000} s, cpu {cpuSeconds:0.000} s, " +
                              $"{result.WordsPerSecond(epochs):0} words/s, {result.RawTokens * (double)epochs / cpuSeconds:0} words per cpu-second");
        }
    }
}
