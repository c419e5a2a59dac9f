using System.Globalization;
using BundleForge.Embeddings;
using BundleForge.Server.Serving;
using static BundleForge.Reports.ReportLayout;

namespace BundleForge.Server.Dashboard;

/// <summary><c>/items</c> (find a product) and <c>/items/{id}</c>: what the server answers for a product page:
/// frequently bought together, similar items and complements with their evidence, and the bundles around it.</summary>
internal static class ItemsPage
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IResult Search(DashboardModel model, string? query) => DashboardPage.Render(model, "Products", "/items", sb =>
    {
        sb.Append("<section id=\"search\"><h2>Find a product</h2>");
        ItemSearchBox.Render(sb, query ?? "");
        if (!string.IsNullOrWhiteSpace(query))
        {
            var search = model.Served.ItemSearch;
            var found = search.Find(query, 50).Select(f => f.Item).ToList();
            sb.Append(search.Method == "letters"
                ? $"<p>{found.Count.ToString("N0", Inv)} products match “{E(query)}”{(found.Count == 50 ? " (the first 50)" : "")}.</p>"
                : $"<p>The {found.Count.ToString("N0", Inv)} products closest in meaning to “{E(query)}” (by their text, with typos forgiven).</p>");
            ItemList(sb, model, found, "search-results");
        }
        else
        {
            sb.Append("<h3>Best sellers</h3>");
            ItemList(sb, model, model.Served.Baseline.PopularItems[..Math.Min(20, model.Served.Baseline.PopularItems.Length)].ToArray(), "best-sellers");
        }
        sb.Append("</section>");
    });

    public static IResult Item(DashboardModel model, string itemId)
    {
        int item = model.Catalog.IndexOf(itemId);
        if (item < 0)
            return DashboardPage.Render(model, "Product not found", "/items", sb =>
            {
                sb.Append($"<section><h2>No product “{E(itemId)}” in the served model</h2><p>Search for it by name:</p>");
                ItemSearchBox.Render(sb, itemId);
                sb.Append("</section>");
            }, StatusCodes.Status404NotFound);
        return DashboardPage.Render(model, model.NameOf(item), "/items", sb =>
        {
            var c = model.Catalog;
            sb.Append("<section id=\"item\"><h2>").Append(E(model.NameOf(item))).Append("</h2><div class=\"cards\">");
            Card(sb, "product id", c.Ids[item]);
            if (c.Categories[item] is { Length: > 0 } category)
                Card(sb, "category", category.Replace(">", " › "));
            if (!float.IsNaN(c.Price[item]))
                Card(sb, "price", model.Money(c.Price[item]));
            sb.Append("</div>");
            ItemSearchBox.Render(sb, "");
            sb.Append("</section>");

            sb.Append("<section id=\"together\"><h2>Frequently bought together</h2><p class=\"note\">What the shop's product page gets from <code>/v1/items/{id}/frequently-bought-together</code>: ")
              .Append("products seen in the same orders first, then popular ones to fill the list.</p>");
            SuggestionTable.Render(sb, model, model.Served.TogetherWith([item], 10, TogetherMode.Relaxed), "fbt-table");
            sb.Append("</section>");

            Neighbours(sb, model, item);

            sb.Append("<section id=\"bundles\"><h2>Bundles with this product</h2><p class=\"note\">For a visitor the shop knows nothing about.</p>");
            if (model.Served.BundleOffers is { } engine)
                BundleCards.Render(sb, model, engine.Offers(new UserSnapshot("", [], []), [], item, 2));
            else
                sb.Append("<p>The bundle engine is not in this model (train with <code>--models bundles</code>).</p>");
            sb.Append("</section>");

            sb.Append("<section id=\"customer\"><h2>For one customer</h2><p>See what a customer would get on this product's page: their bundles around it, priced for them.</p>");
            sb.Append("<form class=\"inline\" action=\"/users\" method=\"get\"><input type=\"hidden\" name=\"item\" value=\"").Append(E(c.Ids[item])).Append("\">");
            sb.Append("<input type=\"text\" id=\"customer-id\" name=\"id\" placeholder=\"The customer's id in the shop\" aria-label=\"Customer id\" required>");
            sb.Append("<button type=\"submit\">Open customer</button></form></section>");
        });
    }

    /// <summary>Similar items (substitutes, by item vectors) and complements (bought together beyond chance).</summary>
    private static void Neighbours(System.Text.StringBuilder sb, DashboardModel model, int item)
    {
        sb.Append("<section id=\"similar\"><h2>Similar products and complements</h2>");
        var vectors = model.Embeddings;
        if (vectors is null)
        { sb.Append("<p>Train with <code>--models item2vec</code> to see similar products and complements.</p></section>"); return; }
        Neighbor[] similar, complements;
        int i;
        try
        {
            i = vectors.IndexOf(model.Catalog.Ids[item]);
            similar = vectors.Similar(i, 8);
            complements = vectors.Complements(i, 8);
        }
        catch (DataException e)
        {
            sb.Append($"<p>No vector for this product: {E(e.Reason)}</p></section>");
            return;
        }
        sb.Append("<div class=\"grid\">");
        Table(sb, model, vectors, i, similar, "Similar (could replace it)", "similar-table");
        Table(sb, model, vectors, i, complements, "Complements (go with it)", "complements-table");
        sb.Append("</div></section>");
    }

    private static void Table(System.Text.StringBuilder sb, DashboardModel model, Item2VecModel vectors, int i, Neighbor[] hits, string title, string id)
    {
        sb.Append($"<div><h3>{E(title)}</h3>");
        if (hits.Length == 0)
        { sb.Append("<p>None found.</p></div>"); return; }
        sb.Append($"<div class=\"hscroll\"><table id=\"{id}\"><thead><tr><th>product</th><th class=\"num\">similarity</th><th class=\"num\">lift</th><th class=\"num\">orders together</th></tr></thead><tbody>");
        foreach (var h in hits)
        {
            int served = model.Catalog.IndexOf(vectors.ItemIds[h.Id]);
            var name = served >= 0 ? model.NameOf(served) : vectors.Titles[h.Id] ?? vectors.ItemIds[h.Id];
            sb.Append("<tr><td>").Append(served >= 0 ? $"<a href=\"{E(model.LinkOf(served))}\">{E(name)}</a>" : E(name)).Append("</td>");
            sb.Append($"<td class=\"num\">{vectors.Relations.Similarity(i, h.Id).ToString("0.00", Inv)}</td><td class=\"num\">{vectors.Relations.Lift(i, h.Id).ToString("0.0", Inv)}×</td><td class=\"num\">{vectors.Cooccurrence.Count(i, h.Id).ToString("N0", Inv)}</td></tr>");
        }
        sb.Append("</tbody></table></div></div>");
    }

    private static void ItemList(System.Text.StringBuilder sb, DashboardModel model, IReadOnlyList<int> items, string id)
    {
        if (items.Count == 0)
        { sb.Append("<p>No products.</p>"); return; }
        sb.Append($"<div class=\"hscroll\"><table id=\"{id}\"><thead><tr><th>product</th><th>id</th><th>category</th><th class=\"num\">price</th></tr></thead><tbody>");
        foreach (var i in items)
        {
            double p = model.Catalog.Price[i];
            sb.Append($"<tr><td><a href=\"{E(model.LinkOf(i))}\">{E(model.NameOf(i))}</a></td><td>{E(model.Catalog.Ids[i])}</td><td>{E(model.Catalog.Categories[i]?.Replace(">", " › "))}</td><td class=\"num\">{E(model.Money(p))}</td></tr>");
        }
        sb.Append("</tbody></table></div>");
    }
}
