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

        // A raw request with a NUL in the path and one with garbage framing: 400 with a problem body, never a 500 or
        // a hang. The first connection sends a good request first, so the refusal is not the connection's first answer.
        foreach (var raw in new[]
        {
            "GET /health HTTP/1.1\r\nHost: a\r\n\r\nGET /v1/items/x%00y/frequently-bought-together HTTP/1.1\r\nHost: a\r\n\r\n",
            "GARBAGE\r\n\r\n",
        })
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(uri.Host, uri.Port);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(raw));
            // Kestrel closes the connection after a refusal, so reading to the end gets every answer it sent.
            using var all = new MemoryStream();
            await stream.CopyToAsync(all).WaitAsync(TimeSpan.FromSeconds(10));
            var text = Encoding.ASCII.GetString(all.ToArray());
            var last = text[text.LastIndexOf("HTTP/1.1 4", StringComparison.Ordinal)..];
            Assert.StartsWith("HTTP/1.1 400", last);
            Assert.Contains("Content-Type: application/problem+json", last);
            var body = last[(last.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
            var length = int.Parse(last.Split("\r\n").First(l => l.StartsWith("Content-Length: ", StringComparison.Ordinal))["Content-Length: ".Length..]);
            Assert.Equal(length, Encoding.UTF8.GetByteCount(body));
            using var problem = System.Text.Json.JsonDocument.Parse(body);
            Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
            if (raw.StartsWith("GET /health", StringComparison.Ordinal))
                Assert.StartsWith("HTTP/1.1 200", text);
        }
    }
}
