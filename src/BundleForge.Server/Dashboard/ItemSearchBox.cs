using System.Text;
using static BundleForge.Reports.ReportLayout;

namespace BundleForge.Server.Dashboard;

/// <summary>The item search form: it works as a plain GET form, and while typing it fetches matches from
/// <c>/dashboard/search</c> and lists them under the box (with a loading line while the answer is on its way).</summary>
internal static class ItemSearchBox
{
    public static void Render(StringBuilder sb, string query)
    {
        sb.Append("<form class=\"inline\" action=\"/items\" method=\"get\" role=\"search\">");
        sb.Append($"<input type=\"search\" id=\"item-search\" name=\"q\" value=\"{E(query)}\" placeholder=\"Product name or id…\" aria-label=\"Find a product by name or id\" autocomplete=\"off\">");
        sb.Append("<button type=\"submit\">Find</button></form><div id=\"item-suggestions\" aria-live=\"polite\"></div>");
        sb.Append("<script>").Append(Script).Append("</script>");
    }

    private const string Script = """
        (function(){
          var box=document.getElementById('item-search'),out=document.getElementById('item-suggestions'),timer=0,seq=0;
          if(!box||!out)return;
          box.addEventListener('input',function(){
            clearTimeout(timer);var q=box.value.trim();
            if(q.length<2){out.textContent='';return;}
            out.innerHTML='<p class="loading">Searching…</p>';
            timer=setTimeout(function(){
              var mine=++seq;
              fetch('/dashboard/search?q='+encodeURIComponent(q)).then(function(r){return r.ok?r.json():{items:[]};}).then(function(d){
                if(mine!==seq)return;
                out.textContent='';
                if(!d.items.length){out.innerHTML='<p class="note">No product matches.</p>';return;}
                var ul=document.createElement('ul');ul.className='suggestions';
                d.items.forEach(function(it){var li=document.createElement('li'),a=document.createElement('a');
                  a.href=it.url;a.textContent=it.title;li.appendChild(a);
                  var s=document.createElement('span');s.className='note';s.textContent=' '+it.item_id+(it.category?' · '+it.category:'');li.appendChild(s);ul.appendChild(li);});
                out.appendChild(ul);
              }).catch(function(){if(mine===seq)out.innerHTML='<p class="note">Search is not available right now.</p>';});
            },200);
          });
        })();
        """;
}
