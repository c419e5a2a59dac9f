using System.Net;
using System.Text;

namespace BundleForge.Reports;

/// <summary>The page shell shared by the static report and the served dashboard: head with inline styles, header,
/// navigation and footer with the inline table script, so both look and behave the same and need no external asset.</summary>
public static class ReportLayout
{
    /// <summary>Opens a page: document head, a header with <paramref name="title"/> and <paramref name="subtitle"/>,
    /// the navigation (the link whose href equals <paramref name="current"/> is marked) and the main element.</summary>
    public static void Open(StringBuilder sb, string title, string subtitle, IReadOnlyList<(string Href, string Label)> nav, string? current = null)
    {
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        // An empty icon: without it the browser asks for /favicon.ico, which a static file cannot answer.
        sb.Append("<link rel=\"icon\" href=\"data:,\">");
        sb.Append("<title>").Append(E(title)).Append("</title><style>").Append(Css).Append("</style></head><body>");
        sb.Append("<header><h1>").Append(E(title)).Append("</h1><p class=\"sub\">").Append(E(subtitle)).Append("</p></header><nav>");
        foreach (var (href, label) in nav)
            sb.Append("<a href=\"").Append(E(href)).Append('"').Append(href == current ? " aria-current=\"page\"" : "").Append('>').Append(E(label)).Append("</a>");
        sb.Append("</nav><main>");
    }

    /// <summary>Closes what <see cref="Open"/> opened, with the footer and the table script.</summary>
    public static void Close(StringBuilder sb, string footer)
    {
        sb.Append("</main><footer>").Append(E(footer)).Append("</footer><script>").Append(Script).Append("</script></body></html>");
    }

    /// <summary>A headline figure (value above its label).</summary>
    public static void Card(StringBuilder sb, string label, string value) =>
        sb.Append($"<div class=\"card\"><div class=\"v\">{E(value)}</div><div class=\"l\">{E(label)}</div></div>");

    /// <summary>A chart with its caption.</summary>
    public static void Figure(StringBuilder sb, string caption, string svg) =>
        sb.Append($"<figure>{svg}<figcaption>{E(caption)}</figcaption></figure>");

    /// <summary>HTML-encodes text for element content and attribute values.</summary>
    public static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    private const string Css = """
        :root{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2937;background:#f8fafc}
        body{margin:0}header{background:#1e3a8a;color:#fff;padding:16px 24px}header h1{margin:0;font-size:1.5rem}
        .sub{color:#c7d2fe;font-size:.85rem;margin:.3rem 0 0;overflow-wrap:anywhere}h3 .sub,section .sub{color:#6b7280}
        nav{display:flex;gap:16px;padding:8px 24px;background:#e0e7ff;flex-wrap:wrap}nav a{color:#1e3a8a;text-decoration:none;font-weight:600}
        nav a[aria-current=page]{text-decoration:underline}
        main{padding:8px 24px;max-width:1200px;margin:auto}section{background:#fff;border-radius:8px;padding:12px 20px;margin:16px 0;box-shadow:0 1px 3px #0001;overflow-wrap:anywhere}
        .cards{display:flex;flex-wrap:wrap;gap:12px}.card{background:#eef2ff;border-radius:8px;padding:10px 16px;min-width:120px}
        .card .v{font-size:1.3rem;font-weight:700}.card .l{color:#4b5563;font-size:.85rem}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(320px,100%),1fr));gap:16px}figure{margin:12px 0}figcaption{color:#4b5563;font-size:.9rem}
        table{border-collapse:collapse;width:100%;font-size:.9rem;overflow-wrap:normal}th,td{padding:4px 8px;border-bottom:1px solid #e5e7eb;text-align:left}
        th{background:#f1f5f9;position:sticky;top:0}table.sortable th{cursor:pointer}.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        table.small{width:auto;min-width:min(320px,100%)}.total td{font-weight:700}.scroll{max-height:520px;overflow:auto;max-width:100%}
        .hscroll{overflow-x:auto;max-width:100%}
        input[type=search],input[type=text]{width:100%;max-width:420px;padding:6px 10px;margin:8px 0;border:1px solid #cbd5e1;border-radius:6px;box-sizing:border-box}
        button{padding:6px 14px;border:0;border-radius:6px;background:#1e3a8a;color:#fff;font-weight:600;cursor:pointer}
        form.inline{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
        .note{color:#6b7280;font-size:.85rem}footer{color:#6b7280;font-size:.8rem;padding:16px 24px}
        .bundle{border:1px solid #e5e7eb;border-radius:8px;padding:8px 14px;margin:12px 0}.price{font-size:1.2rem;font-weight:700;color:#166534}
        .list-price{text-decoration:line-through;color:#6b7280;margin-left:8px}ul.reasons{margin:6px 0;padding-left:20px}
        .loading{color:#6b7280;font-style:italic}.badge{display:inline-block;background:#fef3c7;color:#92400e;border-radius:4px;padding:0 6px;font-size:.8rem}
        a{color:#1d4ed8}
        @media (max-width:600px){main{padding:4px 8px}td{min-width:5.5em}td.num{min-width:0}section{padding:8px 10px}th,td{padding:3px 4px;font-size:.8rem}header{padding:12px}nav{padding:8px 12px;gap:10px}}
        """;

    private const string Script = """
        (function(){
          var f=document.getElementById('rule-filter'),t=document.getElementById('rules-table');
          if(f&&t){var apply=function(){var q=f.value.toLowerCase(),shown=0;
            t.tBodies[0].querySelectorAll('tr').forEach(function(r){var on=r.textContent.toLowerCase().indexOf(q)>=0;r.style.display=on?'':'none';if(on)shown++;});
            var c=document.getElementById('rule-count');if(c)c.textContent=shown+' rules shown';};
            f.addEventListener('input',apply);if(f.value)apply();}
          document.querySelectorAll('table.sortable th').forEach(function(th,i){th.addEventListener('click',function(){
            var tb=th.closest('table').tBodies[0],rows=Array.from(tb.rows),num=th.classList.contains('num'),asc=th.dataset.asc!=='1';
            rows.sort(function(a,b){var x=a.cells[i].textContent,y=b.cells[i].textContent;
              var c=num?(parseFloat(x.replace(/,/g,''))-parseFloat(y.replace(/,/g,''))):x.localeCompare(y);return asc?c:-c;});
            th.dataset.asc=asc?'1':'0';rows.forEach(function(r){tb.appendChild(r);});});});
        })();
        """;
}
