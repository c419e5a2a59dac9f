using System.CommandLine;
using System.Diagnostics;
using BundleForge.Artifacts;
using BundleForge.Embeddings;
using BundleForge.Text;

namespace BundleForge.Cli.Commands;

/// <summary><c>bundleforge bench text</c>: titles per second of the sentence encoder over a dataset's item texts for
/// each intra-op thread count and batch size (with and without sorting by token length), and, given a model folder
/// with text vectors, the latency of search by meaning. Wall and process CPU time and the load average are reported
/// beside each figure, since the machine may be shared.</summary>
internal static class TextBenchCommand
{
    private static readonly string[] Queries =
    [
        "christmas lights", "lunch bag", "tea cup", "fary lihgts", "cake stand", "heart decoration", "paper chain",
        "hot water bottle", "alarm clock", "jumbo bag", "wooden sign", "candle holder", "gift wrap", "retrospot",
        "vintage doily", "kids cutlery", "photo frame", "garden", "bunting", "cushion cover", "mug", "key ring",
        "wall art", "storage tin", "baking set", "party bunting", "ceramic bowl", "notebook", "lantern", "doormat",
    ];

    public static Command Create()
    {
        var cmd = new Command("text", "Titles per second of the sentence encoder (threads × batch size, sorted or not) and search latency.");
        var data = new DataOptions(cmd);
        var model = new Option<string?>("--model") { Description = "A model folder with a text component: also measure search by meaning (300 queries, one ONNX thread as served)." };
        var batches = new Option<string>("--batch-sizes") { Description = "Comma list of batch sizes.", DefaultValueFactory = _ => "16,32,64,128" };
        var threads = new Option<string>("--onnx-threads") { Description = "Comma list of ONNX Runtime intra-op thread counts.", DefaultValueFactory = _ => "1,2" };
        var modes = new Option<string>("--modes") { Description = "Comma list of how threads are used: intra (one batch at a time on all threads) and/or batches (one batch per thread at once; skipped for 1 thread).", DefaultValueFactory = _ => "intra,batches" };
        var runs = new Option<int>("--runs") { Description = "Runs of each setting; the median is reported.", DefaultValueFactory = _ => 3 };
        var json = JsonOption.Create();
        foreach (var o in new Option[] { model, batches, threads, modes, runs, json })
            cmd.Options.Add(o);
        cmd.SetAction(CommandHost.Run(parse =>
        {
            var dataset = data.Load(parse, null);
            var texts = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < dataset.Items.Count; i++)
                if (ItemTextVectors.TextOf(dataset.Items, i) is { Length: > 0 } t && seen.Add(t))
                    texts.Add(t);
            int n = Math.Max(1, parse.GetValue(runs));
            var settings = new List<object>();
            var modeList = parse.GetValue(modes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var mode in modeList)
                if (mode is not ("intra" or "batches"))
                    throw new DataException($"--modes takes intra and/or batches, not '{mode}'.", field: "--modes");
            foreach (int t in ParseList(parse.GetValue(threads)!, "--onnx-threads"))
                foreach (var mode in modeList)
                {
                    if (mode == "batches" && t == 1)
                        continue;
                    using var encoder = new TextEncoder(t, parallelBatches: mode == "batches");
                    encoder.Encode(texts.Take(64).ToList(), 64);
                    foreach (int b in ParseList(parse.GetValue(batches)!, "--batch-sizes"))
                        foreach (bool sorted in b == 64 ? new[] { true, false } : [true])
                        {
                            var walls = new List<double>();
                            var cpus = new List<double>();
                            string loadBefore = LoadAverage();
                            for (int r = 0; r < n; r++)
                            {
                                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                                var sw = Stopwatch.StartNew();
                                encoder.Encode(texts, b, sortByLength: sorted);
                                walls.Add(sw.Elapsed.TotalSeconds);
                                cpus.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
                            }
                            double wall = Median(walls), cpuSeconds = Median(cpus);
                            var row = new
                            {
                                onnx_threads = t,
                                mode,
                                batch_size = b,
                                sorted_by_length = sorted,
                                titles = texts.Count,
                                wall_seconds = Math.Round(wall, 3),
                                titles_per_second = Math.Round(texts.Count / wall, 1),
                                cpu_seconds = Math.Round(cpuSeconds, 3),
                                titles_per_cpu_second = Math.Round(texts.Count / cpuSeconds, 1),
                                load_average = loadBefore + " → " + LoadAverage(),
                            };
                            settings.Add(row);
                            if (!parse.GetValue(json))
                                System.Console.WriteLine($"threads {t} ({mode}), batch {b,3}, sorted {sorted,-5}: {texts.Count / wall,7:0.0} titles/s wall, {texts.Count / cpuSeconds,7:0.0} per CPU-second (load {row.load_average})");
                        }
                }
            object? search = null;
            if (parse.GetValue(model) is { } folder)
            {
                var reader = ModelReader.Open(folder);
                var catalog = CatalogComponent.Load(reader);
                using var encoder = new TextEncoder(1);
                var engine = new ItemTextSearch(catalog, ItemTextVectors.Load(reader, catalog), encoder);
                for (int w = 0; w < 30; w++)
                    engine.Search(Queries[w % Queries.Length], 10);
                string loadBefore = LoadAverage();
                var ms = new List<double>();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                for (int q = 0; q < 300; q++)
                {
                    var sw = Stopwatch.StartNew();
                    engine.Search(Queries[q % Queries.Length], 10);
                    ms.Add(sw.Elapsed.TotalMilliseconds);
                }
                double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / 300;
                ms.Sort();
                search = new
                {
                    items = catalog.Count,
                    queries = 300,
                    p50_ms = Math.Round(Percentile(ms, 0.50), 2),
                    p90_ms = Math.Round(Percentile(ms, 0.90), 2),
                    p99_ms = Math.Round(Percentile(ms, 0.99), 2),
                    cpu_ms_per_query = Math.Round(cpuMs, 2),
                    load_average = loadBefore + " → " + LoadAverage(),
                };
                if (!parse.GetValue(json))
                    System.Console.WriteLine($"search over {catalog.Count} items: p50 {Percentile(ms, 0.5):0.00} ms, p90 {Percentile(ms, 0.9):0.00} ms, p99 {Percentile(ms, 0.99):0.00} ms, {cpuMs:0.00} ms CPU per query");
            }
            if (parse.GetValue(json))
                CommandHost.WriteJson(new { encoder = TextEncoder.ModelName, cores = Environment.ProcessorCount, settings, search });
            return CommandHost.Ok;
        }));
        return cmd;
    }

    private static List<int> ParseList(string text, string field)
    {
        var list = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            list.Add(int.TryParse(part, out int v) && v >= 1 ? v : throw new DataException($"{field} takes positive whole numbers, not '{part}'.", field: field));
        return list.Count > 0 ? list : throw new DataException($"{field} is empty.", field: field);
    }

    private static string LoadAverage()
    {
        try
        { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "?"; }
        catch (UnauthorizedAccessException) { return "?"; }
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
