using Microsoft.Playwright;

namespace BundleForge.Server.Tests.Dashboard;

/// <summary>One browser page at a given viewport that records every console error and uncaught script error, so a
/// test can assert the dashboard ran clean.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];

    private BrowserSession(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, m) => { if (m.Type == "error") lock (_errors) _errors.Add($"console: {m.Text} ({m.Location})"); };
        page.PageError += (_, e) => { lock (_errors) _errors.Add("page error: " + e); };
        page.RequestFailed += (_, r) => { lock (_errors) _errors.Add($"request failed: {r.Url} {r.Failure}"); };
    }

    public IPage Page { get; }

    /// <summary>A new browser that sends the dashboard key with every request (as a script would), unless
    /// <paramref name="signedIn"/> is false; the sign-in form has its own test.</summary>
    public static async Task<BrowserSession> OpenAsync(DashboardFixture fixture, ViewportSize viewport, bool signedIn = true)
    {
        var options = new BrowserNewContextOptions { ViewportSize = viewport, BaseURL = fixture.BaseUrl.ToString() };
        if (signedIn)
            options.ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Dashboard-Key"] = DashboardFixture.DashboardKey };
        var context = await fixture.Browser.NewContextAsync(options);
        // Playwright's 30 s default was once exceeded by a page load while the whole suite and a demo shared two cores;
        // the pages are not that slow, the machine was.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        return new BrowserSession(context, await context.NewPageAsync());
    }

    /// <summary>Opens a dashboard path and checks the answer was 200 with HTML.</summary>
    public async Task GoAsync(string path)
    {
        var response = await Page.GotoAsync(path);
        Assert.NotNull(response);
        Assert.True(response!.Status == 200, $"{path}: HTTP {response.Status}");
        Assert.StartsWith("text/html", response.Headers["content-type"]);
    }

    public void AssertNoErrors()
    {
        lock (_errors)
            Assert.True(_errors.Count == 0, string.Join("\n", _errors));
    }

    /// <summary>True when nothing sticks out sideways (the page fits the viewport; wide tables scroll in their box).</summary>
    public Task<bool> FitsWidthAsync() =>
        Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1");

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
