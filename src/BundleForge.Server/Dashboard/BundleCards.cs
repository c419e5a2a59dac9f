using System.Globalization;
using System.Text;
using BundleForge.Reports;
using BundleForge.Server.Serving;
using static BundleForge.Reports.ReportLayout;

namespace BundleForge.Server.Dashboard;

/// <summary>Priced bundles as the engine serves them: items, price against list, expected profit and acceptance,
/// the reasons, and the expected-profit curve across the discounts the strategy considers.</summary>
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
            }
            sb.Append("</h3>");
            bool offered = b.Quote?.Offered ?? b.Price < b.ListPrice;
            if (offered)
            {
                double discount = b.ListPrice > 0 ? 1 - b.Price / b.ListPrice : 0;
                sb.Append($"<p><span class=\"price\">{b.Price.ToString("0.00", Inv)}</span><span class=\"list-price\">{b.ListPrice.ToString("0.00", Inv)}</span> ");
                sb.Append($"<span class=\"badge\">{discount.ToString("P0", Inv)} off</span> · expected profit {b.ExpectedProfit.ToString("0.00", Inv)} ")
                  .Append($"({b.ExpectedProfitInterval.Low.ToString("0.00", Inv)}–{b.ExpectedProfitInterval.High.ToString("0.00", Inv)}) · chance the customer takes it {b.Acceptance.ToString("P0", Inv)} ")
                  .Append($"({b.AcceptanceInterval.Low.ToString("P0", Inv)}–{b.AcceptanceInterval.High.ToString("P0", Inv)}, 90% interval)</p>");
            }
            else
                sb.Append($"<p><span class=\"badge\">not offered</span> list price {b.ListPrice.ToString("0.00", Inv)}</p>");
            var reasons = b.Reasons ?? [b.Explanation];
            sb.Append("<ul class=\"reasons\">");
            foreach (var r in reasons)
                sb.Append("<li>").Append(E(Sentence(r))).Append("</li>");
            sb.Append("</ul>");
            if (b.Quote is { Curve.Count: > 0 } q)
            {
                var points = q.Curve.Select(p => (p.Discount < 0.0005 ? "list" : "−" + (p.Discount * 100).ToString("0.#", Inv) + "%", p.ExpectedProfit)).ToList();
                Figure(sb, "Expected profit of the bundle at each discount (the green dot is the price chosen)",
                    SvgChart.Line(points, "expected profit", "expected profit by discount", q.Chosen, "0.00"));
            }
            sb.Append("</div>");
        }
    }

    private static string Sentence(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..] + (s.EndsWith('.') ? "" : ".");
}
