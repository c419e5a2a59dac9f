using System.Globalization;
using System.Text.RegularExpressions;
using BundleForge.Server.Components;
using BundleForge.Server.Models;
using BundleForge.Server.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BundleForge.Server.Tests.Hosting;

/// <summary>Every configuration key of docs/SERVING.md binds to its options class with the documented default, a bad
/// value stops the start with one line naming the key, and the server every host starts is the same composition.</summary>
public partial class SettingsTests
{
    /// <summary>The numeric keys of the configuration table of docs/SERVING.md with their documented defaults.</summary>
    private static List<(string Key, int Default)> DocumentedNumbers()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BundleForge.slnx")))
            dir = dir.Parent;
        Assert.NotNull(dir);
        var rows = new List<(string, int)>();
        foreach (var line in File.ReadLines(Path.Combine(dir!.FullName, "docs", "SERVING.md")))
            if (Row().Match(line) is { Success: true } m)
                rows.Add((m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));
        return rows;
    }

    [GeneratedRegex(@"^\| `([A-Za-z]+:[A-Za-z]+)` \| (\d+) \|")]
    private static partial Regex Row();

    /// <summary>The bound value of <c>Section:Property</c> in the running server.</summary>
    private static int Bound(IServiceProvider services, string key)
    {
        var (section, property) = (key.Split(':')[0], key.Split(':')[1]);
        var type = typeof(ModelOptions).Assembly.GetTypes().Single(t => t.Namespace == typeof(ModelOptions).Namespace && t.GetField("Section")?.GetRawConstantValue() as string == section);
        var options = services.GetRequiredService(typeof(IOptions<>).MakeGenericType(type));
        var value = options.GetType().GetProperty("Value")!.GetValue(options)!;
        return (int)type.GetProperty(property)!.GetValue(value)!;
    }

    [Fact]
    public async Task Every_documented_number_has_its_documented_default_and_binds_from_configuration()
    {
        var documented = DocumentedNumbers();
        Assert.True(documented.Count >= 10, $"only {documented.Count} rows read from docs/SERVING.md");
        var model = TestData.WriteModel();
        await using (var h = await TestHost.StartAsync(model, false, "--RateLimit:PermitsPerSecond="))
            foreach (var (key, value) in documented)
                Assert.True(value == Bound(h.App.Services, key), $"{key}: documented {value}, bound {Bound(h.App.Services, key)}");
        // One more than the default is in range for every key; each must reach its options.
        var changed = documented.Select(d => $"--{d.Key}={d.Default + 1}").ToArray();
        await using (var h = await TestHost.StartAsync(TestData.WriteModel(), false, changed))
            foreach (var (key, value) in documented)
                Assert.Equal(value + 1, Bound(h.App.Services, key));
    }

    [Theory]
    [InlineData("Limits:MaxBatch", "0")]
    [InlineData("Limits:MaxBodyBytes", "lots")]
    [InlineData("RateLimit:Burst", "0")]
    [InlineData("RateLimit:PeriodSeconds", "1.5")]
    [InlineData("Events:SessionLength", "-1")]
    [InlineData("Events:ReplayDays", "99999")]
    [InlineData("Shutdown:TimeoutSeconds", "0")]
    [InlineData("Admin:ApiKey", "short")]
    [InlineData("Bundles:WarmItems", "-3")]
    [InlineData("Recommendations:Model", "gpt")]
    public async Task A_bad_value_stops_the_start_with_one_line_naming_the_key(string key, string value)
    {
        var e = await Assert.ThrowsAsync<DataException>(() => TestHost.StartAsync(null, false, $"--{key}={value}"));
        Assert.Contains(key, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Serve_with_a_bad_setting_exits_2_naming_the_key_before_listening()
    {
        var model = TestData.WriteModel();
        var config = Path.Combine(TestData.TempDir(), "serve.json");
        File.WriteAllText(config, """{ "Limits": { "MaxBatch": 0 } }""");
        var r = ServerProcess.Run("serve", "--model", model, "--urls", "http://127.0.0.1:0", "--config", config);
        Assert.Equal(2, r.Exit);
        var error = r.Stderr.Trim();
        Assert.StartsWith("error:", error);
        Assert.Contains("Limits:MaxBatch", error);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("Serving model", error);
    }

    [Fact]
    public async Task The_served_bundle_engine_reads_every_signal_of_the_model_as_in_every_host()
    {
        // Before one composition root, only the CLI's serve plugged the sequence model into the bundle engine.
        await using var h = await TestHost.StartAsync(TestData.WriteModel(item2vec: true, sasrec: true, bundles: true));
        var bundles = Assert.IsType<BundlesComponent>(h.App.Services.GetRequiredService<ModelHost>().Current.BundleOffers);
        Assert.Contains("item2vec", bundles.Signals);
        Assert.Contains("sasrec", bundles.Signals);
    }
}
