using System.CommandLine;
using BundleForge.Cli.Commands;
using BundleForge.Embeddings;
using BundleForge.Recommendation;

namespace BundleForge.Cli.Tests.Commands;

/// <summary>Issue 15: a run that trains the next-basket ranker trains the item2vec it reads on one worker unless
/// <c>--deterministic false</c> says otherwise, so the same data and seed serve the same lists; runs without the
/// ranker keep item2vec's every-thread default.</summary>
public class ReproducibleNextBasketTests
{
    [Fact]
    public void Item2vec_is_deterministic_by_default_when_nextbasket_reads_it_and_hogwild_when_asked()
    {
        var train = new Command("train");
        var flags = new ModelFlags(train);
        (Item2VecOptions Vectors, NextBasketOptions? Ranker) Options(string[] models, params string[] args)
        {
            var list = flags.Read(train.Parse(args), models);
            return (list.OfType<Item2VecOptions>().Single(), list.OfType<NextBasketOptions>().SingleOrDefault());
        }
        var (vectors, ranker) = Options(["baseline", "item2vec", "nextbasket"]);
        Assert.True(vectors.Deterministic);
        Assert.Same(vectors, ranker!.Item2Vec);
        Assert.Equal(0, ranker.Candidates.Title);

        (vectors, ranker) = Options(["baseline", "item2vec", "nextbasket"], "--deterministic", "false", "--nb-title-candidates", "20");
        Assert.False(vectors.Deterministic);
        Assert.False(ranker!.Item2Vec!.Deterministic);
        Assert.Equal(20, ranker.Candidates.Title);

        Assert.False(Options(["baseline", "item2vec"]).Vectors.Deterministic);
        Assert.True(Options(["baseline", "item2vec"], "--deterministic").Vectors.Deterministic);
    }
}
