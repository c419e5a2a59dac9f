using System.Globalization;
using System.Text;
using BundleForge.Bundles.Explanation;
using BundleForge.Bundles.Pricing;
using BundleForge.Reports;
using BundleForge.Server.Serving;
using static BundleForge.Reports.ReportLayout;

namespace BundleForge.Server.Dashboard;

/// <summary>Priced bundles as the engine serves them: items, price against list, expected profit and acceptance (amounts
/// in the model's currency), the reasons, and the expected-profit curve across the prices the strategy allows — the
/// same points the price sentence compares with; a bundle with one allowed price has no curve.</summary>
internal static class BundleCards
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Render(StringBuilder sb, DashboardModel model, OfferAnswer answer)
    {
        var bundles = answer.Bundles;
        if (bundles.Count == 0)
        {
            sb.Append("<p>The engine offers no bundle here: no combination is worth a discount under the shop's strategy (")
              .Append(E(answer.Withheld.Summary())).Append(").</p>");
            return;
        }
        foreach (var b in bundles)
        {
            sb.Append("<div class=\"bundle\"><h3>");
            for (int k = 0; k < b.Items.Length; k++)
            {
                if (k > 0)
                    sb.Append(" + ");
                sb.Append($"<a href=\"{E(model.LinkOf(b.Items[k]))}\">{E(model.NameOf(b.Items[k]))}</a>");
                // As in the recommendation tables: the merchant should see the product is untested.
                if (b.IsNewAt(k))
                    sb.Append(" <span class=\"badge new\" title=\"few or no purchases yet: placed because its text is close to what this customer buys\">new</span>");
            }
            sb.Append("</h3>");
            bool offered = b.Quote?.Offered ?? b.Price < b.ListPrice;
            if (offered)
            {
                double discount = b.ListPrice > 0 ? 1 - b.Price / b.ListPrice : 0;
                sb.Append($"<p><span class=\"price\">{E(model.Money(b.Price))}</span><span class=\"list-price\">{E(model.Money(b.ListPrice))}</span> ");
                sb.Append($"<span class=\"badge\">{discount.ToString("0%", Inv)} off</span> · expected profit {E(model.Money(b.ExpectedProfit))} ")
                  .Append($"({E(model.Money(b.ExpectedProfitInterval.Low))}–{E(model.Money(b.ExpectedProfitInterval.High))}) · chance the customer takes it {b.Acceptance.ToString("0%", Inv)} ");
                string interval = $"{b.AcceptanceInterval.Low.ToString("0%", Inv)}–{b.AcceptanceInterval.High.ToString("0%", Inv)}, 90% interval";
                // An interval such as 4%–99% says nothing by itself: say why it is that wide.
                if (b.LittleEvidence)
                    sb.Append($"<span class=\"badge evidence\" title=\"{interval}: wider than {AcceptanceEvidence.WideInterval.ToString("0%", Inv)}\">")
                      .Append(E(AcceptanceEvidence.Label(b.Responses))).Append("</span></p>");
                else
                    sb.Append($"({interval})</p>");
            }
            else
                sb.Append($"<p><span class=\"badge\">not offered</span> list price {E(model.Money(b.ListPrice))}</p>");
            var reasons = b.Reasons ?? [b.Explanation];
            sb.Append("<ul class=\"reasons\">");
            foreach (var r in reasons)
                sb.Append("<li>").Append(E(Sentence(r))).Append("</li>");
            sb.Append("</ul>");
            if (b.Quote is { } q && AllowedPrices.HasCurve(q))
            {
                var allowed = AllowedPrices.Of(q);
                var points = allowed.Select(k => (q.Curve[k].Discount < 0.0005 ? "list" : "−" + (q.Curve[k].Discount * 100).ToString("0.#", Inv) + "%", q.Curve[k].ExpectedProfit)).ToList();
                Figure(sb, "Expected profit of the bundle at each price the strategy allows (the green dot is the price chosen)",
                    SvgChart.Line(points, MoneyFormat.Titled("expected profit", model.Currency), "expected profit by discount", Array.IndexOf(allowed, q.Chosen), "0.00"));
            }
            sb.Append("</div>");
        }
    }

    private static string Sentence(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..] + (s.EndsWith('.') ? "" : ".");
}
