using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Evaluation.BasketCompletion;

namespace BundleForge.Core.Tests.Evaluation.BasketCompletion;

public class BasketCompletionEvaluatorTests
{
    private sealed class FixedScorer(float[] scores) : IBasketCompletionScorer
    {
        public string Name => "fixed";
        public void Score(ReadOnlySpan<int> visible, Span<float> s) => scores.CopyTo(s);
    }

    [Fact]
    public void Visible_items_are_excluded_and_ties_rank_by_id()
    {
        var queries = new[]
        {
            new BasketCompletionQuery([0], 2),   // scores 5,4,4,1 → 0 excluded; 1 and 2 tie, 1 first → target rank 1
            new BasketCompletionQuery([1], 3),   // 0, 2 ahead → rank 2
        };
        var evaluator = new BasketCompletionEvaluator(queries, [true, true, false, false], k: 2);
        var r = evaluator.Evaluate(new FixedScorer([5, 4, 4, 1]));
        Assert.Equal(0.5, r.All["hr@2"]);
        Assert.Equal(Math.Round(1 / Math.Log2(3) / 2, 5), r.All["ndcg@2"]);
        Assert.Equal(2, r.Tail["queries"]);
        Assert.Equal(0, r.Head["queries"]);
    }

    [Fact]
    public void Queries_hide_one_item_of_each_basket_with_two_or_more_items()
    {
        var held = BasketSet.FromLists([[1, 2, 3], [4], [5, 6]]);
        var q = BasketCompletionEvaluator.CreateQueries(held, seed: 3);
        Assert.Equal(2, q.Length);
        Assert.Equal(2, q[0].Visible.Length);
        Assert.DoesNotContain(q[0].Target, q[0].Visible);
        Assert.Equal(new[] { 1, 2, 3 }, q[0].Visible.Append(q[0].Target).Order());
    }

    [Fact]
    public void Head_items_cover_half_of_the_purchases()
    {
        var head = BasketCompletionEvaluator.HeadItems([50, 1, 30, 19, 0]);
        Assert.Equal([true, false, false, false, false], head);
        Assert.Equal([true, false, true, false], BasketCompletionEvaluator.HeadItems([40, 1, 30, 29]));
    }

    [Fact]
    public void Blend_and_baselines_find_the_missing_item_of_grouped_baskets()
    {
        var train = Core.Tests.Embeddings.SyntheticShop.GroupedBaskets(2000, 5, 8, seed: 5);
        var test = Core.Tests.Embeddings.SyntheticShop.GroupedBaskets(300, 5, 8, seed: 6);
        var cooc = ItemCooccurrence.Build(train, 40);
        var trained = Item2VecTrainer.Train(TrainingCorpus.Build(40, train, null, 1), 40, new Item2VecOptions { Dimensions = 16, Epochs = 20, Sample = 0, Deterministic = true });
        var evaluator = new BasketCompletionEvaluator(BasketCompletionEvaluator.CreateQueries(test, 1), BasketCompletionEvaluator.HeadItems(cooc.ItemCounts));
        var context = new EmbeddingContextScorer(trained.Embeddings);
        double popularity = evaluator.Evaluate(new PopularityScorer(cooc.ItemCounts)).All["hr@10"];
        double item2vec = evaluator.Evaluate(context).All["hr@10"];
        double blend = evaluator.Evaluate(new BlendedBasketScorer(cooc, context)).All["hr@10"];
        double cosine = evaluator.Evaluate(new EmbeddingSimilarityScorer(trained.Embeddings)).All["hr@10"];
        // the missing item is one of the 8 group members: structure-aware scorers must find it nearly always
        Assert.True(item2vec > 0.95 && blend > 0.95 && cosine > 0.9, $"item2vec {item2vec} blend {blend} cosine {cosine}");
        Assert.True(popularity < 0.5, $"popularity {popularity}");
    }

    [Fact]
    public void Embedding_context_scores_are_a_probability_distribution()
    {
        var train = Core.Tests.Embeddings.SyntheticShop.GroupedBaskets(500, 2, 5, seed: 7);
        var trained = Item2VecTrainer.Train(TrainingCorpus.Build(10, train, null, 1), 10, new Item2VecOptions { Dimensions = 8, Epochs = 20, Sample = 0, Deterministic = true });
        var scores = new float[10];
        new EmbeddingContextScorer(trained.Embeddings).Score([0, 1], scores);
        Assert.Equal(1f, scores.Sum(), 3);
        Assert.True(scores[2] + scores[3] + scores[4] > scores[5] + scores[6] + scores[7] + scores[8] + scores[9]);
    }
}
