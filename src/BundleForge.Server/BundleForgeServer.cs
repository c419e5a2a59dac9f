using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using BundleForge.Privacy;
using BundleForge.Server.Api;
using BundleForge.Server.Events;
using BundleForge.Server.Models;
using BundleForge.Server.Serving;
using BundleForge.Server.Settings;
using BundleForge.Server.Telemetry;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace BundleForge.Server;

/// <summary>Builds the BundleForge HTTP service on a model folder: the one composition root every host (the CLI's
/// <c>serve</c>, tests) goes through, so they all serve the same components and signals from the same folder.</summary>
public static partial class BundleForgeServer
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Kestrel's AppContext switch that makes it answer 400 to HTTP/1.1 lines ended by a bare LF.</summary>
    public const string BareLineFeedSwitch = "Microsoft.AspNetCore.Server.Kestrel.DisableHttp1LineFeedTerminators";

    /// <summary>Builds and starts the service (listening when this returns). A missing, corrupted or incomplete model,
    /// a bad setting, an unusable event store or an address that cannot be bound is a <see cref="DataException"/>.</summary>
    public static async Task<WebApplication> StartAsync(string[] args, ServerOptions options)
    {
        var app = Build(args, options);
        try
        { await app.StartAsync(); }
        catch (Exception e)
        {
            await app.DisposeAsync();
            if (e is IOException)
                throw new DataException($"Cannot listen: {e.Message}", field: "--urls");
            if (Translate(e, options) is { } d)
                throw d;
            throw;
        }
        return app;
    }

    /// <summary>Configures the service and loads the model without starting it. A missing, corrupted or incomplete
    /// model, a bad setting or an unusable event store is a <see cref="DataException"/> here, before anything listens.</summary>
    public static WebApplication Build(string[] args, ServerOptions options)
    {
        // Kestrel accepts a bare LF as a line end in HTTP/1.1 request lines and headers unless this documented switch
        // is set (read when its options are created); a proxy in front that reads the same bytes otherwise could
        // disagree about where a header ends. Process-wide, like the server.
        AppContext.SetSwitch(BareLineFeedSwitch, true);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Stack traces never reach clients, whatever the host environment says.
            EnvironmentName = Environments.Production,
        });
        Configure(builder.Configuration, args, options);
        var urls = builder.Configuration["urls"];
        builder.WebHost.UseUrls(string.IsNullOrWhiteSpace(urls) ? DefaultUrls : urls);
        AddServices(builder.Services, builder.Configuration, options);
        options.ConfigureBuilder?.Invoke(builder);

        WebApplication? app = null;
        try
        {
            app = builder.Build();
            // Every setting is checked and the model loaded now, not on first use: a bad one stops the start with one
            // line naming it, and /metrics has the model version from the first scrape.
            Resolve(app.Services);
        }
        catch (Exception e)
        {
            app?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            if (Translate(e, options) is { } d)
                throw d;
            throw;
        }
        MapPipeline(app);
        LogStart(app);
        return app;
    }

    /// <summary>Configuration sources, later wins: built-in defaults, appsettings.json, <c>BUNDLEFORGE_</c> environment
    /// variables, the <c>--config</c> file, command-line arguments, then what the host passed in <paramref name="options"/>.</summary>
    private static void Configure(ConfigurationManager configuration, string[] args, ServerOptions options)
    {
        // Defaults below every other source: per-request framework logs would cost more than the requests.
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" },
        });
        configuration.AddEnvironmentVariables("BUNDLEFORGE_");
        if (options.ConfigFile is { } file)
        {
            if (!File.Exists(file))
                throw new DataException("Configuration file not found.", file, field: "--config");
            try
            { configuration.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false); }
            catch (Exception e) when (e is InvalidDataException or FormatException or JsonException) { throw new DataException($"The configuration file is not valid JSON: {e.Message}", file, field: "--config"); }
        }
        // The builder read the arguments before the sources above; read them again so they win over the file.
        if (args.Length > 0)
            configuration.AddCommandLine(args);
        var host = new Dictionary<string, string?>();
        if (options.ModelDirectory is not null)
            host[ModelOptions.Section + ":Path"] = options.ModelDirectory;
        if (options.EventStorePath is not null)
            host[EventsOptions.Section + ":Path"] = options.EventStorePath;
        if (options.Urls is not null)
            host["urls"] = options.Urls;
        if (host.Count > 0)
            configuration.AddInMemoryCollection(host);
    }

    /// <summary>Every service of the server, each setting bound from configuration and validated at start.</summary>
    private static void AddServices(IServiceCollection services, IConfiguration configuration, ServerOptions options)
    {
        services.AddServerSettings();
        // The options the endpoints read, injected as themselves (bound and validated once).
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LimitsOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AdminOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        services.AddSingleton<ClientIdentity>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DashboardOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RequestBudgetOptions>>().Value);
        services.AddSingleton<Dashboard.DashboardAccess>();

        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitsOptions>>((k, limits) =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = limits.Value.MaxBodyBytes;
            // Kestrel answers a request line above this limit itself, with an empty 414 it offers no hook to fill; 128 KB
            // lets an oversized id (a 100,000-character one) reach the endpoints, which refuse it with a problem body.
            k.Limits.MaxRequestLineSize = 128 * 1024;
            // What Kestrel still refuses itself (a NUL in the path, malformed framing) gets a problem body too.
            k.ConfigureEndpointDefaults(Api.RejectionBodyFiller.AddTo);
        });
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((h, s) => h.ShutdownTimeout = TimeSpan.FromSeconds(s.Value.TimeoutSeconds));
        // Logs go to stderr: a host's stdout carries only what it prints itself (the CLI's one --json object).
        services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        services.AddSingleton(options.Pseudonymizer ?? Pseudonymizer.FromEnvironment());
        services.AddSingleton(sp => options.Components ?? ServingComponents.Create(sp.GetRequiredService<IOptions<BundlesOptions>>().Value,
            sp.GetRequiredService<IOptions<NewItemsOptions>>().Value));
        services.AddSingleton<IValidateOptions<RecommendationsOptions>, RecommenderOrder.Validation>();
        services.AddSingleton(sp => new EventStore(sp.GetRequiredService<IOptions<EventsOptions>>().Value.Path!));
        services.AddSingleton(sp =>
        {
            var events = sp.GetRequiredService<IOptions<EventsOptions>>().Value;
            var sessions = new SessionTracker(events.SessionLength);
            long since = DateTimeOffset.UtcNow.AddDays(-events.ReplayDays).ToUnixTimeMilliseconds();
            foreach (var e in sp.GetRequiredService<EventStore>().ReceivedSince(since, 5_000_000))
                sessions.Add(e);
            return sessions;
        });
        // Cluster mode (BundleForge.Cluster) replaces this one registration; everything else reads through it.
        services.AddSingleton<ICustomerEvents>(sp => new LocalCustomerEvents(sp.GetRequiredService<EventStore>(), sp.GetRequiredService<SessionTracker>()));
        // Cluster mode replaces this one too: its nodes share one offer-response learner.
        services.AddSingleton<IOfferLearning, LocalOfferLearning>();
        services.AddSingleton(sp =>
        {
            var factories = sp.GetRequiredService<IReadOnlyList<IServingComponentFactory>>();
            var names = new List<string>(factories.Count);
            foreach (var f in factories)
                names.Add(f.ComponentName);
            var order = RecommenderOrder.Parse(sp.GetRequiredService<IOptions<RecommendationsOptions>>().Value.Model, names);
            return new ServingModelLoader(sp.GetRequiredService<Pseudonymizer>(), factories, order, sp.GetRequiredService<ICustomerEvents>().ErasedKeys);
        });
        services.AddSingleton(sp =>
        {
            var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("BundleForge.Server.Model");
            var loader = sp.GetRequiredService<ServingModelLoader>();
            return new ModelHost(loader.Load(sp.GetRequiredService<IOptions<ModelOptions>>().Value.Path!), loader, log);
        });
        // A request's hold on the version it started with, returned when its response is done.
        services.AddScoped(sp => sp.GetRequiredService<ModelHost>().Acquire());
        services.AddSingleton(sp =>
        {
            var host = sp.GetRequiredService<ModelHost>();
            var sessions = sp.GetRequiredService<ICustomerEvents>();
            return new ServerMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), () => host.Current.Version, () => sessions.LiveSessions,
                () => host.Current.BundleOffers?.Cache, () => host.Current.Pricer?.FeedbackVersion);
        });
        services.AddSingleton<AdminKeyFilter>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<BodyErrorLog>();
        services.ConfigureHttpJsonOptions(o =>
        {
            // The API's records through their generated metadata; the dashboard's few answers by reflection.
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>, ClientIdentity>((o, rate, clients) => ConfigureRateLimiter(o, rate.Value, clients));
        services.AddOpenTelemetry().ConfigureResource(r => r.AddService("bundleforge")).WithMetrics(m => m
            .AddAspNetCoreInstrumentation()
            .AddMeter(ServerMetrics.MeterName)
            // .NET's own process and GC meter: memory after reloads is visible in /metrics.
            .AddMeter("System.Runtime")
            // Every scrape reads the state it is asked about: the exporter's default serves its previous page for 300 ms,
            // which showed a node's feedback state from before the request that had moved it (docs/SCALE.md).
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
    }

    /// <summary>Creates what start-up must check before listening: every section's options (validation), the event
    /// store, the sessions, the model and the metrics.</summary>
    private static void Resolve(IServiceProvider services)
    {
        _ = services.GetRequiredService<IOptions<ModelOptions>>().Value;
        _ = services.GetRequiredService<IOptions<EventsOptions>>().Value;
        _ = services.GetRequiredService<IOptions<AdminOptions>>().Value;
        _ = services.GetRequiredService<IOptions<LimitsOptions>>().Value;
        _ = services.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        _ = services.GetRequiredService<IOptions<ProxyOptions>>().Value;
        _ = services.GetRequiredService<IOptions<DashboardOptions>>().Value;
        _ = services.GetRequiredService<IOptions<RecommendationsOptions>>().Value;
        _ = services.GetRequiredService<IOptions<BundlesOptions>>().Value;
        _ = services.GetRequiredService<IOptions<RequestBudgetOptions>>().Value;
        _ = services.GetRequiredService<IOptions<ShutdownOptions>>().Value;
        services.GetRequiredService<ICustomerEvents>();
        services.GetRequiredService<ModelHost>();
        services.GetRequiredService<ServerMetrics>();
    }

    /// <summary>A start-up failure as the one-line <see cref="DataException"/> hosts report (exit 2 in the CLI), or
    /// null when it is not the operator's to fix.</summary>
    private static DataException? Translate(Exception e, ServerOptions options) => e switch
    {
        DataException d => d,
        OptionsValidationException v => new DataException(string.Join(" ", v.Failures), options.ConfigFile),
        // The binder names the key it could not convert ("Failed to convert configuration value 'x' at 'Limits:MaxBatch' to type 'System.Int32'.").
        InvalidOperationException i when BinderKey().Match(i.Message) is { Success: true } m =>
            new DataException($"Configuration {m.Groups[1].Value} has a value of the wrong type: {i.Message}", options.ConfigFile, field: m.Groups[1].Value),
        AggregateException { InnerExceptions.Count: 1 } a => Translate(a.InnerExceptions[0], options),
        _ => null,
    };

    [GeneratedRegex("configuration value .*at '([^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex BinderKey();

    private static void MapPipeline(WebApplication app)
    {
        // First: everything after it (limits, logs, the dashboard's look-up limit) sees the real client.
        var proxies = app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value;
        if (proxies.Enabled)
            app.UseForwardedHeaders(ForwardingOf(proxies));
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A request the server could not read (bad framing, too large) is the client's error, not a 500.
            StatusCodeSelector = e => e is Microsoft.AspNetCore.Http.BadHttpRequestException b ? b.StatusCode : StatusCodes.Status500InternalServerError,
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
        // HEAD works wherever GET does: it is routed as GET, and Kestrel sends the headers without the body (it drops
        // body writes of a HEAD request, which it knows from the request line).
        app.Use((context, next) =>
        {
            if (HttpMethods.IsHead(context.Request.Method))
                context.Request.Method = HttpMethods.Get;
            return next(context);
        });
        app.UseRouting();
        app.UseRateLimiter();
        app.MapOpenApi();
        app.MapPrometheusScrapingEndpoint("/metrics");
        HealthEndpoints.Map(app);
        RecommendationEndpoints.Map(app);
        TogetherEndpoints.Map(app);
        ItemSearchEndpoints.Map(app);
        BundleEndpoints.Map(app);
        PredefinedBundleEndpoints.Map(app);
        EventEndpoints.Map(app);
        AdminEndpoints.Map(app);
        Dashboard.DashboardEndpoints.Map(app);
        if (app.Services.GetRequiredService<ICustomerEvents>() is LocalCustomerEvents)
            app.Lifetime.ApplicationStopped.Register(app.Services.GetRequiredService<EventStore>().Dispose);
    }

    private static void LogStart(WebApplication app)
    {
        var model = app.Services.GetRequiredService<ModelHost>().Current;
        var customers = app.Services.GetRequiredService<ICustomerEvents>();
        var admin = app.Services.GetRequiredService<AdminOptions>();
        var dashboard = app.Services.GetRequiredService<DashboardOptions>();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("BundleForge.Server");
        log.LogInformation("Serving model {Version} from {Directory} with {Components}; {Items} items, {Profiles} user profiles; event store {EventStore} ({Sessions} live sessions); admin endpoints {Admin}; dashboard {Dashboard}",
            model.Version, model.Directory, string.Join(", ", model.Components.Select(c => c.Name)) + "; recommendations by " + string.Join(" > ", model.Recommenders.Select(r => r.Name)), model.Catalog.Count,
            model.Baseline.Model.Profiles.Count, customers.Location, customers.LiveSessions, admin.ApiKey is null ? "off" : "on",
            (dashboard.ApiKey is null ? "sign-in off, customer pages off" : "sign-in on") + (dashboard.PublicPages ? ", aggregate pages public" : ", aggregate pages need sign-in"));
        ServingModelLoader.LogOutcome(model, log);
        if (!model.PseudonymsMatch)
            log.LogWarning("The model's user keys were made with another pseudonymisation secret ({Variable}); every user will look unknown.", Pseudonymizer.SecretVariable);
    }

    /// <summary>X-Forwarded-For and -Proto believed from the configured proxies only (ASP.NET Core's default trusts
    /// loopback, which is replaced here).</summary>
    private static ForwardedHeadersOptions ForwardingOf(ProxyOptions proxies)
    {
        var o = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = proxies.ForwardLimit,
        };
        o.KnownProxies.Clear();
        o.KnownIPNetworks.Clear();
        foreach (var p in proxies.KnownProxies)
            o.KnownProxies.Add(System.Net.IPAddress.Parse(p));
        foreach (var n in proxies.KnownNetworks)
            o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(n));
        return o;
    }

    private static void ConfigureRateLimiter(RateLimiterOptions o, RateLimitOptions settings, ClientIdentity clients)
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var path = context.Request.Path;
            if (settings.PermitsPerSecond == 0 || path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics"))
                return RateLimitPartition.GetNoLimiter("unlimited");
            return RateLimitPartition.GetTokenBucketLimiter(clients.Of(context), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = settings.Burst,
                TokensPerPeriod = settings.PermitsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(settings.PeriodSeconds),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
        o.OnRejected = async (context, cancel) =>
        {
            context.HttpContext.Response.Headers.RetryAfter = settings.PeriodSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context.HttpContext,
                ProblemDetails = { Status = 429, Title = "Too many requests", Detail = settings.PeriodSeconds == 1
                    ? $"This client exceeded {settings.PermitsPerSecond} requests per second; retry after a second."
                    : $"This client exceeded {settings.PermitsPerSecond} requests per {settings.PeriodSeconds} seconds; retry after {settings.PeriodSeconds} seconds." },
            });
        };
    }
}
