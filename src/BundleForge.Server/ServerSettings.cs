using Microsoft.Extensions.Configuration;

namespace BundleForge.Server;

/// <summary>The server's effective settings, resolved once at start-up from options and configuration.</summary>
public sealed record ServerSettings
{
    public const string AdminKeyVariable = "BUNDLEFORGE_ADMIN_KEY";

    public required string ModelDirectory { get; init; }
    public required string EventStorePath { get; init; }
    /// <summary>Null when admin endpoints are off.</summary>
    public string? AdminApiKey { get; init; }
    public int MaxBodyBytes { get; init; } = 1 << 20;
    public int MaxBatch { get; init; } = 1000;
    public int MaxK { get; init; } = 100;
    public int MaxIdLength { get; init; } = 256;
    public int MaxCartItems { get; init; } = 100;
    /// <summary>Requests per second per client (token bucket); 0 turns rate limiting off.</summary>
    public int RatePerSecond { get; init; } = 1000;
    /// <summary>Burst size of the token bucket.</summary>
    public int RateBurst { get; init; } = 2000;
    /// <summary>How often the bucket receives <see cref="RatePerSecond"/> tokens (1 s: a true per-second rate).</summary>
    public int RatePeriodSeconds { get; init; } = 1;
    /// <summary>Live events kept per user for session-aware recommendations.</summary>
    public int SessionLength { get; init; } = 50;
    /// <summary>Events of the last days replayed into sessions at start-up.</summary>
    public int SessionReplayDays { get; init; } = 30;
    public int ShutdownSeconds { get; init; } = 30;

    public static ServerSettings From(IConfiguration config, ServerOptions options)
    {
        var model = options.ModelDirectory ?? config["Model:Path"];
        if (string.IsNullOrWhiteSpace(model)) throw new DataException("No model to serve: pass --model DIR or set Model:Path.", field: "--model");
        model = Path.GetFullPath(model);
        var events = options.EventStorePath ?? config["Events:Path"];
        if (string.IsNullOrWhiteSpace(events)) events = Path.Combine(Path.GetDirectoryName(model) ?? ".", "events.db");
        var key = config["Admin:ApiKey"];
        if (string.IsNullOrEmpty(key)) key = Environment.GetEnvironmentVariable(AdminKeyVariable);
        if (key is { Length: > 0 and < 16 }) throw new DataException("The admin API key must be at least 16 characters.", field: "Admin:ApiKey");
        var defaults = new ServerSettings { ModelDirectory = model, EventStorePath = events };
        return defaults with
        {
            EventStorePath = Path.GetFullPath(events),
            AdminApiKey = string.IsNullOrEmpty(key) ? null : key,
            MaxBodyBytes = Int(config, "Limits:MaxBodyBytes", defaults.MaxBodyBytes, 1024, 64 << 20),
            MaxBatch = Int(config, "Limits:MaxBatch", defaults.MaxBatch, 1, 100_000),
            RatePerSecond = Int(config, "RateLimit:PermitsPerSecond", defaults.RatePerSecond, 0, 10_000_000),
            RateBurst = Int(config, "RateLimit:Burst", defaults.RateBurst, 1, 10_000_000),
            RatePeriodSeconds = Int(config, "RateLimit:PeriodSeconds", defaults.RatePeriodSeconds, 1, 3600),
            SessionLength = Int(config, "Events:SessionLength", defaults.SessionLength, 1, 10_000),
            SessionReplayDays = Int(config, "Events:ReplayDays", defaults.SessionReplayDays, 0, 3650),
            ShutdownSeconds = Int(config, "Shutdown:TimeoutSeconds", defaults.ShutdownSeconds, 1, 3600),
        };
    }

    private static int Int(IConfiguration config, string key, int fallback, int min, int max)
    {
        var raw = config[key];
        if (string.IsNullOrWhiteSpace(raw)) return fallback;
        if (!int.TryParse(raw, out var v) || v < min || v > max)
            throw new DataException($"Configuration {key} must be an integer from {min} to {max}, not '{raw}'.", field: key);
        return v;
    }
}
