using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BundleForge.Server.Tests.Hosting;

public class RealSocketTests
{
    [Fact]
    public async Task Kestrel_on_loopback_serves_and_rejects_bad_requests_with_4xx()
    {
        await using var h = await TestHost.StartAsync(realSocket: true);
        var uri = new Uri(h.App.Urls.First());
        Assert.Equal("127.0.0.1", uri.Host);
        Assert.NotEqual(0, uri.Port);
        Assert.Equal("I01", TestHost.ItemIds(await h.GetJson("/v1/items/I00/frequently-bought-together"))[0]);
        await h.PostEvents(new { user_id = "sock", type = "cart", item_id = "I02" });
        Assert.Equal("I03", TestHost.ItemIds(await h.GetJson("/v1/users/sock/recommendations"))[0]);

        // Kestrel's own body limit (1 MiB by default) with a body it must stream.
        var huge = new StringContent("[" + string.Join(',', Enumerable.Repeat("\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"", 60_000)) + "]", Encoding.UTF8, "application/json");
        huge.Headers.ContentLength = null;
        var big = await h.Client.PostAsync("/v1/events", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);

        // A raw request with a NUL in the path and one with garbage framing: 400, never a 500 or a hang.
        foreach (var raw in new[] { "GET /v1/items/x%00y/frequently-bought-together HTTP/1.1\r\nHost: a\r\n\r\n", "GARBAGE\r\n\r\n" })
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(uri.Host, uri.Port);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(raw));
            var buffer = new byte[4096];
            int n = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            var status = Encoding.ASCII.GetString(buffer, 0, n).Split("\r\n")[0];
            Assert.StartsWith("HTTP/1.1 4", status);
        }
    }
}
