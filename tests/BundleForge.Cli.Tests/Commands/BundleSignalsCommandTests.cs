using System.Text.Json;

namespace BundleForge.Cli.Tests.Commands;

/// <summary>The bundles command with the item2vec signal trained in the same run, and prices worded in the strategy's
/// currency.</summary>
public sealed class BundleSignalsCommandTests : IDisposable
{
    private readonly string _dir = CliRunner.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Item2VecTrainedInTheSameRun_IsPluggedIn_AndPricesUseTheStrategyCurrency()
    {
        string shop = Path.Combine(_dir, "shop"), model = Path.Combine(_dir, "model"), plain = Path.Combine(_dir, "plain");
        Assert.Equal(0, CliRunner.Run("generate", "--out", shop, "--users", "200", "--items", "60", "--orders", "2000", "--seed", "4", "--json").ExitCode);
        string data = Path.Combine(shop, "interactions.csv"), catalog = Path.Combine(shop, "items.csv");
        var train = CliRunner.Run("train", "--data", data, "--catalog", catalog, "--out", model, "--models", "item2vec,bundles", "--dim", "16", "--epochs", "2", "--json");
        Assert.True(train.ExitCode == 0, train.Stderr);
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "manifest.json"))).RootElement;
        var signals = manifest.GetProperty("components").GetProperty("bundles").GetProperty("parameters").GetProperty("signals");
        Assert.Equal(["item2vec"], signals.EnumerateArray().Select(x => x.GetString()));

        string user = File.ReadLines(data).Skip(1).First().Split(',')[0];
        var result = CliRunner.Run("bundles", "--model", model, "--user", user, "-n", "3", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(["item2vec"], result.Json.GetProperty("signals").EnumerateArray().Select(x => x.GetString()));
        // Generated data has no currency of its own: the documented default, EUR.
        Assert.Equal("EUR", result.Json.GetProperty("currency").GetString());
        foreach (var b in result.Json.GetProperty("bundles").EnumerateArray())
            Assert.Contains("expected profit €", b.GetProperty("explanation").GetString());

        var strategy = Path.Combine(_dir, "strategy.json");
        File.WriteAllText(strategy, """{"currency": "GBP"}""");
        var pounds = CliRunner.Run("bundles", "--model", model, "--user", user, "-n", "3", "--strategy", strategy, "--json");
        Assert.True(pounds.ExitCode == 0, pounds.Stderr);
        Assert.Equal("GBP", pounds.Json.GetProperty("currency").GetString());
        var explanations = pounds.Json.GetProperty("bundles").EnumerateArray().Select(b => b.GetProperty("explanation").GetString()!).ToArray();
        Assert.NotEmpty(explanations);
        Assert.All(explanations, e => Assert.Contains("expected profit £", e));
        var human = CliRunner.Run("bundles", "--model", model, "--user", user, "-n", "1", "--strategy", strategy);
        Assert.Equal(0, human.ExitCode);
        Assert.Contains("£", human.Stdout);

        // A model folder trained without item2vec plugs nothing in, even though the engine could.
        Assert.Equal(0, CliRunner.Run("train", "--data", data, "--catalog", catalog, "--out", plain, "--models", "bundles", "--json").ExitCode);
        var none = CliRunner.Run("bundles", "--model", plain, "--user", user, "--json");
        Assert.Equal(0, none.Json.GetProperty("signals").GetArrayLength());
    }
}
