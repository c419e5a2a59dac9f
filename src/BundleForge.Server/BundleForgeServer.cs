using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using BundleForge.Privacy;
using BundleForge.Server.Api;
using BundleForge.Server.Events;
using BundleForge.Server.Models;
using BundleForge.Server.Serving;
using BundleForge.Server.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace BundleForge.Server;

/// <summary>Builds the BundleForge HTTP service on a model folder. Hosts (the CLI's <c>serve</c>, tests) call
/// <see cref="Build"/> and then run the returned application.</summary>
public static class BundleForgeServer
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Configures the service and loads the model. A missing, corrupted or incomplete model, a bad setting or
    /// an unusable event store is a <see cref="DataException"/> here, before anything listens.</summary>
    public static WebApplication Build(string[] args, ServerOptions options)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Stack traces never reach clients, whatever the host environment says.
            EnvironmentName = Environments.Production,
        });
        // Defaults below every other source: per-request framework logs would cost more than the requests.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" },
        });
        builder.Configuration.AddEnvironmentVariables("BUNDLEFORGE_");
        if (options.ConfigFile is { } file)
        {
            if (!File.Exists(file)) throw new DataException("Configuration file not found.", file, field: "--config");
            try { builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false); }
            catch (Exception e) when (e is InvalidDataException or FormatException or JsonException) { throw new DataException($"The configuration file is not valid JSON: {e.Message}", file, field: "--config"); }
        }
        ServerSettings settings;
        try { settings = ServerSettings.From(builder.Configuration, options); }
        catch (InvalidDataException e) { throw new DataException($"The configuration is not valid: {e.Message}", options.ConfigFile); }
        var urls = options.Urls ?? builder.Configuration["urls"];
        builder.WebHost.UseUrls(string.IsNullOrWhiteSpace(urls) ? DefaultUrls : urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = settings.MaxBodyBytes;
            k.Limits.MaxRequestLineSize = 8 * 1024;
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(settings.ShutdownSeconds));

        var pseudonymizer = options.Pseudonymizer ?? Pseudonymizer.FromEnvironment();
        var factories = options.Components ?? ServingComponents.All;
        var store = new EventStore(settings.EventStorePath);
        var loader = new ServingModelLoader(pseudonymizer, factories,
            RecommenderOrder.Parse(builder.Configuration["Recommendations:Model"], factories.Select(f => f.ComponentName)),
            store.ErasedKeys, builder.Configuration);
        ServingModel model;
        try { model = loader.Load(settings.ModelDirectory); }
        catch { store.Dispose(); throw; }
        var sessions = new SessionTracker(settings.SessionLength);
        long since = DateTimeOffset.UtcNow.AddDays(-settings.SessionReplayDays).ToUnixTimeMilliseconds();
        foreach (var e in store.ReceivedSince(since, 5_000_000)) sessions.Add(e);

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(pseudonymizer);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(sessions);
        builder.Services.AddSingleton(sp => new ModelHost(model, loader, sp.GetRequiredService<ILoggerFactory>().CreateLogger("BundleForge.Server.Model")));
        builder.Services.AddSingleton(sp =>
        {
            var host = sp.GetRequiredService<ModelHost>();
            return new ServerMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), () => host.Current.Version, () => sessions.Users,
                () => host.Current.BundleOffers?.Cache);
        });
        builder.Services.AddSingleton<AdminKeyFilter>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddRateLimiter(o => ConfigureRateLimiter(o, settings));
        builder.Services.AddOpenTelemetry().ConfigureResource(r => r.AddService("bundleforge")).WithMetrics(m => m
            .AddAspNetCoreInstrumentation()
            .AddMeter(ServerMetrics.MeterName)
            .AddPrometheusExporter());
        options.ConfigureBuilder?.Invoke(builder);

        var app = builder.Build();
        // Created now, not on first use: its observable instruments (model version, sessions, bundle compositions) must be
        // in /metrics from the first scrape.
        app.Services.GetRequiredService<ServerMetrics>();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A request the server could not read (bad framing, too large) is the client's error, not a 500.
            StatusCodeSelector = e => e is BadHttpRequestException b ? b.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            string? detail = http.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => "No such endpoint; the API is described at /openapi/v1.json.",
                StatusCodes.Status405MethodNotAllowed => "This endpoint does not accept that HTTP method.",
                StatusCodes.Status415UnsupportedMediaType => "The body must be JSON (Content-Type: application/json).",
                _ => null,
            };
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = http.Response.StatusCode, Detail = detail },
            });
        });
        app.UseRateLimiter();
        app.MapOpenApi();
        app.MapPrometheusScrapingEndpoint("/metrics");
        HealthEndpoints.Map(app);
        RecommendationEndpoints.Map(app);
        TogetherEndpoints.Map(app);
        BundleEndpoints.Map(app);
        EventEndpoints.Map(app);
        AdminEndpoints.Map(app);
        Dashboard.DashboardEndpoints.Map(app);

        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("BundleForge.Server");
        log.LogInformation("Serving model {Version} from {Directory} with {Components}; {Items} items, {Profiles} user profiles; event store {EventStore} ({Sessions} live sessions); admin endpoints {Admin}",
            model.Version, model.Directory, string.Join(", ", model.Components.Select(c => c.Name)) + "; recommendations by " + string.Join(" > ", model.Recommenders.Select(r => r.Name)), model.Catalog.Count,
            model.Baseline.Model.Profiles.Count, store.Path, sessions.Users, settings.AdminApiKey is null ? "off" : "on");
        ServingModelLoader.LogOutcome(model, log);
        if (!model.PseudonymsMatch)
            log.LogWarning("The model's user keys were made with another pseudonymisation secret ({Variable}); every user will look unknown.", Pseudonymizer.SecretVariable);
        app.Lifetime.ApplicationStopped.Register(store.Dispose);
        return app;
    }

    private static void ConfigureRateLimiter(RateLimiterOptions o, ServerSettings settings)
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var path = context.Request.Path;
            if (settings.RatePerSecond == 0 || path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics"))
                return RateLimitPartition.GetNoLimiter("unlimited");
            var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = settings.RateBurst,
                TokensPerPeriod = settings.RatePerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(settings.RatePeriodSeconds),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
        o.OnRejected = async (context, cancel) =>
        {
            context.HttpContext.Response.Headers.RetryAfter = settings.RatePeriodSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context.HttpContext,
                ProblemDetails = { Status = 429, Title = "Too many requests", Detail = $"This client exceeded {settings.RatePerSecond} requests per second; retry after a second." },
            });
        };
    }
}
