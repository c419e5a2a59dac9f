using BundleForge.Privacy;
using BundleForge.Server.Events;
using BundleForge.Server.Models;
using BundleForge.Server.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using BundleForge.Server.Settings;

namespace BundleForge.Server.Dashboard;

/// <summary>The web dashboard at <c>/</c>: server-rendered pages over the served model version (overview, product
/// links, products, customers, evaluation) and the item search the pages call while typing.</summary>
internal static class DashboardEndpoints
{
    /// <summary>The answer of <c>/dashboard/search</c>.</summary>
    public sealed record SearchResponse(List<SearchHit> Items);

    /// <summary>A found item with the dashboard page to open.</summary>
    public sealed record SearchHit(string ItemId, string Title, string? Category, string Url);

    public static void Map(IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").ExcludeFromDescription();
        pages.MapGet("/", (ModelHost host) => OverviewPage.Render(DashboardModel.Of(host.Current)));
        pages.MapGet("/rules", (string? q, ModelHost host) => RulesPage.Render(DashboardModel.Of(host.Current), q));
        pages.MapGet("/items", (string? q, ModelHost host) => ItemsPage.Search(DashboardModel.Of(host.Current), q));
        pages.MapGet("/items/{itemId}", (string itemId, ModelHost host) => ItemsPage.Item(DashboardModel.Of(host.Current), itemId));
        pages.MapGet("/users", (string? id, string? item, ModelHost host, Pseudonymizer pseudonymizer, SessionTracker sessions, LimitsOptions limits) =>
            UserPage.Render(DashboardModel.Of(host.Current), id, item, pseudonymizer, sessions, limits));
        pages.MapGet("/evaluation", (ModelHost host) => EvaluationPage.Render(DashboardModel.Of(host.Current)));
        pages.MapGet("/dashboard/search", (string? q, ModelHost host) =>
        {
            var model = DashboardModel.Of(host.Current);
            var hits = new List<SearchHit>();
            if (q is { Length: <= 200 })
                foreach (var i in ItemSearch.Find(model, q, 12))
                    hits.Add(new SearchHit(model.Catalog.Ids[i], model.NameOf(i), model.Catalog.Categories[i]?.Replace(">", " › "), model.LinkOf(i)));
            return Results.Ok(new SearchResponse(hits));
        });
    }
}
