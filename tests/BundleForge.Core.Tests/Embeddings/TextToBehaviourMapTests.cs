using BundleForge.Data;
using BundleForge.Embeddings;

namespace BundleForge.Core.Tests.Embeddings;

/// <summary>Issue 17, item 2: the ridge map from text vectors to behaviour vectors, and substitutes as items of the
/// same kind whether or not customers buy them together.</summary>
public class TextToBehaviourMapTests
{
    [Fact]
    public void The_map_reproduces_held_out_behaviour_vectors_better_than_the_mean_vector()
    {
        // Behaviour = a fixed linear function of the text plus noise; 200 items fitted, 50 held out.
        const int n = 250, p = 24, q = 12, fitted = 200;
        var rng = new SeededRandom(3);
        var truth = new float[p * q];
        for (int k = 0; k < truth.Length; k++)
            truth[k] = (float)rng.NextGaussian();
        var text = new float[n * p];
        var behaviour = new float[n * q];
        for (int i = 0; i < n; i++)
        {
            for (int a = 0; a < p; a++)
                text[i * p + a] = (float)rng.NextGaussian();
            VectorMath.NormalizeInPlace(text.AsSpan(i * p, p));
            for (int b = 0; b < q; b++)
            {
                double y = 0.3 + 0.2 * rng.NextGaussian();
                for (int a = 0; a < p; a++)
                    y += text[i * p + a] * truth[a * q + b];
                behaviour[i * q + b] = (float)y;
            }
        }
        var use = new bool[n];
        Array.Fill(use, true, 0, fitted);
        var map = TextToBehaviourMap.Fit(text, p, behaviour, q, use);
        Assert.Equal(fitted, map.Rows);
        Assert.Contains(map.Lambda, TextToBehaviourMap.LambdaGrid);

        var mean = new float[q];
        for (int i = 0; i < fitted; i++)
        {
            var unit = behaviour.AsSpan(i * q, q).ToArray();
            VectorMath.NormalizeInPlace(unit);
            for (int b = 0; b < q; b++)
                mean[b] += unit[b];
        }
        double mapped = 0, baseline = 0;
        for (int i = fitted; i < n; i++)
        {
            var y = behaviour.AsSpan(i * q, q);
            mapped += VectorMath.Cosine(map.Map(text.AsSpan(i * p, p)), y);
            baseline += VectorMath.Cosine(mean, y);
        }
        mapped /= n - fitted;
        baseline /= n - fitted;
        Assert.True(mapped > 0.8 && mapped > baseline + 0.3, $"mapped {mapped:0.000}, mean vector {baseline:0.000}");
        Assert.All(map.Map(new float[p]), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Too_few_items_with_both_vectors_is_a_clear_error()
    {
        var e = Assert.Throws<DataException>(() => TextToBehaviourMap.Fit(new float[5 * 4], 4, new float[5 * 3], 3, new bool[5]));
        Assert.Contains("at least 10", e.Message);
    }

    [Fact]
    public void Substitutes_are_the_same_kind_bought_together_or_not_and_only_the_veto_asks_for_apart()
    {
        // Items 0, 1, 2: one product in three designs (close text); 3: another kind. 0 and 1 are bought together often,
        // 0 and 2 never; 3 is bought alone or with 0 or 2.
        var text = new float[]
        {
            1f, 0f, 0f,
            0.95f, 0.3122f, 0f,
            0.95f, 0f, 0.3122f,
            0f, 0f, 1f,
        };
        var vectors = new ItemTextVectors("test", ["A", "B", "C", "D"], new ulong[4], text, 3);
        var baskets = new List<int[]>();
        for (int r = 0; r < 30; r++)
        {
            baskets.Add([0, 1]);
            baskets.Add([2, 3]);
            baskets.Add([0, 3]);
            for (int k = 0; k < 3; k++)
                baskets.Add([3]);
        }
        var offsets = new int[baskets.Count + 1];
        for (int b = 0; b < baskets.Count; b++)
            offsets[b + 1] = offsets[b] + baskets[b].Length;
        var set = new BasketSet(offsets, [.. baskets.SelectMany(b => b)], new int[baskets.Count], new long[baskets.Count]);
        var cooccurrence = ItemCooccurrence.Build(set, 4);

        var relations = new TextRelationScorer(vectors, cooccurrence);
        Assert.True(relations.Lift(0, 1) > 2);
        Assert.True(relations.SubstituteScore(0, 1) > 0.9f, "a design bought together is still a substitute");
        Assert.True(relations.SubstituteScore(0, 2) > 0.9f);
        Assert.Equal(0f, relations.SubstituteScore(0, 3));
        Assert.Equal(PairRelation.Substitute, relations.Classify(0, 1));
        Assert.Equal([1, 2], relations.Substitutes(0, 3).Select(h => h.Id).Order());
        // The veto keeps honouring what the data show: designs bought together may share a bundle.
        Assert.Equal(0f, relations.VetoScore(0, 1));
        Assert.True(relations.VetoScore(0, 2) > 0.9f);

        // A catalog with categories: the same words filed under another category are less the same kind.
        var categorised = new TextRelationScorer(vectors, cooccurrence, ["Bags", "Bags", "Kitchen", null]);
        Assert.Equal(relations.SubstituteScore(0, 1), categorised.SubstituteScore(0, 1));
        Assert.Equal(relations.SubstituteScore(0, 2) * TextRelationScorer.OtherCategory, categorised.SubstituteScore(0, 2), 5);
        Assert.Equal(1, categorised.Substitutes(0, 1)[0].Id);
    }
}
