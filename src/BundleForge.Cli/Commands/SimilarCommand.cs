using System.CommandLine;
using BundleForge.Artifacts;
using BundleForge.Embeddings;
using Spectre.Console;

namespace BundleForge.Cli.Commands;

/// <summary><c>bundleforge similar</c>: an item's substitutes (<c>--kind similar</c>) or complements (<c>--kind
/// complement</c>). With a <c>text</c> component both signals decide (substitutes: the same kind of product, close
/// in text, bought together or not; complements: bought together, of different kinds); without one, the item2vec component answers as before.</summary>
internal static class SimilarCommand
{
    private sealed record Row(string Item, string? Title, double Score, double Similarity, double Lift, int BasketsTogether, string Relation);

    public static Command Create()
    {
        var cmd = new Command("similar", "An item's substitutes or its best complements, from the text vectors and co-purchases of a model (else its item2vec component).");
        var model = new Option<string>("--model") { Description = "Model folder written by 'train'.", Required = true };
        var item = new Option<string>("--item") { Description = "The shop's item id.", Required = true };
        var k = new Option<int>("-k") { Description = "How many items.", DefaultValueFactory = _ => 10 };
        var kind = new Option<string>("--kind") { Description = "similar (substitutes: the same kind of product, bought together or not) or complement (bought together beyond chance, of different kinds).", DefaultValueFactory = _ => "similar" };
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
            var reader = ModelReader.Open(parse.GetValue(model)!);
            var (id, title, signals, rows) = reader.Has(ItemTextVectors.Component)
                ? FromText(reader, parse.GetValue(item)!, how == "similar", top)
                : FromItem2Vec(reader, parse.GetValue(item)!, how == "similar", top);
            if (parse.GetValue(json))
            {
                CommandHost.WriteJson(new { item = id, title, kind = how, signals, results = rows });
                return CommandHost.Ok;
            }
            var t = new Table().Title(Markup.Escape($"{how} to {id} {title} ({signals})"))
                .AddColumn("item").AddColumn("title").AddColumn("score").AddColumn("cosine").AddColumn("lift").AddColumn("together").AddColumn("relation");
            foreach (var r in rows)
                t.AddRow(Markup.Escape(r.Item), Markup.Escape(r.Title ?? ""), $"{r.Score:0.000}", $"{r.Similarity:0.000}", $"{r.Lift:0.00}", $"{r.BasketsTogether}", r.Relation);
            AnsiConsole.Write(t);
            return CommandHost.Ok;
        }));
        return cmd;
    }

    /// <summary>Text closeness and co-purchase (<see cref="TextRelationScorer"/>); the cosine column is the text cosine.</summary>
    private static (string Id, string? Title, string Signals, List<Row> Rows) FromText(ModelReader reader, string itemId, bool substitutes, int top)
    {
        var catalog = CatalogComponent.Load(reader);
        var vectors = ItemTextVectors.Load(reader, catalog);
        var relations = new TextRelationScorer(vectors, ItemTextVectors.LoadCooccurrence(reader, catalog.Count), catalog.Categories);
        int i = catalog.IndexOf(itemId);
        if (i < 0)
            throw new DataException($"Unknown item '{itemId}': it is not in the model's catalog.", field: "--item");
        var hits = substitutes ? relations.Substitutes(i, top) : relations.Complements(i, top);
        var rows = hits.Select(h => new Row(catalog.Ids[h.Id], catalog.Titles[h.Id], Math.Round(h.Score, 5), Math.Round(relations.Cosine(i, h.Id), 5),
            Math.Round(relations.Lift(i, h.Id), 4), relations.Together(i, h.Id), relations.Classify(i, h.Id).ToString().ToLowerInvariant())).ToList();
        return (catalog.Ids[i], catalog.Titles[i], "text + co-purchase", rows);
    }

    /// <summary>The item2vec component's vectors (cosine of item vectors, complements by <see cref="PairRelationScorer"/>).</summary>
    private static (string Id, string? Title, string Signals, List<Row> Rows) FromItem2Vec(ModelReader reader, string itemId, bool similar, int top)
    {
        var m = Item2VecModel.Load(reader);
        int i = m.IndexOf(itemId);
        var hits = similar ? m.Similar(i, top) : m.Complements(i, top);
        var rows = hits.Select(h => new Row(m.ItemIds[h.Id], m.Titles[h.Id], Math.Round(h.Score, 5), Math.Round(m.Relations.Similarity(i, h.Id), 5),
            Math.Round(m.Relations.Lift(i, h.Id), 4), m.Cooccurrence.Count(i, h.Id), m.Relations.Classify(i, h.Id).ToString().ToLowerInvariant())).ToList();
        return (m.ItemIds[i], m.Titles[i], "item2vec", rows);
    }
}
