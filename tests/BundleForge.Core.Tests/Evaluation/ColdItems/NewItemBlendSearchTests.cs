using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Evaluation.ColdItems;
using BundleForge.Splits;

namespace BundleForge.Core.Tests.Evaluation.ColdItems;

/// <summary>Issue 17: the new-item rule is chosen on a validation period, from the items first sold in it.</summary>
public sealed class NewItemBlendSearchTests
{
    private static readonly string[][] Kinds =
    [
        ["RED LUNCH BAG", "BLUE LUNCH BAG", "PINK LUNCH BAG", "GREEN LUNCH BAG", "DINOSAUR LUNCH BAG"],
        ["GARDEN TROWEL", "GARDEN RAKE", "GARDEN GLOVES", "GARDEN HOSE", "GARDEN KNEELER"],
        ["TEA CUP", "TEA POT", "TEA STRAINER", "TEA TOWEL", "TEA CADDY"],
    ];

    /// <summary>Three kinds of customers buy the first four products of their kind for 30 days; on day 45 each buys
    /// the fifth, first sold then. Titles share words within a kind; the text and behaviour vectors are seeded noise.</summary>
    private static (BasketSet Baskets, ItemCatalog Items, int Users, NewItemScorer Scorer) Shop()
    {
        var titles = Kinds.SelectMany(k => k).ToArray();
        int n = titles.Length;
        var ids = Enumerable.Range(0, n).Select(i => $"I{i}").ToArray();
        var items = new ItemCatalog(ids, titles.ToArray<string?>(), new string?[n], new string?[n], new float[n], new float[n], new int[n], true);
        var rng = new SeededRandom(11);
        var lists = new List<int[]>();
        var users = new List<int>();
        var times = new List<long>();
        const int customers = 30;
        for (int day = 0; day < 30; day++)
            for (int u = 0; u < customers; u++)
                if (rng.NextInt(3) == 0)
                {
                    int kind = u % 3;
                    lists.Add([kind * 5 + rng.NextInt(4)]);
                    users.Add(u);
                    times.Add(1_700_000_000L + day * 86_400L + u);
                }
        for (int u = 0; u < customers; u++)
        {
            lists.Add([(u % 3) * 5 + 4]);
            users.Add(u);
            times.Add(1_700_000_000L + 45 * 86_400L + u);
        }
        var baskets = BasketSet.FromLists(lists, users.ToArray(), times.ToArray());
        var text = new float[n * 8];
        var behaviour = new float[n * 4];
        for (int k = 0; k < text.Length; k++)
            text[k] = (float)rng.NextGaussian();
        for (int k = 0; k < behaviour.Length; k++)
            behaviour[k] = (float)rng.NextGaussian();
        for (int i = 0; i < n; i++)
        {
            VectorMath.NormalizeInPlace(text.AsSpan(i * 8, 8));
            VectorMath.NormalizeInPlace(behaviour.AsSpan(i * 4, 4));
        }
        var trained = Enumerable.Range(0, n).Select(i => i % 5 != 4).ToArray();
        return (baskets, items, customers, new NewItemScorer(text, 8, behaviour, 4, trained, new TitleTfIdf(items)));
    }

    [Fact]
    public void The_rule_that_ranks_the_validation_periods_new_items_best_is_chosen()
    {
        var (baskets, items, users, scorer) = Shop();
        var validation = NextBasketSplit.Create(baskets, items.Count, users, 10);
        var blend = NewItemBlendSearch.Fit(validation, items, scorer);
        // Only the title words know the kinds: a rule using them ranks every customer's new product first (the noise
        // signals alone would get all 30 right with odds of about 3^-30).
        Assert.Equal(30, blend.ValidationCases);
        Assert.Equal(3, blend.ValidationCandidates);
        Assert.Equal(1.0, blend.ValidationNdcg, 6);
        Assert.True(blend.WordWeight > 0, $"word weight {blend.WordWeight}");
        Assert.Equal(1.0, blend.TextWeight + blend.WordWeight + blend.BehaviourWeight, 6);
        Assert.Contains(blend.Neighbours, NewItemBlendSearch.NeighbourGrid);
        Assert.Null(blend.Note);
        Assert.Equal(10, blend.ValidationDays);
    }

    [Fact]
    public void A_period_without_new_items_keeps_the_defaults_and_says_why()
    {
        var (baskets, items, users, scorer) = Shop();
        // Days 25 to 35 hold no first sale.
        var validation = NextBasketSplit.Create(baskets, items.Count, users, 10).Earlier(10);
        var blend = NewItemBlendSearch.Fit(validation, items, scorer);
        Assert.Equal(0, blend.ValidationCases);
        Assert.NotNull(blend.Note);
        Assert.Equal(new NewItemBlend().WordWeight, blend.WordWeight);
    }
}
