namespace BundleForge.Cli.Tests.Commands;

/// <summary><c>bundleforge report</c>: the page about a model folder, and about other data with <c>--data</c>.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly string _dir = CliRunner.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Generate(string name, int orders, int seed)
    {
        var shop = Path.Combine(_dir, name);
        var gen = CliRunner.Run("generate", "--out", shop, "--users", "80", "--items", "30", "--orders", orders.ToString(), "--seed", seed.ToString(), "--json");
        Assert.True(gen.ExitCode == 0, gen.Stderr);
        return shop;
    }

    private static string Overview(string html)
    {
        int start = html.IndexOf("<section id=\"overview\">", StringComparison.Ordinal);
        Assert.True(start >= 0, "no overview section");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public void Data_option_describes_the_given_data_instead_of_the_training_data()
    {
        var trained = Generate("trained", 500, 1);
        var later = Generate("later", 1234, 2);
        var model = Path.Combine(_dir, "model");
        var train = CliRunner.Run("train", "--data", Path.Combine(trained, "interactions.csv"), "--catalog", Path.Combine(trained, "items.csv"),
            "--out", model, "--models", "baseline", "--json");
        Assert.True(train.ExitCode == 0, train.Stderr);

        var own = Path.Combine(_dir, "own.html");
        var r1 = CliRunner.Run("report", "--model", model, "--out", own, "--json");
        Assert.True(r1.ExitCode == 0, r1.Stderr);
        Assert.Equal("model", r1.Json.GetProperty("data").GetString());

        var other = Path.Combine(_dir, "other.html");
        var r2 = CliRunner.Run("report", "--model", model, "--out", other, "--data", Path.Combine(later, "interactions.csv"),
            "--catalog", Path.Combine(later, "items.csv"), "--json");
        Assert.True(r2.ExitCode == 0, r2.Stderr);

        string OrdersCard(string data, string shop)
        {
            var stats = CliRunner.Run("stats", "--data", Path.Combine(shop, "interactions.csv"), "--catalog", Path.Combine(shop, "items.csv"), "--json");
            Assert.True(stats.ExitCode == 0, stats.Stderr);
            return $"<div class=\"v\">{stats.Json.GetProperty("orders").GetInt32():N0}</div><div class=\"l\">orders</div>";
        }
        var ownOverview = Overview(File.ReadAllText(own));
        var otherOverview = Overview(File.ReadAllText(other));
        string trainedCard = OrdersCard("trained", trained), laterCard = OrdersCard("later", later);
        Assert.NotEqual(trainedCard, laterCard);
        Assert.Contains(trainedCard, ownOverview);
        Assert.Contains(laterCard, otherOverview);
        Assert.DoesNotContain(laterCard, ownOverview);
    }

    [Fact]
    public void Missing_data_file_is_one_line_and_exit_2_and_writes_nothing()
    {
        var shop = Generate("shop", 300, 3);
        var model = Path.Combine(_dir, "model2");
        Assert.Equal(0, CliRunner.Run("train", "--data", Path.Combine(shop, "interactions.csv"), "--out", model, "--models", "baseline", "--json").ExitCode);
        var file = Path.Combine(_dir, "r.html");
        var r = CliRunner.Run("report", "--model", model, "--out", file, "--data", Path.Combine(_dir, "nope.csv"));
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(file));
    }
}
