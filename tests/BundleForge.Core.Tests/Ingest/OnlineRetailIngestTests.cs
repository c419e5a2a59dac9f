using BundleForge.Data;
using BundleForge.Ingest;
using BundleForge.Ingest.Sources;

namespace BundleForge.Core.Tests.Ingest;

public class OnlineRetailIngestTests
{
    [Fact]
    public void UsDates_IntegerCustomers_CancellationsPostageAndAdjustments()
    {
        var d = DatasetLoader.Load(new LoadRequest { Path = Fixture.Path("online_retail_us_dates.csv") });
        Assert.Equal("online-retail", d.Format);
        var r = d.Report;
        Assert.Equal(9, r.RowsRead);
        Assert.Equal(2, r.UsersRead);
        Assert.Equal(1, r.Removed["non_product"]);
        Assert.Equal(1, r.Removed["cancellation"]);
        Assert.Equal(1, r.Removed["cancelled_purchase"]); // the lantern 17850 bought, then cancelled
        Assert.Equal(1, r.Removed["nonpositive_price"]);
        Assert.Equal(1, r.Removed["nonpositive_quantity"]);
        Assert.Equal(4, r.RowsKept);
        Assert.Equal(r.RowsRead, r.RowsKept + r.RemovedTotal);
        Assert.Equal(new DateTimeOffset(2010, 12, 1, 8, 26, 0, TimeSpan.Zero).ToUnixTimeSeconds(), d.Baskets.Time[0]);
        Assert.Equal("WHITE HANGING HEART T-LIGHT HOLDER", d.Items.Titles[d.Items.IndexOf("85123A")]);
        Assert.True(d.Users.IndexOf("17850") >= 0);
        Assert.Equal(3, d.Baskets.Count); // 536365 (lantern cancelled), 536366, anonymous 536370
    }

    [Fact]
    public void OnlineRetailII_ColumnNames_AndDecimalCustomerIds()
    {
        var d = DatasetLoader.Load(new LoadRequest { Path = Fixture.Path("online_retail_ii.csv"), Format = DataFormat.OnlineRetail });
        Assert.Equal(2, d.Users.Count);
        Assert.True(d.Users.IndexOf("13085") >= 0);
        Assert.True(d.Users.IndexOf("13078") >= 0);
        Assert.Equal(3, d.Baskets.Count);
        Assert.Equal(6.95f, d.Items.Price[d.Items.IndexOf("85048")]);
    }
}
