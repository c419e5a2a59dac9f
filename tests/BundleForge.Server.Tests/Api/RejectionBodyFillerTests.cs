using System.Text;
using System.Text.Json;
using BundleForge.Server.Api;

namespace BundleForge.Server.Tests.Api;

public class RejectionBodyFillerTests
{
    private static byte[]? Fill(string headers) => RejectionBodyFiller.Fill(Encoding.ASCII.GetBytes(headers));

    [Theory]
    [InlineData(400, "%00")]
    [InlineData(414, "128 KB")]
    [InlineData(431, "32 KB")]
    public void Kestrels_empty_refusal_gets_a_problem_body_with_its_length(int status, string named)
    {
        var filled = Fill($"HTTP/1.1 {status} Whatever\r\nContent-Length: 0\r\nConnection: close\r\nDate: Wed, 02 Dec 2026 16:00:00 GMT\r\n\r\n");
        Assert.NotNull(filled);
        var text = Encoding.UTF8.GetString(filled);
        Assert.StartsWith($"HTTP/1.1 {status} Whatever\r\n", text);
        Assert.Contains("\r\nConnection: close\r\n", text);
        Assert.Contains("\r\nDate: Wed, 02 Dec 2026 16:00:00 GMT\r\n", text);
        Assert.DoesNotContain("Content-Length: 0\r\n", text);
        int split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        var body = text[split..];
        Assert.Contains($"\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n", text[..split]);
        Assert.Contains("\r\nContent-Type: application/problem+json\r\n", text[..split]);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(named, problem.RootElement.GetProperty("detail").GetString());
    }

    [Theory]
    // The API's own refusals carry a body, so their length is never 0.
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\nContent-Length: 87\r\nConnection: close\r\n\r\n")]
    // An empty 4xx on a connection that stays open is not Kestrel's refusal.
    [InlineData("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")]
    [InlineData("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")]
    // Only a whole header block is rewritten, never part of one or a body.
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n")]
    [InlineData("{\"HTTP/1.1 400\":\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")]
    [InlineData("HTTP/1.1 4x0 Odd\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")]
    public void Everything_else_passes_unchanged(string headers) => Assert.Null(Fill(headers));
}
