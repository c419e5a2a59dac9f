using BundleForge.Privacy;
using BundleForge.Server.Api;
using BundleForge.Server.Events;
using BundleForge.Server.Models;
using BundleForge.Server.Settings;

namespace BundleForge.Server.Dashboard;

/// <summary>The web dashboard at <c>/</c>: server-rendered pages over the served model version (overview, product
/// links, products, customers, evaluation), the item search the pages call while typing, and the sign-in. Customer
/// pages need a sign-in and are counted per client; the others need one unless <c>Dashboard:PublicPages</c>.</summary>
internal static class DashboardEndpoints
{
    /// <summary>The answer of <c>/dashboard/search</c>.</summary>
    public sealed record SearchResponse(List<SearchHit> Items);

    /// <summary>A found item with the dashboard page to open.</summary>
    public sealed record SearchHit(string ItemId, string Title, string? Category, string Url);

    public static void Map(IEndpointRouteBuilder app)
    {
        MapSignIn(app);

        var pages = app.MapGroup("").ExcludeFromDescription().AddEndpointFilter(AggregatePages);
        pages.MapGet("/", (ModelLease lease) => OverviewPage.Render(DashboardModel.Of(lease.Model)));
        pages.MapGet("/rules", (string? q, ModelLease lease) => RulesPage.Render(DashboardModel.Of(lease.Model), q));
        pages.MapGet("/items", (string? q, ModelLease lease) => ItemsPage.Search(DashboardModel.Of(lease.Model), q));
        pages.MapGet("/items/{itemId}", (string itemId, ModelLease lease) => ItemsPage.Item(DashboardModel.Of(lease.Model), itemId));
        pages.MapGet("/evaluation", (ModelLease lease) => EvaluationPage.Render(DashboardModel.Of(lease.Model)));
        pages.MapGet("/dashboard/search", (string? q, ModelLease lease) =>
        {
            var model = DashboardModel.Of(lease.Model);
            var hits = new List<SearchHit>();
            if (q is { Length: <= 200 })
                foreach (var f in model.Served.ItemSearch.Find(q, 12))
                    hits.Add(new SearchHit(model.Catalog.Ids[f.Item], model.NameOf(f.Item), model.Catalog.Categories[f.Item]?.Replace(">", " › "), model.LinkOf(f.Item)));
            return Results.Ok(new SearchResponse(hits));
        });

        var customers = app.MapGroup("").ExcludeFromDescription().AddEndpointFilter(CustomerPages);
        customers.MapGet("/users", (string? id, string? item, ModelLease lease, Pseudonymizer pseudonymizer, ICustomerEvents sessions, LimitsOptions limits, CancellationToken cancel) =>
            UserPage.RenderAsync(DashboardModel.Of(lease.Model), id, item, pseudonymizer, sessions, limits, cancel));
    }

    private static void MapSignIn(IEndpointRouteBuilder app)
    {
        var signIn = app.MapGroup("").ExcludeFromDescription();
        signIn.MapGet("/login", (string? @return, DashboardAccess access) => access.SignInPossible
            ? SignInPage.Form(@return, null)
            : Off(access));
        signIn.MapPost("/login", async (HttpContext context, DashboardAccess access) =>
        {
            if (!access.SignInPossible)
                return Off(access);
            if (!context.Request.HasFormContentType)
                return SignInPage.Form(null, "Send the sign-in form.", StatusCodes.Status400BadRequest);
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var returnTo = SignInPage.LocalPath(form["return"].ToString());
            if (!access.IsKey(form["key"].ToString()))
            {
                // Wrong keys use up the client's look-ups too, so guessing is as slow as enumerating customers.
                if (!access.TryLookUp(context))
                    return TooMany(context, access);
                return SignInPage.Form(returnTo, "That is not the dashboard key.", StatusCodes.Status401Unauthorized);
            }
            access.SignIn(context);
            return Results.Redirect(returnTo, permanent: false, preserveMethod: false);
        }).DisableAntiforgery();
        signIn.MapPost("/logout", (HttpContext context) =>
        {
            DashboardAccess.SignOut(context);
            return Results.Redirect("/login");
        }).DisableAntiforgery();
    }

    /// <summary>Aggregate pages: open when configured public, else for signed-in clients.</summary>
    private static ValueTask<object?> AggregatePages(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var access = http.RequestServices.GetRequiredService<DashboardAccess>();
        if (access.PublicPages || access.IsSignedIn(http))
            return next(context);
        if (http.Request.Path.StartsWithSegments("/dashboard/search"))
            return ValueTask.FromResult<object?>(access.SignInPossible
                ? Problems.Unauthorized($"Sign in at /login or send {DashboardAccess.Header}.")
                : Problems.Forbidden("The dashboard is off: configure Dashboard:ApiKey or Dashboard:PublicPages."));
        return ValueTask.FromResult<object?>(access.SignInPossible ? SignedOut(http) : Off(access));
    }

    /// <summary>Customer pages: off without a dashboard key, for signed-in clients only, and at most
    /// <c>Dashboard:CustomerLookupsPerMinute</c> look-ups per client and minute.</summary>
    private static ValueTask<object?> CustomerPages(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var access = http.RequestServices.GetRequiredService<DashboardAccess>();
        if (!access.SignInPossible)
            return ValueTask.FromResult<object?>(SignInPage.Refused(StatusCodes.Status403Forbidden, "Customer pages are off",
                "Customer pages show a customer's purchases and prices: they need a sign-in. Configure Dashboard:ApiKey to turn them on."));
        if (!access.IsSignedIn(http))
            return ValueTask.FromResult<object?>(SignedOut(http));
        if (!string.IsNullOrWhiteSpace(http.Request.Query["id"]) && !access.TryLookUp(http))
            return ValueTask.FromResult<object?>(TooMany(http, access));
        return next(context);
    }

    private static IResult SignedOut(HttpContext http) =>
        SignInPage.Form(http.Request.Path + http.Request.QueryString, "Sign in to see this page.", StatusCodes.Status401Unauthorized);

    private static IResult Off(DashboardAccess access) => SignInPage.Refused(StatusCodes.Status403Forbidden, "The dashboard is off",
        "Nobody can sign in: configure Dashboard:ApiKey (and Dashboard:PublicPages=true to open the pages without customer data to everyone).");

    private static IResult TooMany(HttpContext http, DashboardAccess access)
    {
        http.Response.Headers.RetryAfter = "60";
        return SignInPage.Refused(StatusCodes.Status429TooManyRequests, "Too many look-ups",
            $"This client looked up more than {access.LookupsPerMinute} customers (or tried wrong keys) in a minute; try again in a minute.");
    }
}
