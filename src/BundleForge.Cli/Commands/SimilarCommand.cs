using System.CommandLine;
using BundleForge.Artifacts;
using BundleForge.Embeddings;
using Spectre.Console;

namespace BundleForge.Cli.Commands;

/// <summary><c>bundleforge similar</c>: nearest items by embedding (substitute-like) or best complements (bundle partners).</summary>
internal static class SimilarCommand
{
    public static Command Create()
    {
        var cmd = new Command("similar", "Items similar to an item, or its best complements, from the item2vec component of a model.");
        var model = new Option<string>("--model") { Description = "Model folder written by 'train'.", Required = true };
        var item = new Option<string>("--item") { Description = "The shop's item id.", Required = true };
        var k = new Option<int>("-k") { Description = "How many items.", DefaultValueFactory = _ => 10 };
        var kind = new Option<string>("--kind") { Description = "similar (cosine of item vectors) or complement (bought together beyond chance).", DefaultValueFactory = _ => "similar" };
        var json = JsonOption.Create();
        foreach (var o in new Option[] { model, item, k, kind, json })
            cmd.Options.Add(o);
        cmd.SetAction(CommandHost.Run(parse =>
        {
            int top = parse.GetValue(k);
            if (top < 1)
                throw new DataException("-k must be at least 1.", field: "-k");
            var how = parse.GetValue(kind);
            if (how is not ("similar" or "complement"))
                throw new DataException($"Unknown --kind '{how}' (similar or complement).", field: "--kind");
            var m = Item2VecModel.Load(ModelReader.Open(parse.GetValue(model)!));
            int i = m.IndexOf(parse.GetValue(item)!);
            var hits = how == "similar" ? m.Similar(i, top) : m.Complements(i, top);
            var rows = hits.Select(h => new
            {
                item = m.ItemIds[h.Id],
                title = m.Titles[h.Id],
                score = Math.Round(h.Score, 5),
                similarity = Math.Round(m.Relations.Similarity(i, h.Id), 5),
                lift = Math.Round(m.Relations.Lift(i, h.Id), 4),
                baskets_together = m.Cooccurrence.Count(i, h.Id),
                relation = m.Relations.Classify(i, h.Id).ToString().ToLowerInvariant(),
            }).ToList();
            if (parse.GetValue(json))
            {
                CommandHost.WriteJson(new { item = m.ItemIds[i], title = m.Titles[i], kind = how, results = rows });
                return CommandHost.Ok;
            }
            var t = new Table().Title(Markup.Escape($"{how} to {m.ItemIds[i]} {m.Titles[i]}"))
                .AddColumn("item").AddColumn("title").AddColumn("score").AddColumn("cosine").AddColumn("lift").AddColumn("together").AddColumn("relation");
            foreach (var r in rows)
                t.AddRow(Markup.Escape(r.item), Markup.Escape(r.title ?? ""), $"{r.score:0.000}", $"{r.similarity:0.000}", $"{r.lift:0.00}", $"{r.baskets_together}", r.relation);
            AnsiConsole.Write(t);
            return CommandHost.Ok;
        }));
        return cmd;
    }
}
