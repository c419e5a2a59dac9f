using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BundleForge.Server.Tests.Hosting;

/// <summary>Behind a reverse proxy on a real socket: forwarded addresses are believed only from configured proxies,
/// rate limits apply to the real client (or to a configured client header), and Kestrel refuses bare-LF line ends.</summary>
public class DeploymentTests
{
    /// <summary>A small bucket that never refills during a test.</summary>
    private static readonly string[] TwoPerClient = ["--RateLimit:PermitsPerSecond=1", "--RateLimit:Burst=2", "--RateLimit:PeriodSeconds=600"];

    private static async Task<HttpStatusCode> Get(TestHost h, string? forwardedFor = null, (string Name, string Value)? header = null)
    {
        var m = new HttpRequestMessage(HttpMethod.Get, "/v1/items/I00/frequently-bought-together");
        if (forwardedFor is not null)
            m.Headers.Add("X-Forwarded-For", forwardedFor);
        if (header is { } h2)
            m.Headers.Add(h2.Name, h2.Value);
        return (await h.Client.SendAsync(m)).StatusCode;
    }

    [Fact]
    public async Task Without_trusted_proxies_forwarded_addresses_are_ignored_so_rotating_them_does_not_escape_the_limit()
    {
        await using var h = await TestHost.StartAsync(null, realSocket: true, TwoPerClient);
        Assert.Equal(HttpStatusCode.OK, await Get(h, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await Get(h, "203.0.113.2"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Get(h, "203.0.113.3"));
    }

    [Fact]
    public async Task A_trusted_proxy_forwards_the_real_client_and_each_client_has_its_own_limit()
    {
        await using var h = await TestHost.StartAsync(null, realSocket: true, [.. TwoPerClient, "--ForwardedHeaders:KnownProxies:0=127.0.0.1"]);
        Assert.Equal(HttpStatusCode.OK, await Get(h, "203.0.113.5"));
        Assert.Equal(HttpStatusCode.OK, await Get(h, "203.0.113.5"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Get(h, "203.0.113.5"));
        // Another client behind the same proxy, and the proxy itself, are not limited by the first one.
        Assert.Equal(HttpStatusCode.OK, await Get(h, "203.0.113.6"));
        Assert.Equal(HttpStatusCode.OK, await Get(h));
    }

    [Fact]
    public async Task A_proxy_outside_the_trusted_networks_is_not_believed()
    {
        await using var h = await TestHost.StartAsync(null, realSocket: true, [.. TwoPerClient, "--ForwardedHeaders:KnownNetworks:0=10.0.0.0/8"]);
        Assert.Equal(HttpStatusCode.OK, await Get(h, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await Get(h, "203.0.113.2"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Get(h, "203.0.113.3"));
    }

    [Fact]
    public async Task A_configured_client_header_partitions_the_limit_by_its_value()
    {
        await using var h = await TestHost.StartAsync(null, realSocket: true, [.. TwoPerClient, "--RateLimit:ClientHeader=X-Client-Key"]);
        Assert.Equal(HttpStatusCode.OK, await Get(h, header: ("X-Client-Key", "shop-a")));
        Assert.Equal(HttpStatusCode.OK, await Get(h, header: ("X-Client-Key", "shop-a")));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Get(h, header: ("X-Client-Key", "shop-a")));
        Assert.Equal(HttpStatusCode.OK, await Get(h, header: ("X-Client-Key", "shop-b")));
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "not-an-address")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/99")]
    [InlineData("RateLimit:ClientHeader", "X Client")]
    public async Task A_bad_proxy_or_header_setting_stops_the_start_naming_it(string key, string value)
    {
        var e = await Assert.ThrowsAsync<DataException>(() => TestHost.StartAsync(null, false, $"--{key}={value}"));
        Assert.Contains(key, e.Message);
    }

    private static async Task<string> RawStatus(Uri server, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[4096];
        int n = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return Encoding.ASCII.GetString(buffer, 0, n).Split("\r\n")[0];
    }

    [Fact]
    public async Task Kestrel_refuses_bare_line_feeds_and_serves_crlf()
    {
        await using var h = await TestHost.StartAsync(realSocket: true);
        var uri = new Uri(h.App.Urls.First());
        Assert.Equal("HTTP/1.1 200 OK", await RawStatus(uri, "GET /ping HTTP/1.1\r\nHost: a\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 400", await RawStatus(uri, "GET /ping HTTP/1.1\nHost: a\n\n"));
        Assert.StartsWith("HTTP/1.1 400", await RawStatus(uri, "GET /ping HTTP/1.1\r\nHost: a\nX-Smuggled: 1\r\n\r\n"));
    }
}
