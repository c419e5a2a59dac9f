using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BundleForge.Artifacts;
using BundleForge.Data;
using BundleForge.Mining;

namespace BundleForge.Reports;

/// <summary>One self-contained HTML page describing a model folder for merchants and analysts: the data it learned
/// from, the cleaning, the strongest product links (table and network) and each model's evaluation figures.
/// No external assets: charts are inline SVG, the table filter is a few lines of inline script.</summary>
public static class HtmlReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(ModelReader model, int maxRules = 300)
    {
        var m = model.Manifest;
        ItemCatalog? catalog = model.Has(CatalogComponent.Component) ? CatalogComponent.Load(model) : null;
        DataSummary? summary = model.Has(DataSummary.Component) ? DataSummary.Load(model) : null;
        RulesModel? rules = model.Has(RulesModel.Component) ? RulesModel.Load(model) : null;
        string Name(int item, string[] ids) => catalog is not null && catalog.IndexOf(ids[item]) is var i and >= 0 ? catalog.NameOf(i) : ids[item];

        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append("<title>BundleForge report</title><style>").Append(Css).Append("</style></head><body>");
        sb.Append("<header><h1>BundleForge report</h1>");
        sb.Append($"<p class=\"sub\">Model {E(m.ModelVersion)} · trained {m.CreatedUtc.ToString("yyyy-MM-dd HH:mm", Inv)} UTC · data format {E(m.DataFormat)} · components: {E(string.Join(", ", m.Components.Keys))}</p></header>");
        sb.Append("<nav><a href=\"#overview\">Overview</a><a href=\"#cleaning\">Cleaning</a><a href=\"#rules\">Product links</a><a href=\"#models\">Models</a></nav><main>");

        sb.Append("<section id=\"overview\"><h2>What the shop's data looks like</h2>");
        if (summary is null) sb.Append("<p>This model folder has no data summary.</p>");
        else
        {
            sb.Append("<div class=\"cards\">");
            Card(sb, "customers", summary.Users.ToString("N0", Inv));
            Card(sb, "products", summary.Items.ToString("N0", Inv));
            Card(sb, "orders", summary.Orders.ToString("N0", Inv));
            Card(sb, "items per order", summary.MeanBasketSize.ToString("0.0", Inv));
            if (summary.From is { } f && summary.To is { } t) Card(sb, "period", $"{f:yyyy-MM-dd} → {t:yyyy-MM-dd}");
            Card(sb, "popularity Gini", summary.PopularityGini.ToString("0.00", Inv));
            sb.Append("</div><div class=\"grid\">");
            if (summary.OrdersPerWeek.Count > 0)
                Figure(sb, "Orders per week", SvgChart.Line(summary.OrdersPerWeek.Select(kv => (kv.Key[2..], (double)kv.Value)).ToList(), "orders"));
            Figure(sb, "Items per order", SvgChart.Bars(summary.BasketSizeHistogram.Select(kv => (kv.Key.Length > 4 ? kv.Key[4..] : kv.Key, (double)kv.Value)).ToList(), "orders"));
            Figure(sb, "How concentrated sales are: share of purchases taken by the top x% of products",
                SvgChart.Line(summary.PopularityCurve.Where((_, i) => i % 5 == 0).Select(p => ($"{p[0] * 100:0}%", p[1] * 100)).ToList(), "% of purchases"));
            sb.Append("</div>");
        }
        sb.Append("</section>");

        sb.Append("<section id=\"cleaning\"><h2>Cleaning</h2>");
        if (summary is not null)
        {
            sb.Append("<table class=\"small\"><thead><tr><th>rows</th><th class=\"num\">count</th></tr></thead><tbody>");
            sb.Append($"<tr><td>read</td><td class=\"num\">{summary.RowsRead:N0}</td></tr>");
            foreach (var (reason, n) in summary.Removed) sb.Append($"<tr><td>removed: {E(reason.Replace('_', ' '))}</td><td class=\"num\">{n:N0}</td></tr>");
            sb.Append($"<tr class=\"total\"><td>kept</td><td class=\"num\">{summary.RowsKept:N0}</td></tr>");
            foreach (var (reason, n) in summary.Changed) sb.Append($"<tr><td>flagged: {E(reason.Replace('_', ' '))}</td><td class=\"num\">{n:N0}</td></tr>");
            sb.Append("</tbody></table>");
            foreach (var note in summary.Notes) sb.Append($"<p class=\"note\">{E(note)}</p>");
        }
        sb.Append("</section>");

        sb.Append("<section id=\"rules\"><h2>Products bought together</h2>");
        if (rules is null) sb.Append("<p>Train with <code>--models rules</code> to see association rules.</p>");
        else
        {
            var top = rules.Rules.OrderByDescending(r => r.Lift * Math.Log(1 + r.Count)).Take(maxRules).ToList();
            sb.Append($"<p>{rules.Rules.Count:N0} rules mined from {rules.Cooccurrence.Transactions:N0} orders (each in at least {rules.MinCount:N0} orders, confidence ≥ {rules.MinConfidence:P0}). ");
            sb.Append("<b>Confidence</b>: of the orders with the first products, the share that also had the second. <b>Lift</b>: how many times more often than chance.</p>");
            var pairs = rules.Rules.Where(r => r.Antecedent.Length == 1 && r.Consequent.Length == 1)
                .OrderByDescending(r => r.Lift * Math.Log(1 + r.Count)).Take(40).ToList();
            var nodeIndex = new Dictionary<int, int>();
            var nodes = new List<string>();
            var edges = new List<(int, int, double, string)>();
            foreach (var r in pairs)
            {
                int a = Node(r.Antecedent[0]), b = Node(r.Consequent[0]);
                if (a != b) edges.Add((a, b, r.Lift * Math.Log(1 + r.Count), $"{Name(r.Antecedent[0], rules.ItemIds)} → {Name(r.Consequent[0], rules.ItemIds)}: {r.Count} orders, lift {r.Lift:0.0}"));
                int Node(int item)
                {
                    if (nodeIndex.TryGetValue(item, out var k)) return k;
                    nodeIndex[item] = nodes.Count;
                    nodes.Add(Name(item, rules.ItemIds));
                    return nodes.Count - 1;
                }
            }
            Figure(sb, "The strongest product links (hover for the numbers)", SvgChart.Network(nodes, edges, "network of product links"));
            sb.Append("<input id=\"rule-filter\" type=\"search\" placeholder=\"Filter rules by product name…\" aria-label=\"Filter rules\">");
            sb.Append("<div class=\"scroll\"><table id=\"rules-table\" class=\"sortable\"><thead><tr><th>customers who buy</th><th>also buy</th><th class=\"num\">orders</th><th class=\"num\">support</th><th class=\"num\">confidence</th><th class=\"num\">lift</th></tr></thead><tbody>");
            foreach (var r in top)
            {
                sb.Append("<tr><td>").Append(E(string.Join(" + ", r.Antecedent.Select(i => Name(i, rules.ItemIds))))).Append("</td><td>")
                  .Append(E(string.Join(" + ", r.Consequent.Select(i => Name(i, rules.ItemIds))))).Append("</td>")
                  .Append($"<td class=\"num\">{r.Count}</td><td class=\"num\">{r.Support.ToString("0.0000", Inv)}</td><td class=\"num\">{r.Confidence.ToString("0.000", Inv)}</td><td class=\"num\">{r.Lift.ToString("0.00", Inv)}</td></tr>");
            }
            sb.Append("</tbody></table></div>");
        }
        sb.Append("</section>");

        sb.Append("<section id=\"models\"><h2>Models and evaluation</h2>");
        foreach (var (name, component) in m.Components)
        {
            if (name is CatalogComponent.Component or DataSummary.Component) continue;
            sb.Append($"<h3>{E(name)} <span class=\"sub\">({E(component.Kind)})</span></h3>");
            var flat = Flatten(component.Metrics);
            if (flat.Count > 0)
            {
                sb.Append("<table class=\"small\"><tbody>");
                foreach (var (k, v) in flat) sb.Append($"<tr><td>{E(k)}</td><td class=\"num\">{E(v)}</td></tr>");
                sb.Append("</tbody></table>");
            }
            var comparison = Comparison(component.Metrics);
            if (comparison is { } c) Figure(sb, $"{c.Metric}: the model against its baselines", SvgChart.Bars(c.Bars, c.Metric, 0, "0.000"));
            var parameters = Flatten(component.Parameters);
            if (parameters.Count > 0) sb.Append($"<p class=\"note\">parameters: {E(string.Join(", ", parameters.Select(p => $"{p.Key}={p.Value}")))}</p>");
        }
        sb.Append("</section></main>");
        sb.Append("<footer>Made by BundleForge. Figures come from the model folder's manifest and components.</footer>");
        sb.Append("<script>").Append(Script).Append("</script></body></html>");
        return sb.ToString();
    }

    /// <summary>Writes the report through a temporary file so a reader never sees half a page.</summary>
    public static void Write(ModelReader model, string path)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new DataException("The folder of the report does not exist.", path, field: "--out");
        var tmp = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllText(tmp, Render(model), new UTF8Encoding(false));
            File.Move(tmp, full, overwrite: true);
        }
        catch (UnauthorizedAccessException e) { throw new DataException($"Cannot write the report: {e.Message}", path, field: "--out"); }
        finally { if (File.Exists(tmp)) File.Delete(tmp); }
    }

    private static void Card(StringBuilder sb, string label, string value) =>
        sb.Append($"<div class=\"card\"><div class=\"v\">{E(value)}</div><div class=\"l\">{E(label)}</div></div>");

    private static void Figure(StringBuilder sb, string caption, string svg) =>
        sb.Append($"<figure>{svg}<figcaption>{E(caption)}</figcaption></figure>");

    private static List<KeyValuePair<string, string>> Flatten(JsonObject o, string prefix = "")
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var (k, v) in o)
        {
            var key = prefix.Length == 0 ? k : $"{prefix}.{k}";
            if (v is JsonObject child) list.AddRange(Flatten(child, key));
            else if (v is JsonValue val)
                list.Add(new(key, val.TryGetValue<double>(out var d) ? (Math.Abs(d) >= 1000 || d == Math.Floor(d) ? d.ToString("N0", Inv) : d.ToString("0.0000", Inv)) : val.ToString()));
        }
        return list;
    }

    /// <summary>Finds <c>metrics</c> + <c>baselines</c> in the evaluate JSON shape and compares one metric.</summary>
    private static (string Metric, List<(string, double)> Bars)? Comparison(JsonObject metrics)
    {
        if (metrics["metrics"] is not JsonObject own || metrics["baselines"] is not JsonObject baselines) return null;
        foreach (var metric in new[] { "ndcg@10", "hr@10", "recall@20", "bundle_hit_rate" })
        {
            if (own[metric] is not JsonValue v || !v.TryGetValue<double>(out var x)) continue;
            var bars = new List<(string, double)> { ("model", x) };
            foreach (var (name, b) in baselines)
                if (b is JsonObject bo && bo[metric] is JsonValue bv && bv.TryGetValue<double>(out var y)) bars.Add((name, y));
            return (metric, bars);
        }
        return null;
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private const string Css = """
        :root{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2937;background:#f8fafc}
        body{margin:0}header{background:#1e3a8a;color:#fff;padding:16px 24px}header h1{margin:0;font-size:1.5rem}
        .sub{color:#c7d2fe;font-size:.85rem;margin:.3rem 0 0}h3 .sub{color:#6b7280}
        nav{display:flex;gap:16px;padding:8px 24px;background:#e0e7ff;flex-wrap:wrap}nav a{color:#1e3a8a;text-decoration:none;font-weight:600}
        main{padding:8px 24px;max-width:1200px;margin:auto}section{background:#fff;border-radius:8px;padding:12px 20px;margin:16px 0;box-shadow:0 1px 3px #0001}
        .cards{display:flex;flex-wrap:wrap;gap:12px}.card{background:#eef2ff;border-radius:8px;padding:10px 16px;min-width:120px}
        .card .v{font-size:1.3rem;font-weight:700}.card .l{color:#4b5563;font-size:.85rem}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:16px}figure{margin:12px 0}figcaption{color:#4b5563;font-size:.9rem}
        table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{padding:4px 8px;border-bottom:1px solid #e5e7eb;text-align:left}
        th{background:#f1f5f9;cursor:pointer;position:sticky;top:0}.num{text-align:right;font-variant-numeric:tabular-nums}
        table.small{width:auto;min-width:320px}.total td{font-weight:700}.scroll{max-height:520px;overflow:auto}
        input[type=search]{width:100%;max-width:420px;padding:6px 10px;margin:8px 0;border:1px solid #cbd5e1;border-radius:6px}
        .note{color:#6b7280;font-size:.85rem}footer{color:#6b7280;font-size:.8rem;padding:16px 24px}
        @media (max-width:600px){main{padding:4px 8px}section{padding:8px 10px}th,td{padding:3px 4px;font-size:.8rem}}
        """;

    private const string Script = """
        (function(){
          var f=document.getElementById('rule-filter'),t=document.getElementById('rules-table');
          if(f&&t){f.addEventListener('input',function(){var q=f.value.toLowerCase();
            t.tBodies[0].querySelectorAll('tr').forEach(function(r){r.style.display=r.textContent.toLowerCase().indexOf(q)>=0?'':'none';});});}
          document.querySelectorAll('table.sortable th').forEach(function(th,i){th.addEventListener('click',function(){
            var tb=th.closest('table').tBodies[0],rows=Array.from(tb.rows),num=th.classList.contains('num'),asc=th.dataset.asc!=='1';
            rows.sort(function(a,b){var x=a.cells[i].textContent,y=b.cells[i].textContent;
              var c=num?(parseFloat(x.replace(/,/g,''))-parseFloat(y.replace(/,/g,''))):x.localeCompare(y);return asc?c:-c;});
            th.dataset.asc=asc?'1':'0';rows.forEach(function(r){tb.appendChild(r);});});});
        })();
        """;
}
