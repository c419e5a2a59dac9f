using BundleForge.Server.Tests.Hosting;
using Microsoft.Playwright;

namespace BundleForge.Server.Tests.Dashboard;

/// <summary>A small generated shop trained by the real CLI (baseline, rules, item2vec, bundles) with saved evaluation
/// and backtest results, served on a free loopback port, and Debian's headless Chromium driven by Playwright.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The dashboard key the fixture's server is started with; browsers sign in with it.</summary>
    public const string DashboardKey = "dashboard-key-for-tests-0123456789";

    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private TestHost? _host;
    private IPlaywright? _playwright;

    internal TestHost Host => _host ?? throw new InvalidOperationException("not started");
    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseUrl { get; private set; } = null!;
    public ShopFacts Shop { get; private set; } = null!;
    /// <summary>Where screenshots go: TestResults/screenshots in the test output folder.</summary>
    public string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        // Fail, never skip: CI installs the browser (.ci/deps.sh), so a missing one is a broken machine.
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"The dashboard tests need Debian's Chromium at {ChromiumPath}: install it with 'apt-get install chromium' (.ci/deps.sh does).");
        var dir = TestData.TempDir();
        var shop = Path.Combine(dir, "shop");
        var model = Path.Combine(dir, "model");
        Run("generate", "--out", shop, "--users", "200", "--items", "60", "--orders", "1500", "--seed", "7", "--json");
        var interactions = Path.Combine(shop, "interactions.csv");
        var catalog = Path.Combine(shop, "items.csv");
        Run("train", "--data", interactions, "--catalog", catalog, "--out", model, "--models", "baseline,rules,item2vec,bundles", "--threads", "1", "--json");
        var results = Directory.CreateDirectory(Path.Combine(model, "results")).FullName;
        File.WriteAllText(Path.Combine(results, "basket-completion.json"),
            Run("evaluate", "--data", interactions, "--catalog", catalog, "--model", model, "--task", "basket-completion", "--json"));
        File.WriteAllText(Path.Combine(results, "backtest.json"),
            Run("backtest", "--data", interactions, "--catalog", catalog, "--test-days", "20", "--sim-users", "150", "--sim-items", "40", "--sim-orders", "800", "--sim-sessions", "60", "--sim-rounds", "1", "--json"));
        Shop = ShopFacts.Read(shop);
        Directory.CreateDirectory(Screenshots);

        // The secure default: every page needs a sign-in (browsers use the form, direct HTTP checks the header).
        _host = await TestHost.StartAsync(model, realSocket: true, $"--Dashboard:ApiKey={DashboardKey}");
        Host.Client.DefaultRequestHeaders.Add("X-Dashboard-Key", DashboardKey);
        BaseUrl = Host.Client.BaseAddress!;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
    }

    private static string Run(params string[] args)
    {
        var (exit, stdout, stderr) = ServerProcess.Run(args);
        if (exit != 0)
            throw new InvalidOperationException($"bundleforge {string.Join(' ', args)} failed ({exit}): {stderr}");
        return stdout;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_host is not null)
            await _host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
