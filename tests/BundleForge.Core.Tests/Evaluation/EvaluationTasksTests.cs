using System.Text.Json.Nodes;
using BundleForge.Artifacts;
using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Evaluation;
using BundleForge.Evaluation.BasketCompletion;
using BundleForge.Evaluation.NextItem;
using BundleForge.Ingest;
using BundleForge.Ingest.Sources;
using BundleForge.Splits;

namespace BundleForge.Core.Tests.Evaluation;

/// <summary>The Online Retail sample (Oct–Dec 2011) and a model folder trained on it: a deterministic item2vec, and an
/// empty "sasrec" component the fake next-item loaders open.</summary>
public sealed class SampleModelFixture : IDisposable
{
    public string Dir { get; } = Fixture.TempDir();
    public Dataset Data { get; }
    public ModelReader Model { get; }

    public SampleModelFixture()
    {
        Data = DatasetLoader.Load(new LoadRequest { Path = Path.Combine(AppContext.BaseDirectory, "sample", "online_retail_2011q4.csv.gz") });
        var options = new Item2VecOptions { Dimensions = 16, Epochs = 2, Threads = 1, Deterministic = true, Seed = 3 };
        var (item2vec, _) = Item2VecModel.Train(Data, options, null);
        var folder = Path.Combine(Dir, "model");
        using (var w = new ModelWriter(folder, Data.Fingerprint, Data.Format))
        {
            item2vec.Save(w, options, new JsonObject());
            w.AddComponent("sasrec", "fake", new JsonObject { ["time_split_days"] = 0 });
            w.AddComponent("bert4rec", "fake", new JsonObject { ["time_split_days"] = 14 });
            w.Commit();
        }
        Model = ModelReader.Open(folder);
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

/// <summary>The evaluation tasks through the library (no command line): typed options in, typed results out, on real
/// data.</summary>
public class EvaluationTasksTests(SampleModelFixture sample) : IClassFixture<SampleModelFixture>
{
    /// <summary>Scores every item by a fixed weight; its top k follow the weights, ties to the lower id.</summary>
    private sealed class FixedScorer(float[] weights) : INextItemScorer
    {
        public int ItemCount => weights.Length;

        public void Score(ReadOnlySpan<int> offsets, ReadOnlySpan<int> items, Span<float> scores, int k, Span<int> top)
        {
            var order = Enumerable.Range(0, weights.Length).OrderByDescending(i => weights[i]).ThenBy(i => i).Take(k).ToArray();
            for (int r = 0; r + 1 < offsets.Length; r++)
            {
                weights.CopyTo(scores.Slice(r * weights.Length, weights.Length));
                order.CopyTo(top.Slice(r * k, k));
            }
        }

        public void Dispose() => Disposed = true;
        public bool Disposed { get; private set; }
    }

    /// <summary>Opens a component as a fixed-weight model over <paramref name="itemIds"/>.</summary>
    private sealed class FixedLoader(string component, string[] itemIds, float[] weights) : INextItemModelLoader
    {
        public FixedScorer? Opened { get; private set; }
        public string Component => component;
        public NextItemModel Load(ModelReader reader) => new(Opened = new FixedScorer(weights), itemIds);
    }

    [Fact]
    public void Basket_completion_runs_the_experiment_with_the_options_given()
    {
        var options = new BasketCompletionTaskOptions { TestDays = 14, K = 5, SplitSeed = 7 };
        var task = EvaluationTasks.Find("basket-completion")!;
        var r = Assert.IsType<BasketCompletionTaskResult>(task.Evaluate(new EvaluationContext(sample.Model, sample.Data), options));
        Assert.Equal("basket-completion", r.Task);
        Assert.True(r.ModelTrainedOnSameData);
        Assert.Equal("time split: the last 14 days are held out", r.Report.Protocol["split"]);
        Assert.Equal(sample.Data.Items.Count, r.Report.Protocol["catalog_items"]);
        Assert.Equal(["popularity", "cooccurrence", "item2vec", "item2vec_cosine"], r.Report.Baselines.Select(b => b.Scorer));
        Assert.Equal(["hr@5", "ndcg@5", "mrr", "coverage@5", "queries"], r.Report.Blend.All.Keys);

        // The popularity baseline recomputed by hand on the same split and hidden items.
        var split = TimeSplit.Create(sample.Data.Baskets, 14, 0);
        var queries = BasketCompletionEvaluator.CreateQueries(split.Test, seed: 7);
        var counts = new int[sample.Data.Items.Count];
        for (int b = 0; b < split.Train.Count; b++)
            foreach (var i in split.Train[b])
                counts[i]++;
        int hits = 0;
        foreach (var q in queries)
        {
            var visible = q.Visible.ToHashSet();
            int rank = 0;
            for (int i = 0; i < counts.Length; i++)
                if (!visible.Contains(i) && (counts[i] > counts[q.Target] || (counts[i] == counts[q.Target] && i < q.Target)))
                    rank++;
            if (rank < 5)
                hits++;
        }
        Assert.Equal(queries.Length, r.Report.Protocol["queries"]);
        Assert.Equal(Math.Round((double)hits / queries.Length, 5), r.Report.Baselines[0].All["hr@5"]);

        // item2vec is retrained deterministically with the folder's parameters: the same options give the same figures.
        var again = new BasketCompletionTask().Evaluate(new EvaluationContext(sample.Model, sample.Data), options);
        Assert.Equal(r.Report.Blend.All, again.Report.Blend.All);
        Assert.True(r.Report.Blend.All["hr@5"] > r.Report.Baselines[0].All["hr@5"], "the blend beats popularity");
    }

    [Fact]
    public void Next_item_maps_the_data_to_the_model_items_and_ranks_through_the_host_scorer()
    {
        // The model knows every item but the first ten, in reverse order, so dense ids differ from the dataset's.
        var data = sample.Data;
        var ids = data.Items.Ids.Skip(10).Reverse().ToArray();
        var modelId = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        var s = data.Sequences;
        var offsets = new int[s.Count + 1];
        var items = new List<int>();
        long unknown = 0;
        for (int u = 0; u < s.Count; u++)
        {
            for (int k = s.Offsets[u]; k < s.Offsets[u + 1]; k++)
                if (modelId.TryGetValue(data.Items.Ids[s.Items[k]], out int m))
                    items.Add(m);
                else
                    unknown++;
            offsets[u + 1] = items.Count;
        }
        Assert.True(unknown > 0);
        var split = LeaveLastOut.Create(new UserSequences(offsets, items.ToArray(), new long[items.Count]));
        var counts = new float[ids.Length];
        for (int u = 0; u < s.Count; u++)
            foreach (var i in split.TrainOf(u))
                counts[i]++;
        var loader = new FixedLoader("sasrec", ids, counts);

        var context = new EvaluationContext(sample.Model, data) { NextItemModels = [loader, new FixedLoader("bert4rec", ids, counts)] };
        var r = new NextItemTask().Evaluate(context, new NextItemTaskOptions());
        Assert.Equal("sasrec", r.Component);           // the first the folder has, in the host's order
        Assert.Equal(NextItemTask.Protocol, r.Protocol);
        Assert.Equal(unknown, r.UnknownItemsDropped);
        Assert.Equal(Enumerable.Range(0, s.Count).Count(split.IsEvaluable), r.Model.Queries);
        // Ranking by training counts is the popularity baseline: the same figures.
        foreach (var (key, value) in r.Popularity.ToDictionary())
            Assert.True(Math.Abs(value - r.Model.ToDictionary()[key]) < 1e-12, key);
        Assert.True(loader.Opened!.Disposed);
    }

    [Fact]
    public void Next_item_uses_the_time_split_the_component_was_trained_on()
    {
        var ids = sample.Data.Items.Ids.ToArray();
        var timed = SequenceTimeSplit.Create(sample.Data.Sequences, 14);
        var counts = new float[ids.Length];
        foreach (var i in timed.Train.Items)
            counts[i]++;
        var context = new EvaluationContext(sample.Model, sample.Data) { NextItemModels = [new FixedLoader("bert4rec", ids, counts)] };
        var r = new NextItemTask().Evaluate(context, new NextItemTaskOptions { Component = "bert4rec" });
        Assert.Equal(14, r.TimeSplitDays);
        Assert.Equal(NextItemTask.TimeSplitProtocol(14), r.Protocol);
        Assert.Equal(timed.CaseCount, r.Model.Queries);
        Assert.Equal(0, r.UnknownItemsDropped);
        foreach (var (key, value) in r.Popularity.ToDictionary())
            Assert.True(Math.Abs(value - r.Model.ToDictionary()[key]) < 1e-12, key);
    }

    [Fact]
    public void Next_item_names_what_is_missing()
    {
        var ids = sample.Data.Items.Ids.ToArray();
        var none = new EvaluationContext(sample.Model, sample.Data);
        var e = Assert.Throws<DataException>(() => new NextItemTask().Evaluate(none, new NextItemTaskOptions { Component = "sasrec" }));
        Assert.Equal("--component", e.Field);
        Assert.Contains("'sasrec'", e.Message);
        Assert.Throws<DataException>(() => new NextItemTask().Evaluate(none, new NextItemTaskOptions()));
        var withLoader = none with { NextItemModels = [new FixedLoader("gru4rec", ids, new float[ids.Length])] };
        e = Assert.Throws<DataException>(() => new NextItemTask().Evaluate(withLoader, new NextItemTaskOptions { Component = "gru4rec" }));
        Assert.Contains("no 'gru4rec' sequence model", e.Message);
    }

    [Fact]
    public void Bundle_ranking_reports_the_trained_ranker_beside_popularity_and_item_affinity()
    {
        var data = DatasetLoader.Load(new LoadRequest { Path = Fixture.Path("crosscbr_ranking"), Format = DataFormat.CrossCbr });
        var dir = Fixture.TempDir();
        try
        {
            var trained = BundleForge.Training.TrainingPipeline.Run(data, new BundleForge.Training.TrainingPlan
            {
                OutputFolder = Path.Combine(dir, "model"),
                Models = [new BundleForge.BundleRanking.BundleRankerOptions { Lambdas = [1f] }],
                Threads = 1,
            }, null, CancellationToken.None);
            var task = EvaluationTasks.Find("BUNDLE-RANKING");
            Assert.IsType<BundleRankingTask>(task);
            var context = new EvaluationContext(ModelReader.Open(trained.ModelFolder), data);
            var r = Assert.IsType<BundleRankingTaskResult>(task.Evaluate(context, new BundleRankingTaskOptions { K = 1 }));
            Assert.Equal(BundleForge.Evaluation.Bundles.BundleRankingSplit.Test, r.Split);
            Assert.Equal([1, 2], r.Model.Cutoffs);
            Assert.Equal(3, r.Model.Queries);
            // Hand computation in ItemAffinityBaselineTests: Recall@1 = NDCG@1 = 2/3 over 3 users; popularity finds none.
            Assert.Equal(2.0 / 3, r.Baselines["item_affinity"].RecallAt(1), 12);
            Assert.Equal(2.0 / 3, r.Baselines["item_affinity"].NdcgAt(1), 12);
            Assert.Equal(0, r.Baselines["popularity"].RecallAt(2));
            Assert.Equal(3, r.Users);
            Assert.Equal(6, r.Bundles);
            Assert.Contains("3 users", r.Protocol);
            var e = Assert.Throws<DataException>(() => task.Evaluate(context, new BundleRankingTaskOptions { K = 0 }));
            Assert.Equal("--bundle-k", e.Field);
            // A model folder without the ranker says how to train one.
            e = Assert.Throws<DataException>(() => task.Evaluate(new EvaluationContext(sample.Model, data), new BundleRankingTaskOptions()));
            Assert.Contains("--models bundle-ranker", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Every_task_takes_its_own_options_record()
    {
        Assert.Equal(["basket-completion", "next-item", "bundle-ranking", "next-basket", "cold-items"], EvaluationTasks.All.Select(t => t.Name));
        Assert.Equal(30, Assert.IsType<ColdItemsTaskOptions>(EvaluationTasks.Find("cold-items")!.DefaultOptions).TestDays);
        Assert.Null(EvaluationTasks.Find("nope"));
        Assert.IsType<NextItemTaskOptions>(EvaluationTasks.Find("next-item")!.DefaultOptions);
        Assert.Equal(20, Assert.IsType<BundleRankingTaskOptions>(EvaluationTasks.Find("bundle-ranking")!.DefaultOptions).K);
        var context = new EvaluationContext(sample.Model, sample.Data);
        Assert.Throws<ArgumentException>(() => EvaluationTasks.Find("bundle-ranking")!.Evaluate(context, new NextItemTaskOptions()));
    }
}
