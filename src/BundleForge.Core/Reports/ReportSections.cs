using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BundleForge.Artifacts;
using BundleForge.Mining;
using static BundleForge.Reports.ReportLayout;

namespace BundleForge.Reports;

/// <summary>The sections of a model report (data, cleaning, product links, evaluation) as HTML fragments, rendered
/// by the static <see cref="HtmlReport"/> and by the served dashboard from the same code.</summary>
public static class ReportSections
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Data size cards and the orders-over-time, basket-size and popularity charts.</summary>
    public static void Overview(StringBuilder sb, DataSummary? summary)
    {
        sb.Append("<section id=\"overview\"><h2>What the shop's data looks like</h2>");
        if (summary is null)
        { sb.Append("<p>This model folder has no data summary.</p></section>"); return; }
        sb.Append("<div class=\"cards\">");
        Card(sb, "customers", summary.Users.ToString("N0", Inv));
        Card(sb, "products", summary.Items.ToString("N0", Inv));
        Card(sb, "orders", summary.Orders.ToString("N0", Inv));
        Card(sb, "items per order", summary.MeanBasketSize.ToString("0.0", Inv));
        if (summary.From is { } f && summary.To is { } t)
            Card(sb, "period", $"{f:yyyy-MM-dd} → {t:yyyy-MM-dd}");
        Card(sb, "popularity Gini", summary.PopularityGini.ToString("0.00", Inv));
        sb.Append("</div><div class=\"grid\">");
        if (summary.OrdersPerWeek.Count > 0)
            Figure(sb, "Orders per week", SvgChart.Line(summary.OrdersPerWeek.Select(kv => (kv.Key[2..], (double)kv.Value)).ToList(), "orders"));
        Figure(sb, "Items per order", SvgChart.Bars(summary.BasketSizeHistogram.Select(kv => (kv.Key.Length > 4 ? kv.Key[4..] : kv.Key, (double)kv.Value)).ToList(), "orders"));
        Figure(sb, "How concentrated sales are: share of purchases taken by the top x% of products",
            SvgChart.Line(summary.PopularityCurve.Where((_, i) => i % 5 == 0).Select(p => ($"{p[0] * 100:0}%", p[1] * 100)).ToList(), "% of purchases"));
        sb.Append("</div></section>");
    }

    /// <summary>Rows read, removed (by reason), kept and flagged, with the cleaner's notes.</summary>
    public static void Cleaning(StringBuilder sb, DataSummary? summary)
    {
        sb.Append("<section id=\"cleaning\"><h2>Cleaning</h2>");
        if (summary is null)
        { sb.Append("<p>This model folder has no cleaning report.</p></section>"); return; }
        sb.Append("<div class=\"hscroll\"><table class=\"small\" id=\"cleaning-table\"><thead><tr><th>rows</th><th class=\"num\">count</th></tr></thead><tbody>");
        sb.Append($"<tr><td>read</td><td class=\"num\">{summary.RowsRead.ToString("N0", Inv)}</td></tr>");
        foreach (var (reason, n) in summary.Removed)
            sb.Append($"<tr><td>removed: {E(reason.Replace('_', ' '))}</td><td class=\"num\">{n.ToString("N0", Inv)}</td></tr>");
        sb.Append($"<tr class=\"total\"><td>kept</td><td class=\"num\">{summary.RowsKept.ToString("N0", Inv)}</td></tr>");
        foreach (var (reason, n) in summary.Changed)
            sb.Append($"<tr><td>flagged: {E(reason.Replace('_', ' '))}</td><td class=\"num\">{n.ToString("N0", Inv)}</td></tr>");
        sb.Append("</tbody></table></div>");
        foreach (var note in summary.Notes)
            sb.Append($"<p class=\"note\">{E(note)}</p>");
        sb.Append("</section>");
    }

    /// <summary>The network of the strongest item links and the filterable, sortable rule table. <paramref name="name"/>
    /// gives an item's title by the rules' item index; <paramref name="link"/>, when given, the page of an item.</summary>
    public static void Rules(StringBuilder sb, RulesModel? rules, Func<int, string> name, Func<int, string?>? link = null, int maxRules = 300, string filter = "")
    {
        sb.Append("<section id=\"rules\"><h2>Products bought together</h2>");
        if (rules is null)
        { sb.Append("<p>Train with <code>--models rules</code> to see association rules.</p></section>"); return; }
        var top = rules.Rules.OrderByDescending(r => r.Lift * Math.Log(1 + r.Count)).Take(maxRules).ToList();
        sb.Append($"<p>{rules.Rules.Count.ToString("N0", Inv)} rules mined from {rules.Cooccurrence.Transactions.ToString("N0", Inv)} orders (each in at least {rules.MinCount.ToString("N0", Inv)} orders, confidence ≥ {rules.MinConfidence.ToString("P0", Inv)}). ");
        sb.Append("<b>Support</b>: the share of all orders with every product of the rule. <b>Confidence</b>: of the orders with the first products, the share that also had the second. <b>Lift</b>: how many times more often than chance.</p>");
        var pairs = rules.Rules.Where(r => r.Antecedent.Length == 1 && r.Consequent.Length == 1)
            .OrderByDescending(r => r.Lift * Math.Log(1 + r.Count)).Take(40).ToList();
        var nodeIndex = new Dictionary<int, int>();
        var nodes = new List<string>();
        var edges = new List<(int, int, double, string)>();
        foreach (var r in pairs)
        {
            int a = Node(r.Antecedent[0]), b = Node(r.Consequent[0]);
            if (a != b)
                edges.Add((a, b, r.Lift * Math.Log(1 + r.Count), $"{name(r.Antecedent[0])} → {name(r.Consequent[0])}: {r.Count} orders, lift {r.Lift.ToString("0.0", Inv)}"));
            int Node(int item)
            {
                if (nodeIndex.TryGetValue(item, out var k))
                    return k;
                nodeIndex[item] = nodes.Count;
                nodes.Add(name(item));
                return nodes.Count - 1;
            }
        }
        Figure(sb, "The strongest product links (hover for the numbers)", SvgChart.Network(nodes, edges, "network of product links"));
        sb.Append($"<input id=\"rule-filter\" type=\"search\" placeholder=\"Filter rules by product name…\" aria-label=\"Filter rules\" value=\"{E(filter)}\">");
        sb.Append($"<p class=\"note\" id=\"rule-count\">{top.Count.ToString("N0", Inv)} rules shown</p>");
        sb.Append("<div class=\"scroll\"><table id=\"rules-table\" class=\"sortable\"><thead><tr><th>customers who buy</th><th>also buy</th><th class=\"num\">orders</th><th class=\"num\">support</th><th class=\"num\">confidence</th><th class=\"num\">lift</th></tr></thead><tbody>");
        foreach (var r in top)
        {
            sb.Append("<tr><td>");
            Items(sb, r.Antecedent, name, link);
            sb.Append("</td><td>");
            Items(sb, r.Consequent, name, link);
            sb.Append($"</td><td class=\"num\">{r.Count}</td><td class=\"num\">{r.Support.ToString("0.0000", Inv)}</td><td class=\"num\">{r.Confidence.ToString("0.000", Inv)}</td><td class=\"num\">{r.Lift.ToString("0.00", Inv)}</td></tr>");
        }
        sb.Append("</tbody></table></div></section>");
    }

    /// <summary>Per model component: its kind, its metrics (with a chart against its baselines when it has them) and
    /// its parameters; then the evaluation and backtest result files kept beside the model.</summary>
    public static void Models(StringBuilder sb, ModelManifest manifest, IReadOnlyList<(string Name, JsonObject Result)> results)
    {
        sb.Append("<section id=\"models\"><h2>Models and evaluation</h2>");
        foreach (var (name, component) in manifest.Components)
        {
            if (name is CatalogComponent.Component or DataSummary.Component)
                continue;
            sb.Append($"<h3>{E(name)} <span class=\"sub\">({E(component.Kind)})</span></h3>");
            var flat = Flatten(component.Metrics);
            if (flat.Count > 0)
            {
                sb.Append("<div class=\"hscroll\"><table class=\"small\"><tbody>");
                foreach (var (k, v) in flat)
                    sb.Append($"<tr><td>{E(k)}</td><td class=\"num\">{E(v)}</td></tr>");
                sb.Append("</tbody></table></div>");
            }
            Comparisons(sb, component.Metrics, name);
            var parameters = Flatten(component.Parameters);
            if (parameters.Count > 0)
                sb.Append($"<p class=\"note\">parameters: {E(string.Join(", ", parameters.Select(p => $"{p.Key}={p.Value}")))}</p>");
        }
        sb.Append("</section>");
        sb.Append("<section id=\"results\"><h2>Evaluations and backtests</h2>");
        if (results.Count == 0)
            sb.Append($"<p>No saved results. Save <code>bundleforge evaluate --json</code> or <code>bundleforge backtest --json</code> output as <code>MODEL/{EvaluationResults.Folder}/NAME.json</code> to see them here.</p>");
        foreach (var (name, result) in results)
        {
            sb.Append($"<h3 class=\"result\">{E(name)}</h3>");
            if (result["protocol"] is JsonValue protocol)
                sb.Append($"<p class=\"note\">{E(protocol.ToString())}</p>");
            else if (result["protocol"] is JsonObject described)
                sb.Append($"<p class=\"note\">{E(string.Join(" · ", Flatten(described).Select(p => $"{p.Key.Replace('_', ' ')}: {p.Value}")))}</p>");
            Comparisons(sb, result, name);
            if (EvaluationResults.SimulatedProfit(result) is { } profit)
                Figure(sb, "Simulated shop: incremental profit of the engine against no bundles, a fixed discount and the oracles (clairvoyant: knows each session's valuation, attention and organic draws; willingness-to-pay: knows each session's valuation)"
                    + SimulatedShares(result),
                    SvgChart.Bars(profit, "incremental profit", 0, "0.00"));
        }
        sb.Append("</section>");
    }

    /// <summary>" — the engine reaches X of the clairvoyant oracle's profit and Y of the willingness-to-pay oracle's",
    /// from the shares the result holds.</summary>
    private static string SimulatedShares(JsonObject result)
    {
        if (result["simulation"] is not JsonObject sim)
            return "";
        static double? Share(JsonNode? n) => n is JsonValue v && v.TryGetValue<double>(out var x) ? x : null;
        var parts = new List<string>();
        if (Share(sim["oracle_share"]) is double c)
            parts.Add($"{c.ToString("P1", CultureInfo.InvariantCulture)} of the clairvoyant oracle's profit");
        if (Share(sim["wtp_oracle_share"]) is double w)
            parts.Add($"{w.ToString("P1", CultureInfo.InvariantCulture)} of the willingness-to-pay oracle's");
        return parts.Count == 0 ? "" : " — the engine reaches " + string.Join(" and ", parts);
    }

    private static void Comparisons(StringBuilder sb, JsonObject result, string ownName)
    {
        var all = EvaluationResults.Comparisons(result, "this model").ToList();
        if (all.Count == 0)
            return;
        sb.Append("<div class=\"grid\">");
        foreach (var (metric, bars) in all)
            Figure(sb, bars.Count > 1 ? $"{metric}: {ownName} against its baselines" : metric, SvgChart.Bars(bars, metric, 0, "0.000"));
        sb.Append("</div>");
    }

    private static void Items(StringBuilder sb, int[] items, Func<int, string> name, Func<int, string?>? link)
    {
        for (int k = 0; k < items.Length; k++)
        {
            if (k > 0)
                sb.Append(" + ");
            var href = link?.Invoke(items[k]);
            if (href is null)
                sb.Append(E(name(items[k])));
            else
                sb.Append("<a href=\"").Append(E(href)).Append("\">").Append(E(name(items[k]))).Append("</a>");
        }
    }

    private static List<KeyValuePair<string, string>> Flatten(JsonObject o, string prefix = "")
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var (k, v) in o)
        {
            var key = prefix.Length == 0 ? k : $"{prefix}.{k}";
            if (v is JsonObject child)
                list.AddRange(Flatten(child, key));
            else if (v is JsonValue val)
                list.Add(new(key, val.TryGetValue<double>(out var d) ? (Math.Abs(d) >= 1000 || d == Math.Floor(d) ? d.ToString("N0", Inv) : d.ToString("0.0000", Inv)) : val.ToString()));
        }
        return list;
    }
}
