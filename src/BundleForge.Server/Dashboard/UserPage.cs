using System.Globalization;
using BundleForge.Privacy;
using BundleForge.Server.Api;
using BundleForge.Server.Events;
using BundleForge.Server.Models;
using BundleForge.Server.Serving;
using BundleForge.Server.Settings;
using static BundleForge.Reports.ReportLayout;

namespace BundleForge.Server.Dashboard;

/// <summary><c>/users?id=…</c>: one customer, looked up by the id the shop uses, as the API sees them: purchase
/// history and live session, recommendations, and priced bundles with their reasons and profit curves. Only the
/// customer asked for is shown; no page lists customers.</summary>
internal static class UserPage
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<IResult> RenderAsync(DashboardModel model, string? userId, string? itemId, Pseudonymizer pseudonymizer, ICustomerEvents sessions, LimitsOptions limits, CancellationToken cancel)
    {
        var id = userId?.Trim() ?? "";
        if (id.Length == 0)
            return DashboardPage.Render(model, "Customers", "/users", sb => { sb.Append("<section><h2>Look up a customer</h2>"); Form(sb, "", itemId); sb.Append("</section>"); });
        if (RequestValidation.IdError(id, "id", limits.MaxIdLength) is { } error)
            return DashboardPage.Render(model, "Customers", "/users", sb => { sb.Append($"<section><h2>Look up a customer</h2><p>{E(error)}</p>"); Form(sb, "", itemId); sb.Append("</section>"); }, StatusCodes.Status400BadRequest);
        var served = model.Served;
        int focus = itemId is null ? -1 : model.Catalog.IndexOf(itemId);
        var user = await Recommendations.ContextOfAsync(served, pseudonymizer.Key(id), sessions, cancel);
        return DashboardPage.Render(model, "Customer " + id, "/users", sb =>
        {
            sb.Append("<section id=\"customer\"><h2>Customer ").Append(E(id)).Append("</h2>");
            Form(sb, id, itemId);
            if (!user.IsKnown)
                sb.Append("<p>The shop has no purchases or visits from this customer yet: they get best sellers and non-personalised bundles.</p>");
            else
            {
                sb.Append("<div class=\"cards\">");
                Card(sb, "products bought", user.History.Length.ToString("N0", Inv));
                Card(sb, "events since training", user.Session.Length.ToString("N0", Inv));
                sb.Append("</div>");
            }
            sb.Append("</section>");

            sb.Append("<section id=\"history\"><h2>What they bought</h2>");
            if (user.History.Length == 0)
                sb.Append("<p>No purchases in the data the model learned from.</p>");
            else
            {
                sb.Append("<p class=\"note\">Most recent first.</p><ul id=\"history-list\">");
                for (int k = user.History.Length - 1; k >= 0; k--)
                    sb.Append($"<li><a href=\"{E(model.LinkOf(user.History[k]))}\">{E(model.NameOf(user.History[k]))}</a></li>");
                sb.Append("</ul>");
            }
            if (user.Session.Length > 0)
            {
                sb.Append("<h3>Since the model was trained</h3><ul id=\"session-list\">");
                foreach (var e in user.Session.Reverse())
                    sb.Append($"<li>{E(Verb(e.Type))} <a href=\"{E(model.LinkOf(e.Item))}\">{E(model.NameOf(e.Item))}</a> <span class=\"note\">{DateTimeOffset.FromUnixTimeSeconds(e.UnixSeconds).ToString("yyyy-MM-dd HH:mm", Inv)} UTC</span></li>");
                sb.Append("</ul>");
            }
            sb.Append("</section>");

            var (items, fallback, _) = Recommendations.For(served, user, 10);
            sb.Append("<section id=\"recommendations\"><h2>Recommended for them</h2>");
            if (fallback is not null)
                sb.Append("<p class=\"note\">Not enough to go on for personal picks: these are best sellers they have not bought.</p>");
            SuggestionTable.Render(sb, model, items, "recommendations-table");
            sb.Append("</section>");

            sb.Append("<section id=\"bundles\"><h2>Bundles for them</h2>");
            if (focus >= 0)
                sb.Append($"<p class=\"note\">Around <a href=\"{E(model.LinkOf(focus))}\">{E(model.NameOf(focus))}</a>, as on that product's page.</p>");
            else if (itemId is not null)
                sb.Append($"<p class=\"note\">The product “{E(itemId)}” is not in the served model; showing their bundles without it.</p>");
            if (served.BundleOffers is { } engine)
                BundleCards.Render(sb, model, engine.Offers(user, [], focus, 3));
            else
                sb.Append("<p>The bundle engine is not in this model (train with <code>--models bundles</code>).</p>");
            sb.Append("</section>");
            PredefinedBundles(sb, model, served, user);
        });
    }

    /// <summary>The shop's predefined bundles ranked for the customer, as <c>/v1/users/{id}/predefined-bundles</c>
    /// answers, when the model has the ranker.</summary>
    private static void PredefinedBundles(System.Text.StringBuilder sb, DashboardModel model, ServingModel served, UserSnapshot user)
    {
        if (PredefinedBundleEndpoints.Ranker(served) is not { } ranker)
            return;
        sb.Append("<section id=\"predefined-bundles\"><h2>The shop's bundles for them</h2><table id=\"predefined-table\"><thead><tr><th>#</th><th>Bundle</th><th>Items</th><th>Price</th><th>Why</th></tr></thead><tbody>");
        int rank = 0;
        foreach (var r in ranker.Rank(user, 5))
        {
            string price = "";
            if (served.Pricer is { } pricer && r.Items.Length >= 2)
            {
                var priced = pricer.Price(user, r.Items.Distinct().ToArray());
                price = $"{priced.Price.ToString("0.00", Inv)} {E(pricer.Currency)} <span class=\"note\">(list {priced.ListPrice.ToString("0.00", Inv)})</span>";
            }
            var names = r.Items.Take(4).Select(i => $"<a href=\"{E(model.LinkOf(i))}\">{E(model.NameOf(i))}</a>");
            string more = r.Items.Length > 4 ? $" and {r.Items.Length - 4} more" : "";
            var because = PredefinedBundleEndpoints.Because(r, ranker, served.Catalog);
            string why = PredefinedBundleEndpoints.Sentence(because, ranker.Model.Takers[r.Bundle] == 0, served.Catalog);
            sb.Append($"<tr><td>{++rank}</td><td>{E(ranker.Model.BundleIds[r.Bundle])}</td><td>{string.Join(", ", names)}{more}</td><td>{price}</td><td>{E(why)}</td></tr>");
        }
        sb.Append("</tbody></table></section>");
    }

    private static void Form(System.Text.StringBuilder sb, string id, string? itemId)
    {
        sb.Append("<form class=\"inline\" action=\"/users\" method=\"get\">");
        if (itemId is not null)
            sb.Append("<input type=\"hidden\" name=\"item\" value=\"").Append(E(itemId)).Append("\">");
        sb.Append($"<input type=\"text\" id=\"customer-id\" name=\"id\" value=\"{E(id)}\" placeholder=\"The customer's id in the shop\" aria-label=\"Customer id\" required>");
        sb.Append("<button type=\"submit\">Look up</button></form>");
    }

    private static string Verb(EventType type) => type switch
    {
        EventType.Purchase => "bought",
        EventType.Cart => "put in the cart",
        EventType.View => "looked at",
        EventType.OfferDeclined => "declined a bundle with",
        EventType.OfferAccepted => "took a bundle with",
        EventType.OfferShown => "was shown a bundle with",
        _ => type.ToString(),
    };
}
