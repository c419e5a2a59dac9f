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
        pages.MapGet("/", (ModelLease lease) => OverviewPage.Render(DashboardModel.Of(lease.Model)));
        pages.MapGet("/rules", (string? q, ModelLease lease) => RulesPage.Render(DashboardModel.Of(lease.Model), q));
        pages.MapGet("/items", (string? q, ModelLease lease) => ItemsPage.Search(DashboardModel.Of(lease.Model), q));
        pages.MapGet("/items/{itemId}", (string itemId, ModelLease lease) => ItemsPage.Item(DashboardModel.Of(lease.Model), itemId));
        pages.MapGet("/users", (string? id, string? item, ModelLease lease, Pseudonymizer pseudonymizer, SessionTracker sessions, LimitsOptions limits) =>
            UserPage.Render(DashboardModel.Of(lease.Model), id, item, pseudonymizer, sessions, limits));
        pages.MapGet("/evaluation", (ModelLease lease) => EvaluationPage.Render(DashboardModel.Of(lease.Model)));
        pages.MapGet("/dashboard/search", (string? q, ModelLease lease) =>
        {
            var model = DashboardModel.Of(lease.Model);
            var hits = new List<SearchHit>();
            if (q is { Length: <= 200 })
                foreach (var i in ItemSearch.Find(model, q, 12))
                    hits.Add(new SearchHit(model.Catalog.Ids[i], model.NameOf(i), model.Catalog.Categories[i]?.Replace(">", " › "), model.LinkOf(i)));
            return Results.Ok(new SearchResponse(hits));
        });
    }
}
