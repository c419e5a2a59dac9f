using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace BundleForge.Server.Api;

/// <summary>Gives the 4xx answers Kestrel writes itself, before any middleware runs, a problem-details body.</summary>
/// <remarks>Kestrel refuses a NUL (<c>%00</c>) in the decoded path, an over-long request line or header block and
/// malformed framing with an empty answer and closes the connection; it has no hook for that body (its maintainers
/// say this category is not customisable). This connection middleware sits between Kestrel's HTTP/1.1 layer and the
/// socket and recognises exactly that answer: a status line <c>HTTP/1.1 4xx</c> that is the first write since the
/// last flush, a whole header block with <c>Content-Length: 0</c> and <c>Connection: close</c>. The API's own 4xx
/// answers always carry a problem body, so they never match; every other byte passes through untouched.</remarks>
internal static class RejectionBodyFiller
{
    /// <summary>Adds the filler to an endpoint. On a TLS endpoint it sits outside the encryption, sees no status line
    /// and changes nothing.</summary>
    public static void AddTo(ListenOptions listen) =>
        listen.Use(next => connection =>
        {
            connection.Transport = new FilledTransport(connection.Transport);
            return next(connection);
        });

    private static ReadOnlySpan<byte> StatusLinePrefix => "HTTP/1.1 4"u8;
    private static ReadOnlySpan<byte> EmptyLength => "\r\nContent-Length: 0\r\n"u8;
    private static ReadOnlySpan<byte> Close => "\r\nConnection: close\r\n"u8;
    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    /// <summary>The filled answer for Kestrel's header block, or null when the block is not one of its empty refusals.</summary>
    internal static byte[]? Fill(ReadOnlySpan<byte> written)
    {
        // A refusal's header block is about 100 bytes; anything long or not starting a response is left alone.
        if (written.Length > 1024 || !written.StartsWith(StatusLinePrefix) || !written.EndsWith(HeaderEnd))
            return null;
        int length = written.IndexOf(EmptyLength);
        if (length < 0 || written.IndexOf(Close) < 0 || written.Length < 12)
            return null;
        if (!char.IsAsciiDigit((char)written[10]) || !char.IsAsciiDigit((char)written[11]))
            return null;
        int status = 400 + (written[10] - '0') * 10 + (written[11] - '0');

        var body = Encoding.UTF8.GetBytes(Body(status));
        var replacement = Encoding.ASCII.GetBytes($"\r\nContent-Type: application/problem+json\r\nContent-Length: {body.Length}\r\n");
        var filled = new byte[written.Length - EmptyLength.Length + replacement.Length + body.Length];
        var rest = filled.AsSpan();
        written[..length].CopyTo(rest);
        rest = rest[length..];
        replacement.CopyTo(rest);
        rest = rest[replacement.Length..];
        written[(length + EmptyLength.Length)..].CopyTo(rest);
        rest = rest[(written.Length - length - EmptyLength.Length)..];
        body.CopyTo(rest);
        return filled;
    }

    private static string Body(int status)
    {
        // Kestrel does not say which rule the request broke, so the detail names the rules that lead to this status.
        (string title, string detail) = status switch
        {
            400 => ("Invalid request", "The request is not valid HTTP/1.1 and was refused before it reached the API: a NUL (%00) or another forbidden character in the path, a malformed request line or header, or a body whose framing does not match its headers. Encode ids without control characters."),
            408 => ("Request timeout", "The request headers or body did not arrive in time."),
            411 => ("Length required", "A request with a body needs Content-Length or chunked transfer encoding."),
            413 => ("Request too large", "The request body is larger than the server's limit (Limits:MaxBodyBytes)."),
            414 => ("Request line too long", "The request line is longer than 128 KB; send long lists in a POST body."),
            431 => ("Request headers too large", "The request headers are larger than 32 KB."),
            _ => ("Request refused", $"The request was refused before it reached the API (HTTP {status})."),
        };
        return $$"""{"type":"https://tools.ietf.org/html/rfc9110#section-15.5","title":"{{title}}","status":{{status}},"detail":"{{detail}}"}""";
    }

    private sealed class FilledTransport(IDuplexPipe inner) : IDuplexPipe
    {
        public PipeReader Input { get; } = inner.Input;
        public PipeWriter Output { get; } = new FillingWriter(inner.Output);
    }

    /// <summary>Passes every write through; only the first write after a flush is looked at, and replaced when it is
    /// one of Kestrel's empty refusals.</summary>
    private sealed class FillingWriter(PipeWriter inner) : PipeWriter
    {
        private Memory<byte> _lent;
        private long _sinceFlush;

        public override Memory<byte> GetMemory(int sizeHint = 0) => _lent = inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public override void Advance(int bytes)
        {
            if (_sinceFlush == 0 && bytes >= 12 && bytes <= _lent.Length && _lent.Span.StartsWith(StatusLinePrefix)
                && Fill(_lent.Span[..bytes]) is { } filled)
            {
                // Asking for memory again before Advance is allowed: the writer hands out a span at the same position.
                filled.CopyTo(inner.GetSpan(filled.Length));
                inner.Advance(filled.Length);
                _sinceFlush += filled.Length;
                return;
            }
            inner.Advance(bytes);
            _sinceFlush += bytes;
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            _sinceFlush = 0;
            return inner.FlushAsync(cancellationToken);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;
    }
}
