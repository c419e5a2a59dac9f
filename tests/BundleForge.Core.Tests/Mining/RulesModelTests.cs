using BundleForge.Artifacts;
using BundleForge.Data;
using BundleForge.Mining;

namespace BundleForge.Core.Tests.Mining;

public class RulesModelTests
{
    [Fact]
    public void SavedModelLoadsBackWithTheSameTableRulesAndAnswers()
    {
        var baskets = MiningFixtures.RandomBaskets(8, 15, 400, 6);
        var ids = Enumerable.Range(0, 15).Select(i => $"SKU-{i}").ToArray();
        var model = RulesModel.Train(baskets, ids, new RulesTrainingOptions { MinCount = 5, MinConfidence = 0.2, NeighborsPerItem = 5 });
        Assert.NotEmpty(model.Rules);

        var dir = Path.Combine(Path.GetTempPath(), $"bf-rules-{Guid.NewGuid():N}");
        try
        {
            using (var w = new ModelWriter(dir, "fingerprint", "test"))
            {
                model.Save(w);
                w.Commit();
            }
            var loaded = RulesModel.Load(ModelReader.Open(dir));
            Assert.Equal(ids, loaded.ItemIds);
            Assert.Equal(model.Cooccurrence.ItemCounts, loaded.Cooccurrence.ItemCounts);
            Assert.Equal(model.Cooccurrence.Neighbors, loaded.Cooccurrence.Neighbors);
            Assert.Equal(model.Cooccurrence.PairCounts, loaded.Cooccurrence.PairCounts);
            Assert.Equal(model.Rules.Count, loaded.Rules.Count);
            for (int i = 0; i < model.Rules.Count; i++)
            {
                Assert.Equal(model.Rules[i].Antecedent, loaded.Rules[i].Antecedent);
                Assert.Equal(model.Rules[i].Consequent, loaded.Rules[i].Consequent);
                Assert.Equal(model.Rules[i].Lift, loaded.Rules[i].Lift);
            }
            var before = model.CreateFbt().Recommend([0, 3], 5, FbtMode.Strict);
            var after = loaded.CreateFbt().Recommend([0, 3], 5, FbtMode.Strict);
            Assert.Equal(before, after);
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void ACorruptedFileIsAUserError()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"bf-rules-{Guid.NewGuid():N}");
        try
        {
            var baskets = BasketSet.FromLists([[0, 1], [0, 1], [1]]);
            using (var w = new ModelWriter(dir, "fingerprint", "test"))
            {
                RulesModel.Train(baskets, ["a", "b"], new RulesTrainingOptions { MinCount = 1 }).Save(w);
                w.Commit();
            }
            File.WriteAllBytes(Path.Combine(dir, "rules", "rules.bin"), [1, 2, 3]);
            Assert.Throws<DataException>(() => RulesModel.Load(ModelReader.Open(dir, verifyChecksums: false)));
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, true);
        }
    }
}
