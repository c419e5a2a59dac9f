using System.Collections.Concurrent;

namespace BundleForge.Server.Api;

/// <summary>Logs bodies that cannot be decoded (not UTF-8, not JSON) at warning level, at most once per client per
/// minute: an operator sees a misbehaving client without a flood of lines a single bad client could cause.</summary>
internal sealed class BodyErrorLog(ILoggerFactory logs, TimeProvider clock)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private const int MaxClients = 10_000;

    private readonly ILogger _log = logs.CreateLogger("BundleForge.Server.Requests");
    private readonly ConcurrentDictionary<string, long> _last = new(StringComparer.Ordinal);

    /// <summary>Logs the problem unless this client was logged less than a minute ago.</summary>
    public void Undecodable(HttpContext context, string problem)
    {
        var client = ClientIdentity.AddressOf(context);
        long now = clock.GetTimestamp();
        // Bounded: a flood of distinct addresses forgets who was logged rather than growing without end.
        if (_last.Count >= MaxClients)
            _last.Clear();
        // One winner per client and minute, also when its requests race.
        while (true)
        {
            if (_last.TryGetValue(client, out long then))
            {
                if (clock.GetElapsedTime(then, now) < Interval)
                    return;
                if (_last.TryUpdate(client, now, then))
                    break;
            }
            else if (_last.TryAdd(client, now))
                break;
        }
        _log.LogWarning("Undecodable request body from {Client} on {Method} {Path}: {Problem} (further ones from this client are not logged for a minute)",
            client, context.Request.Method, context.Request.Path.Value, problem);
    }
}
