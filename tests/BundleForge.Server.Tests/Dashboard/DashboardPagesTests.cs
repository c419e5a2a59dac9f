using System.Globalization;
using System.Text.RegularExpressions;
using BundleForge.Artifacts;
using BundleForge.Reports;
using Microsoft.Playwright;

namespace BundleForge.Server.Tests.Dashboard;

/// <summary>The dashboard in a real headless Chromium against the real server: every page at desktop and phone width,
/// visible content from the served model, no console errors, screenshots in TestResults/screenshots.</summary>
[Collection(DashboardCollection.Name)]
public class DashboardPagesTests(DashboardFixture fixture)
{
    public static TheoryData<string, int> Viewports => new() { { "desktop", 1280 }, { "phone", 390 } };

    private static ViewportSize Size(int width) => width == 1280 ? BrowserSession.Desktop : BrowserSession.Phone;

    [Theory]
    [MemberData(nameof(Viewports))]
    public async Task Every_page_shows_the_served_model_without_errors_and_fits_the_screen(string name, int width)
    {
        await using var s = await BrowserSession.OpenAsync(fixture, Size(width));
        var page = s.Page;
        var shop = fixture.Shop;

        await s.GoAsync("/");
        Assert.Equal("Overview", await page.Locator("header h1").InnerTextAsync());
        var products = page.Locator(".card", new() { HasText = "products in the catalog" }).Locator(".v");
        Assert.Equal(shop.Items.ToString("N0", CultureInfo.InvariantCulture), await products.InnerTextAsync());
        Assert.Equal(3, await page.Locator("#overview figure svg").CountAsync()); // orders per week, basket sizes, popularity
        Assert.True(await page.Locator("#overview polyline").First.IsVisibleAsync());
        Assert.Contains("kept", await page.Locator("#cleaning-table").InnerTextAsync());
        await Shot(s, "overview", name);

        await s.GoAsync("/rules");
        int rules = await page.Locator("#rules-table tbody tr").CountAsync();
        Assert.True(rules > 0, "the rules table is empty");
        Assert.True(await page.Locator("#rules svg line").CountAsync() > 0, "the network has no links");
        // Item titles, not ids, in the table.
        Assert.Contains(shop.TopTitle, await page.Locator("#rules-table").InnerTextAsync());
        await Shot(s, "rules", name);

        await s.GoAsync("/items/" + shop.TopItem);
        Assert.Equal(shop.TopTitle, await page.Locator("#item h2").InnerTextAsync());
        Assert.True(await page.Locator("#fbt-table tbody tr").CountAsync() > 0);
        Assert.Contains("bought together", await page.Locator("#fbt-table tbody tr").First.InnerTextAsync());
        Assert.True(await page.Locator("#similar-table tbody tr").CountAsync() > 0);
        Assert.True(await page.Locator("#complements-table tbody tr").CountAsync() > 0);
        await Shot(s, "item", name);

        await s.GoAsync("/users?id=" + Uri.EscapeDataString(shop.Customer));
        Assert.Equal("Customer " + shop.Customer, await page.Locator("#customer h2").InnerTextAsync());
        Assert.True(await page.Locator("#history-list li").CountAsync() > 0);
        Assert.Equal(10, await page.Locator("#recommendations-table tbody tr").CountAsync());
        await Shot(s, "customer", name);

        await s.GoAsync("/evaluation");
        var results = await page.Locator("#results").InnerTextAsync();
        Assert.Contains("backtest", results);
        Assert.Contains("basket-completion", results);
        Assert.Contains("Simulated shop", results);
        Assert.Contains("of the willingness-to-pay oracle's", results);
        Assert.Contains("hr@10", results);
        await Shot(s, "evaluation", name);

        await s.GoAsync("/items");
        Assert.True(await page.Locator("#best-sellers tbody tr").CountAsync() > 0);
        s.AssertNoErrors();
    }

    [Fact]
    public async Task Search_an_item_see_what_goes_with_it_open_a_customer_and_see_a_priced_bundle()
    {
        await using var s = await BrowserSession.OpenAsync(fixture, BrowserSession.Desktop);
        var page = s.Page;
        var shop = fixture.Shop;
        await s.GoAsync("/items");
        // Type part of the title: suggestions are fetched while typing.
        var words = shop.TopTitle.Split(' ');
        await page.Locator("#item-search").PressSequentiallyAsync(string.Join(' ', words.Take(2)));
        var suggestion = page.Locator("#item-suggestions a", new() { HasTextString = shop.TopTitle });
        await suggestion.First.WaitForAsync(new() { Timeout = 10_000 });
        await suggestion.First.ClickAsync();
        await page.WaitForURLAsync("**/items/" + shop.TopItem);

        var fbt = page.Locator("#fbt-table tbody tr");
        Assert.True(await fbt.CountAsync() > 0);
        var partner = await fbt.First.Locator("td").First.InnerTextAsync();
        Assert.False(string.IsNullOrWhiteSpace(partner));

        await page.Locator("#customer #customer-id").FillAsync(shop.Customer);
        await page.Locator("#customer button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/users\\?"));
        Assert.Equal("Customer " + shop.Customer, await page.Locator("#customer h2").InnerTextAsync());
        Assert.Contains(shop.TopTitle, await page.Locator("#bundles .note").First.InnerTextAsync()); // around the product we came from

        var bundle = page.Locator("#bundles .bundle").First;
        await bundle.WaitForAsync();
        // Amounts carry the currency: the generated shop names none, so the documented default, EUR.
        var priceText = await bundle.Locator(".price").InnerTextAsync();
        var listText = await bundle.Locator(".list-price").InnerTextAsync();
        Assert.StartsWith("€", priceText);
        Assert.StartsWith("€", listText);
        var price = double.Parse(priceText[1..], CultureInfo.InvariantCulture);
        var list = double.Parse(listText[1..], CultureInfo.InvariantCulture);
        Assert.True(price > 0 && price < list, $"bundle price {price} vs list {list}");
        Assert.True(await bundle.Locator("ul.reasons li").CountAsync() >= 2);
        // The expected-profit curve over the allowed prices marks the price chosen; one allowed price draws none.
        bool onePrice = (await bundle.Locator("ul.reasons").InnerTextAsync()).Contains("the only price the strategy allows", StringComparison.Ordinal);
        Assert.Equal(onePrice ? 0 : 1, await bundle.Locator("svg circle.chosen").CountAsync());
        await Shot(s, "flow-customer-bundle", "desktop");
        s.AssertNoErrors();
    }

    [Fact]
    public async Task Rules_table_filters_by_product_and_sorts_by_lift()
    {
        await using var s = await BrowserSession.OpenAsync(fixture, BrowserSession.Desktop);
        var page = s.Page;
        await s.GoAsync("/rules");
        var rows = page.Locator("#rules-table tbody tr");
        int all = await rows.CountAsync();
        await page.Locator("#rule-filter").FillAsync(fixture.Shop.TopTitle);
        var visible = page.Locator("#rules-table tbody tr:visible");
        int shown = await visible.CountAsync();
        Assert.InRange(shown, 1, all);
        foreach (var text in await visible.AllInnerTextsAsync())
            Assert.Contains(fixture.Shop.TopTitle, text);
        Assert.Contains($"{shown} rules shown", await page.Locator("#rule-count").InnerTextAsync());

        await page.Locator("#rule-filter").FillAsync("");
        var lift = page.Locator("#rules-table th", new() { HasTextString = "lift" });
        await lift.ClickAsync();
        var ascending = (await page.Locator("#rules-table tbody tr td:nth-child(6)").AllInnerTextsAsync()).Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ascending.Order().ToList(), ascending);
        await lift.ClickAsync();
        var descending = (await page.Locator("#rules-table tbody tr td:nth-child(6)").AllInnerTextsAsync()).Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ascending.OrderDescending().ToList(), descending);
        s.AssertNoErrors();
    }

    [Fact]
    public async Task Pages_never_show_customer_ids_except_the_one_looked_up()
    {
        var shop = fixture.Shop;
        var ids = new Regex(string.Join('|', shop.CustomerIds.Select(Regex.Escape)));
        foreach (var path in new[] { "/", "/rules", "/items", "/items/" + shop.TopItem, "/evaluation", "/users" })
        {
            var html = await fixture.Host.Client.GetStringAsync(path);
            Assert.False(ids.IsMatch(html), $"{path} shows a customer id: {ids.Match(html).Value}");
        }
        var user = await fixture.Host.Client.GetStringAsync("/users?id=" + shop.Customer);
        var shown = ids.Matches(user).Select(m => m.Value).Distinct().ToList();
        Assert.Equal([shop.Customer], shown);
    }

    [Fact]
    public async Task A_signed_out_browser_gets_the_sign_in_form_on_a_customer_page_and_lands_on_it_after_signing_in()
    {
        await using var s = await BrowserSession.OpenAsync(fixture, BrowserSession.Desktop, signedIn: false);
        var page = s.Page;
        var path = "/users?id=" + Uri.EscapeDataString(fixture.Shop.Customer);
        var refused = await page.GotoAsync(path);
        Assert.Equal(401, refused!.Status);
        // Only the sign-in form: the id asked for is kept to return to, nothing about the customer is shown.
        Assert.Equal(0, await page.Locator("#history-list").CountAsync());
        Assert.Equal(0, await page.Locator("#customer").CountAsync());
        Assert.DoesNotContain("Customer " + fixture.Shop.Customer, await page.ContentAsync());
        await page.Locator("#dashboard-key").FillAsync("not-the-key-0123456789");
        await page.Locator("#sign-in button[type=submit]").ClickAsync();
        await page.Locator("#sign-in-message").WaitForAsync();
        Assert.Contains("not the dashboard key", await page.Locator("#sign-in-message").InnerTextAsync());
        await page.Locator("#dashboard-key").FillAsync(DashboardFixture.DashboardKey);
        await page.Locator("#sign-in button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/users\\?id="));
        Assert.Equal("Customer " + fixture.Shop.Customer, await page.Locator("#customer h2").InnerTextAsync());
        Assert.True(await page.Locator("#history-list li").CountAsync() > 0);
    }

    [Fact]
    public async Task Unknown_product_is_a_404_page_with_a_search_box()
    {
        await using var s = await BrowserSession.OpenAsync(fixture, BrowserSession.Desktop);
        var response = await s.Page.GotoAsync("/items/NO-SUCH-ITEM");
        Assert.Equal(404, response!.Status);
        Assert.Contains("NO-SUCH-ITEM", await s.Page.Locator("section h2").InnerTextAsync());
        Assert.True(await s.Page.Locator("#item-search").IsVisibleAsync());
    }

    [Fact]
    public async Task Report_command_draws_the_same_overview_and_cleaning_as_the_dashboard()
    {
        var file = Path.Combine(TestData.TempDir(), "report.html");
        var (exit, _, stderr) = Hosting.ServerProcess.Run("report", "--model", fixture.Host.ModelDir, "--out", file, "--json");
        Assert.True(exit == 0, stderr);
        var report = await File.ReadAllTextAsync(file);
        var page = await fixture.Host.Client.GetStringAsync("/");
        foreach (var id in new[] { "overview", "cleaning" })
        {
            var inReport = Section(report, id);
            Assert.Contains("<svg", Section(report, "overview"));
            Assert.Equal(inReport, Section(page, id));
        }
    }

    private static string Section(string html, string id)
    {
        int start = html.IndexOf($"<section id=\"{id}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {id}");
        return html[start..(html.IndexOf("</section>", start, StringComparison.Ordinal) + "</section>".Length)];
    }

    [Fact]
    public void Static_report_renders_the_same_sections_and_saved_results()
    {
        var html = HtmlReport.Render(ModelReader.Open(fixture.Host.ModelDir));
        foreach (var id in new[] { "id=\"overview\"", "id=\"cleaning\"", "id=\"rules\"", "id=\"models\"", "id=\"results\"", "id=\"rules-table\"" })
            Assert.Contains(id, html);
        Assert.Contains("Simulated shop", html);
        Assert.Contains(fixture.Shop.TopTitle, html);
    }

    /// <summary>Saves a full-page screenshot and checks the page fits the viewport's width (wide tables scroll inside
    /// their own box instead of widening the page).</summary>
    private async Task Shot(BrowserSession s, string page, string viewport)
    {
        await s.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.Screenshots, $"{page}-{viewport}.png"), FullPage = true });
        Assert.True(await s.FitsWidthAsync(), $"{page} is wider than the {viewport} screen");
    }
}
