using BundleForge.Cli.Commands;

namespace BundleForge.Cli.Tests.Commands;

/// <summary>Issue 17: the text model trains only when <c>--models</c> names it, so a run without it is what it was.</summary>
public class TextModelChoiceTests
{
    [Fact]
    public void The_default_model_list_leaves_out_text_and_bert4rec()
    {
        var chosen = TrainCommand.Choose(null);
        Assert.DoesNotContain("text", chosen);
        Assert.DoesNotContain("bert4rec", chosen);
        // nextbasket is in it (issue 15), trained only where the data has order times.
        Assert.Equal(["baseline", "rules", "item2vec", "sasrec", "nextbasket", "bundles"], chosen);
    }

    [Fact]
    public void Text_named_in_the_list_trains_before_the_bundle_engine()
    {
        Assert.Equal(["item2vec", "text", "bundles"], TrainCommand.Choose("bundles, TEXT ,item2vec"));
        Assert.Equal(["baseline", "rules"], TrainCommand.Choose("rules,baseline"));
    }
}
