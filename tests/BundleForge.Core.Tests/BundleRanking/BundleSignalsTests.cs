using BundleForge.BundleRanking;

namespace BundleForge.Core.Tests.BundleRanking;

/// <summary>The ranker's signals against their definitions computed densely by hand on a tiny shop.</summary>
public class BundleSignalsTests
{
    // 4 bundles over 6 items (nobody took bundle 3); 5 users with bundles and items (user 4 has items but no bundle).
    private static readonly int[] BundleOffsets = [0, 2, 5, 6, 8];
    private static readonly int[] BundleItems = [0, 1, 1, 2, 3, 4, 0, 5];
    private static readonly int[][] Lists = [[0, 1], [1, 2], [0, 1, 2], [2], []];
    private static readonly int[][] Items = [[0, 1], [1, 3, 4], [2], [0, 5, 4], [1, 2]];
    private const int ItemCount = 6;
    private const int N = 4;

    [Fact]
    public void Every_signal_matches_its_definition_for_every_customer()
    {
        double seconds = 0;
        var signals = BundleSignals.Solve(Lists, Items, BundleOffsets, BundleItems, ItemCount, lambda: 1f, diagonalWeight: 0.5f, threads: 2, ref seconds);
        var takers = new double[N];
        foreach (var row in Lists)
            foreach (int b in row)
                takers[b]++;
        var size = new double[N];
        for (int b = 0; b < N; b++)
            size[b] = BundleOffsets[b + 1] - BundleOffsets[b];
        var holders = new double[ItemCount];
        foreach (int i in BundleItems)
            holders[i]++;
        var itemUsers = new double[ItemCount];
        foreach (var row in Items)
            foreach (int i in row)
                itemUsers[i]++;
        bool Holds(int b, int i) => BundleItems[BundleOffsets[b]..BundleOffsets[b + 1]].Contains(i);

        // C[b,b'] = Σ over users who took both of 1/|bundles(u)|.
        var c = new double[N, N];
        foreach (var row in Lists)
            foreach (int a in row)
                foreach (int b in row)
                    c[a, b] += 1.0 / row.Length;

        var scores = new float[N];
        for (int u = 0; u < Lists.Length; u++)
        {
            var expected = new double[BundleSignals.Count, N];
            for (int t = 0; t < N; t++)
            {
                foreach (int b in Lists[u])
                {
                    if (b == t)
                        continue;
                    expected[BundleSignals.TwoHop, t] += c[b, t] / takers[b];
                    expected[BundleSignals.CoTakers, t] += takers[t] > 0 ? c[b, t] / Math.Sqrt(takers[b] * takers[t]) : 0;
                    double shared = 0;
                    for (int i = 0; i < ItemCount; i++)
                        if (Holds(b, i) && Holds(t, i))
                            shared += 1 / holders[i];
                    expected[BundleSignals.Content, t] += shared / Math.Sqrt(size[b] * size[t]);
                }
                foreach (int i in Items[u])
                {
                    if (Holds(t, i))
                        expected[BundleSignals.ItemOverlap, t] += 1;
                    // Users v with item i who took t: 1/√(items(v)·bundles(v)), ÷ √(users of i · takers of t); × 1/√items(u).
                    double through = 0;
                    for (int v = 0; v < Lists.Length; v++)
                        if (Items[v].Contains(i) && Lists[v].Contains(t))
                            through += 1 / Math.Sqrt(Items[v].Length * (double)Lists[v].Length);
                    if (through > 0)
                        expected[BundleSignals.ItemNeighbours, t] += through / Math.Sqrt(itemUsers[i] * takers[t]) / Math.Sqrt(Items[u].Length);
                }
                expected[BundleSignals.Popularity, t] = Math.Log(1 + takers[t]);
            }
            for (int s = BundleSignals.TwoHop; s < BundleSignals.Count; s++)
            {
                signals.Score(s, Lists[u], Items[u], scores);
                for (int t = 0; t < N; t++)
                    Assert.True(Math.Abs(expected[s, t] - scores[t]) < 1e-5, $"user {u}, {BundleSignals.Names[s]}, bundle {t}: {scores[t]} vs {expected[s, t]}");
            }
        }
        // EASE: W solves (G + λ + q·diag G) W = G off the diagonal, with a zero diagonal.
        var w = signals.Dense[BundleSignals.Ease];
        for (int b = 0; b < N; b++)
            Assert.Equal(0f, w[b * N + b]);
    }

    [Fact]
    public void The_blend_folds_the_signals_into_the_served_scores_and_imputes_a_bundle_nobody_took()
    {
        double seconds = 0;
        var signals = BundleSignals.Solve(Lists, Items, BundleOffsets, BundleItems, ItemCount, 1f, 0.5f, 1, ref seconds);
        var spreads = BundleBlend.Spreads(signals, Lists, Items, threads: 1);
        var settings = new BundleRankerSettings(1f, 0.5f, 0.3f, 0.2f, 0.4f, 0.5f, 0.6f, 0.7f);
        string[] ids = ["a", "b", "c", "d"];
        // Nobody took bundle 3 and no link is cut (N links per bundle), so outside bundle 3 the served score is
        // exactly Σ weight × signal ÷ spread.
        var model = BundleBlend.Model(signals, spreads, settings, ids, BundleOffsets, BundleItems, linksPerBundle: N, coldNeighbours: 2, threads: 1);
        Assert.Equal(0, model.Takers[3]);
        var served = new float[N];
        var one = new float[N];
        for (int u = 0; u < Lists.Length; u++)
        {
            model.Score(Lists[u], Items[u], served);
            var expected = new double[N];
            for (int s = 0; s < BundleSignals.Count; s++)
            {
                signals.Score(s, Lists[u], Items[u], one);
                for (int t = 0; t < N; t++)
                    expected[t] += settings.Weight(s) / spreads[s] * one[t];
            }
            for (int t = 0; t < 3; t++)
                Assert.True(Math.Abs(expected[t] - served[t]) < 1e-3 * (1 + Math.Abs(expected[t])), $"user {u}, bundle {t}: {served[t]} vs {expected[t]}");
            // Bundle 3 = {0, 5} shares item 0 with bundle 0 only, so it inherits bundle 0's popularity: more than nothing.
        }
        Assert.True(model.Prior[3] > 0 && Math.Abs(model.Prior[3] - model.Prior[0]) < 1e-3, $"imputed prior {model.Prior[3]} vs bundle 0's {model.Prior[0]}");
    }
}
