using BundleForge.Artifacts;
using BundleForge.Bundles;
using BundleForge.Bundles.Candidates;
using BundleForge.Bundles.Engine;
using BundleForge.Embeddings;
using BundleForge.Privacy;
using BundleForge.Training;

namespace BundleForge.Text.Tests;

/// <summary>Issue 17: search by meaning, substitutes and complements from text and co-purchase, and the bundle
/// composer's substitute veto with the text signal, on the small shop.</summary>
public sealed class SearchAndRelationTests : IClassFixture<SearchAndRelationTests.Trained>
{
    /// <summary>The small shop trained once with the text model and the bundle engine.</summary>
    public sealed class Trained : IDisposable
    {
        private readonly SmallShop _shop = new();

        public Trained()
        {
            Data = _shop.Load();
            var result = TrainingPipeline.Run(Data, new TrainingPlan
            {
                OutputFolder = _shop.PathOf("model"),
                Models = [new TextModelOptions(), new BundleModelOptions()],
                Threads = 2,
                Pseudonymizer = new Pseudonymizer("test-secret-0123456789"u8),
            }, null, CancellationToken.None);
            Reader = ModelReader.Open(result.ModelFolder);
            Vectors = ItemTextVectors.Load(Reader, Data.Items);
            Relations = new TextRelationScorer(Vectors, ItemTextVectors.LoadCooccurrence(Reader, Data.Items.Count));
        }

        public Data.Dataset Data { get; }
        public ModelReader Reader { get; }
        public ItemTextVectors Vectors { get; }
        public TextRelationScorer Relations { get; }

        public void Dispose() => _shop.Dispose();
    }

    private readonly Trained _t;

    public SearchAndRelationTests(Trained trained) => _t = trained;

    private int Id(string id) => _t.Data.Items.IndexOf(id);

    private List<string> Search(string query, int k)
    {
        using var encoder = new TextEncoder();
        var search = new ItemTextSearch(_t.Data.Items, _t.Vectors, encoder);
        return search.Search(query, k).Select(h => _t.Data.Items.Ids[h.Item]).ToList();
    }

    [Fact]
    public void Search_finds_items_by_meaning_forgives_typos_and_puts_an_exact_id_first()
    {
        // No title holds "christmas lights"; fairy lights and t-light holders do mean it.
        var lights = Search("christmas lights", 4);
        Assert.Contains("FAIRY", lights[..2]);
        Assert.Contains(lights, x => x.StartsWith("TL-", StringComparison.Ordinal));
        Assert.DoesNotContain("TROWEL", lights);

        Assert.Equal("FAIRY", Search("fary lihgts", 1)[0]);
        Assert.Contains("MUG", Search("something to drink coffee from", 2));
        Assert.Equal("CAN", Search("can", 3)[0]);
        Assert.Equal("JB-PINK", Search("jb-pink", 1)[0]);
        Assert.Empty(Search("   ", 5));
    }

    [Fact]
    public void Substitutes_are_the_same_kind_whether_or_not_bought_together()
    {
        var subs = _t.Relations.Substitutes(Id("LB-RED"), 3).Select(n => _t.Data.Items.Ids[n.Id]).ToList();
        Assert.Contains("LB-PINK", subs);
        Assert.Contains("LB-WHITE", subs);
        Assert.Equal(PairRelation.Substitute, _t.Relations.Classify(Id("TL-WHITE"), Id("TL-RED")));
        Assert.Equal(PairRelation.Substitute, _t.Relations.Classify(Id("CHAIN-XMAS"), Id("CHAIN-SPOT")));
        // The jumbo bag variants are customers' favourite pair, and still two designs of one product: substitutes.
        // Only the composer's veto asks that they are not bought together, and they are.
        Assert.True(_t.Relations.Cosine(Id("JB-RED"), Id("JB-PINK")) > TextRelationScorer.KindAt - 0.1f);
        Assert.True(_t.Relations.SubstituteScore(Id("JB-RED"), Id("JB-PINK")) >= 0.5f);
        Assert.Contains(_t.Relations.Substitutes(Id("JB-RED"), 3), n => n.Id == Id("JB-PINK"));
        Assert.Equal(0f, _t.Relations.VetoScore(Id("JB-RED"), Id("JB-PINK")));
        Assert.True(_t.Relations.VetoScore(Id("LB-RED"), Id("LB-WHITE")) >= 0.5f);
    }

    [Fact]
    public void Complements_are_bought_together_and_of_different_kinds()
    {
        var complements = _t.Relations.Complements(Id("LB-WHITE"), 3).Select(n => _t.Data.Items.Ids[n.Id]).ToList();
        Assert.Equal(["BOTTLE"], complements);
        Assert.Equal(PairRelation.Complement, _t.Relations.Classify(Id("MUG"), Id("BEANS")));
        // Bought together, but the same kind of product: a weaker complement than an item of another kind.
        Assert.True(_t.Relations.ComplementScore(Id("JB-RED"), Id("JB-PINK")) < _t.Relations.ComplementScore(Id("JB-RED"), Id("STAR")));
    }

    [Fact]
    public void The_composer_vetoes_two_variants_in_a_bundle_only_with_the_text_signal()
    {
        var model = BundleModel.Load(_t.Reader);
        var user = new UserContext { Anchor = Id("BOTTLE") };
        bool Mixed(BundleEngineFactory factory) => factory.Create().ComposeCandidates(user, 20).Any(b =>
            b.Items.Count(i => _t.Data.Items.Ids[i].StartsWith("LB-", StringComparison.Ordinal)) >= 2);

        // Co-purchase alone: every lunch bag complements the bottle and nothing says they replace each other.
        Assert.True(Mixed(new BundleEngineFactory(_t.Data.Items, model)), "without the text signal no bundle held two lunch bags");
        var withText = BundleEngineFactory.Open(_t.Reader, _t.Data.Items, model);
        Assert.Contains(ItemTextVectors.Component, withText.Signals);
        Assert.False(Mixed(withText), "a bundle held two lunch bag variants");

        var pairs = new TextPairScorer(model.Pairs, _t.Vectors);
        Assert.True(pairs.Score(Id("LB-RED"), Id("LB-WHITE")).Substitutability >= 0.5f);
        Assert.True(pairs.Score(Id("JB-RED"), Id("JB-PINK")).Substitutability < 0.5f);
        Assert.True(pairs.Score(Id("LB-RED"), Id("BOTTLE")).Substitutability < 0.5f);
        Span<PairEvidence> row = stackalloc PairEvidence[2];
        pairs.ScoreRow(Id("LB-RED"), [Id("LB-WHITE"), Id("BOTTLE")], row);
        Assert.Equal(pairs.Score(Id("LB-RED"), Id("LB-WHITE")), row[0]);
        Assert.Equal(pairs.Score(Id("LB-RED"), Id("BOTTLE")), row[1]);
    }
}
