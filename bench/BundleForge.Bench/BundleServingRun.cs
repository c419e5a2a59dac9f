using System.Diagnostics;
using BundleForge.Artifacts;
using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Composition;
using BundleForge.Bundles.Engine;
using BundleForge.Bundles.Pricing;

namespace BundleForge.Bench;

/// <summary>Where a served bundle request spends its time (not a micro benchmark): <c>dotnet BundleForge.Bench.dll
/// bundle-serving MODEL_DIR [users (default 500)] [rounds (default 3)] [seeds=N beam=N reach=N budget=N candidates=N] [anchor]</c> opens the model folder as the server does
/// (catalog, bundles model, item2vec signals; no sequence model: the bench does not load libtorch), then answers the
/// most active users' bundle requests on one thread (with <c>anchor</c>: each on the product page of one of the 500
/// best sellers) and prints the mean time per stage and per candidate source.</summary>
public static class BundleServingRun
{
    public static void Run(string[] args)
    {
        if (args.Length == 0)
        { Console.Error.WriteLine("usage: bundle-serving MODEL_DIR [users] [rounds]"); return; }
        int users = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500;
        int rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3;
        var clock = Stopwatch.StartNew();
        var reader = ModelReader.Open(args[0]);
        var service = BundleService.Open(reader);
        Console.WriteLine($"opened {args[0]} in {clock.Elapsed.TotalSeconds:0.00} s; signals: {string.Join(',', service.Factory.Signals)}");
        var model = service.Model;
        var byActivity = Enumerable.Range(0, model.UserCount)
            .OrderByDescending(u => model.HistoryOffsets[u + 1] - model.HistoryOffsets[u]).Take(users).ToArray();
        // Optional composer knobs: seeds=, beam=, reach=, budget=, candidates=
        var c = service.Factory.Composer ?? new ComposerOptions();
        bool anchored = false;
        foreach (var a in args.Skip(3))
        {
            if (a == "anchor")
            { anchored = true; continue; }
            var (key, value) = (a.Split('=')[0], int.Parse(a.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture));
            c = key switch
            {
                "seeds" => c with { Seeds = value },
                "beam" => c with { BeamWidth = value },
                "reach" => c with { ExpansionPool = value },
                "budget" => c with { ExtensionBudget = value },
                "candidates" => c with { CandidatesPerSource = value },
                "kept" => c with { KeptPerSize = value },
                _ => throw new ArgumentException($"unknown knob {key}"),
            };
        }
        Console.WriteLine($"composer: {c}");
        var engine = service.Factory.WithComposer(c).Create();
        var counts = model.Pairs.ItemCounts.ToArray();
        var popular = BundleForge.Data.PopularityOrder.Of(counts, Enumerable.Range(0, counts.Length)).Take(500).ToArray();
        var sources = engine.Sources;
        var perSource = new double[sources.Count];
        double collect = 0, compose = 0, price = 0, together = 0, explain = 0;
        var chooser = new SeededRandom(1, 1);
        var quotes = new List<PriceQuote>();
        long requests = 0, offers = 0;
        var scratch = new List<Candidate>();
        var total = Stopwatch.StartNew();
        for (int r = 0; r < rounds; r++)
        {
            if (r == 1)
            { total.Restart(); Array.Clear(perSource); collect = compose = price = together = explain = 0; requests = offers = 0; }
            for (int ui = 0; ui < byActivity.Length; ui++)
            {
                int u = byActivity[ui];
                var user = model.ContextOf(u, anchor: anchored ? popular[ui % popular.Length] : -1);
                for (int s = 0; s < sources.Count; s++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    scratch.Clear();
                    sources[s].Collect(user, engine.CandidatesPerSource, scratch);
                    perSource[s] += Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                }
                long t = Stopwatch.GetTimestamp();
                var pool = CandidatePool.Collect(sources, user, engine.CandidatesPerSource);
                collect += Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                t = Stopwatch.GetTimestamp();
                var composed = engine.Composer.Compose(user, pool, engine.Strategy.BundlesPerRequest * 3);
                compose += Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                t = Stopwatch.GetTimestamp();
                quotes.Clear();
                foreach (var b in composed)
                {
                    var q = engine.Pricer.Quote(b, user);
                    if (q.Offered)
                        quotes.Add(q);
                }
                price += Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                t = Stopwatch.GetTimestamp();
                OfferAssortment.Choose(quotes, engine.Strategy.BundlesPerRequest, ref chooser);
                together += Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                t = Stopwatch.GetTimestamp();
                offers += engine.Recommend(user).Count;
                explain += Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                requests++;
            }
        }
        double n = requests;
        Console.WriteLine($"{requests} requests (after one warm-up round), {offers / n:0.00} offers each");
        for (int s = 0; s < sources.Count; s++)
            Console.WriteLine($"  source {sources[s].Name,-18} {perSource[s] / n,8:0.000} ms");
        Console.WriteLine($"  pool (all sources)        {collect / n,8:0.000} ms");
        Console.WriteLine($"  compose                   {compose / n,8:0.000} ms");
        Console.WriteLine($"  price (all composed)      {price / n,8:0.000} ms");
        Console.WriteLine($"  choose offers together    {together / n,8:0.000} ms");
        Console.WriteLine($"  whole Recommend           {explain / n,8:0.000} ms");
    }
}
