using BundleForge.Data;
using BundleForge.Embeddings;
using BundleForge.Training;

namespace BundleForge.Recommendation;

/// <summary>Training settings of the <c>nextbasket</c> ranker. The ranker's weights and its L2 penalty are chosen on
/// the last <see cref="ValidationDays"/> days of the training data; nothing here is tuned to one shop.</summary>
public sealed record NextBasketOptions : IModelOptions
{
    /// <summary>Days at the end of the training data whose first order per customer the ranker is fitted on.</summary>
    public int ValidationDays { get; init; } = 30;
    /// <summary>Days counted by the "recent popularity" signal.</summary>
    public int RecentDays { get; init; } = 30;
    /// <summary>Co-purchase partners kept per item.</summary>
    public int Partners { get; init; } = 50;
    /// <summary>Orders with more distinct items add no co-purchase pairs (wholesale orders pair everything).</summary>
    public int MaxBasketSize { get; init; } = 200;
    /// <summary>Candidates per source and query.</summary>
    public NextBasketCandidates Candidates { get; init; } = new();
    /// <summary>L2 penalties tried; the best by validation NDCG@10 (two-fold over customers) is kept.</summary>
    public IReadOnlyList<double> L2Grid { get; init; } = [1e-4, 1e-3, 1e-2, 1e-1];
    /// <summary>Shares of the list that may be kept for items new to the customer (<see cref="ExploreQuota"/>).</summary>
    public IReadOnlyList<double> ExploreShares { get; init; } = [0, 0.1, 0.2, 0.3, 0.4];
    /// <summary>Leading list places left to the likeliest items before the explore quota counts, tried with each share.</summary>
    public IReadOnlyList<int> ExploreStarts { get; init; } = [0, 3];
    /// <summary>List places the boost and quota act on (0: the whole list), tried with each policy: 10, the first page
    /// HR@10 and NDCG@10 judge, keeps the repeats new items displace from it within the top 20.</summary>
    public IReadOnlyList<int> ExploreDepths { get; init; } = [0, 10];
    /// <summary>How much better than the popularity list a policy's lists must find new items on the fitting period
    /// (each explore figure at least this multiple of popularity's), so the choice still holds on the next period:
    /// between two months the explore figures of a thousand customers move by about a tenth.</summary>
    public double ExploreMargin { get; init; } = 1.1;
    /// <summary>The neighbour signal (TIFU-KNN's neighbourhood); <c>Neighbours = 0</c> turns it off.</summary>
    public NeighbourSettings Neighbours { get; init; } = new();
    /// <summary>TIFU-KNN's settings tried on the fitting period: the best sets the neighbour signal (and the served
    /// TIFU-KNN list, when the ranker does not beat it there).</summary>
    public TifuKnnGrid TifuKnn { get; init; } = new();
    /// <summary>Boosts of new items' log-odds tried with each share; the trainer picks the pair on validation.</summary>
    public IReadOnlyList<double> ExploreBoosts { get; init; } = [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3];
    /// <summary>Most recent orders kept per customer for serving.</summary>
    public int MaxOrdersPerUser { get; init; } = 100;
    /// <summary>item2vec settings of the vectors the ranker reads (the same as the folder's item2vec component, which
    /// must be trained in the same run); null: no item2vec signal.</summary>
    public Item2VecOptions? Item2Vec { get; init; }
    /// <summary>True in a default model list (<c>train</c> without <c>--models</c>, the demo): data without order times
    /// (fimi, seqrec) then trains no ranker instead of failing.</summary>
    public bool OnlyWithOrderTimes { get; init; }
    /// <summary>Worker threads.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>The component the ranker writes.</summary>
    public string Component => NextBasketModel.Component;

    /// <inheritdoc />
    public bool IsOffFor(Dataset data) => OnlyWithOrderTimes && !data.HasRealTime;

    /// <summary>It reads the item2vec component trained in the same run.</summary>
    public bool ReadsOtherComponents => true;

    /// <summary>Throws a <see cref="DataException"/> naming the setting that is out of range.</summary>
    public void Validate()
    {
        if (ValidationDays < 1)
            throw Invalid(nameof(ValidationDays), $"must be at least 1, not {ValidationDays}");
        if (RecentDays < 1)
            throw Invalid(nameof(RecentDays), $"must be at least 1, not {RecentDays}");
        if (Partners is < 1 or > 1000)
            throw Invalid(nameof(Partners), $"must be between 1 and 1000, not {Partners}");
        if (MaxBasketSize < 2)
            throw Invalid(nameof(MaxBasketSize), $"must be at least 2, not {MaxBasketSize}");
        if (Candidates.CoPurchase < 0 || Candidates.Neighbour < 0 || Candidates.Item2Vec < 0 || Candidates.Title < 0 || Candidates.Popular < 0)
            throw Invalid(nameof(Candidates), "must not be negative");
        if (L2Grid.Count == 0 || L2Grid.Any(v => !(v >= 0)))
            throw Invalid(nameof(L2Grid), "must hold at least one penalty, none negative");
        if (ExploreShares.Count == 0 || ExploreShares.Any(v => !(v is >= 0 and <= 1)))
            throw Invalid(nameof(ExploreShares), "must hold at least one share, each between 0 and 1");
        if (ExploreDepths.Count == 0 || ExploreDepths.Any(v => v < 0))
            throw Invalid(nameof(ExploreDepths), "must hold at least one depth, none negative");
        if (!(ExploreMargin is >= 0 and <= 10))
            throw Invalid(nameof(ExploreMargin), $"must be between 0 and 10, not {ExploreMargin}");
        if (ExploreStarts.Count == 0 || ExploreStarts.Any(v => v is < 0 or > 100))
            throw Invalid(nameof(ExploreStarts), "must hold at least one start, each between 0 and 100");
        if (Neighbours.Neighbours is < 0 or > 1000 || Neighbours.GroupSize < 1 || !(Neighbours.WithinDecay is > 0 and <= 1)
            || !(Neighbours.GroupDecay is > 0 and <= 1) || Neighbours.MaxOrders < 1)
            throw Invalid(nameof(Neighbours), "must have 0 to 1000 neighbours, a group size and most orders of at least 1, and decays in (0, 1]");
        if (TifuKnn.Size == 0 || TifuKnn.GroupSizes.Any(v => v < 1) || TifuKnn.Neighbours.Any(v => v is < 1 or > 1000)
            || TifuKnn.WithinDecays.Concat(TifuKnn.GroupDecays).Any(v => !(v is > 0 and <= 1)) || TifuKnn.Alphas.Any(v => !(v is >= 0 and <= 1)))
            throw Invalid(nameof(TifuKnn), "must try at least one setting, with group sizes of at least 1, 1 to 1000 neighbours, decays in (0, 1] and α in [0, 1]");
        if (ExploreBoosts.Count == 0 || ExploreBoosts.Any(v => !double.IsFinite(v)))
            throw Invalid(nameof(ExploreBoosts), "must hold at least one finite boost");
        if (MaxOrdersPerUser < 1)
            throw Invalid(nameof(MaxOrdersPerUser), $"must be at least 1, not {MaxOrdersPerUser}");
        if (Threads < 1)
            throw Invalid(nameof(Threads), $"must be at least 1, not {Threads}");
        Item2Vec?.Validate();
    }

    /// <summary>The trainer of the ranker with these settings.</summary>
    public IModelTrainer CreateTrainer() => new NextBasketTrainer(this);

    private static DataException Invalid(string option, string rule) =>
        new($"NextBasket.{option} {rule}.", field: "NextBasket." + option);
}
