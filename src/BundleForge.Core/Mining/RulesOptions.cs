using BundleForge.Training;

namespace BundleForge.Mining;

/// <summary>Settings of the <c>rules</c> model: FP-Growth support, rule confidence and size, and the co-purchase
/// partners kept for frequently-bought-together.</summary>
public sealed record RulesOptions : IModelOptions
{
    /// <summary>Minimum itemset support as a fraction of the baskets, unless <see cref="MinCount"/> is set. Shops have
    /// long baskets (Online Retail: up to 1,000 items), and a low support explodes the itemsets.</summary>
    public double MinSupport { get; init; } = 0.01;
    /// <summary>Minimum itemset support as a basket count; when set it replaces <see cref="MinSupport"/>.</summary>
    public int? MinCount { get; init; }
    /// <summary>Minimum rule confidence.</summary>
    public double MinConfidence { get; init; } = 0.1;
    /// <summary>Largest itemset mined (bounds long baskets).</summary>
    public int MaxSize { get; init; } = 3;
    /// <summary>Rules kept per antecedent (0 = all).</summary>
    public int TopPerAntecedent { get; init; } = 20;
    /// <summary>Co-purchase partners kept per item for frequently-bought-together.</summary>
    public int NeighborsPerItem { get; init; } = 100;

    /// <summary>The component the rules model writes.</summary>
    public string Component => RulesModel.Component;

    /// <summary>Throws a <see cref="DataException"/> naming the setting that cannot train.</summary>
    public void Validate()
    {
        if (MinCount is { } count)
        {
            if (count < 1)
                throw Invalid(nameof(MinCount), $"must be at least 1, not {count}");
        }
        else if (double.IsNaN(MinSupport) || MinSupport <= 0 || MinSupport > 1)
            throw Invalid(nameof(MinSupport), $"must be a fraction in (0, 1], not {MinSupport}; set Rules.MinCount for an absolute count");
        if (double.IsNaN(MinConfidence) || MinConfidence is < 0 or > 1)
            throw Invalid(nameof(MinConfidence), $"must be between 0 and 1, not {MinConfidence}");
        if (MaxSize < 1)
            throw Invalid(nameof(MaxSize), $"must be at least 1, not {MaxSize}");
        if (TopPerAntecedent < 0)
            throw Invalid(nameof(TopPerAntecedent), $"must not be negative, not {TopPerAntecedent}");
        if (NeighborsPerItem < 0)
            throw Invalid(nameof(NeighborsPerItem), $"must not be negative, not {NeighborsPerItem}");
    }

    /// <summary>The minimum support count over <paramref name="transactions"/> baskets. A support fraction never goes
    /// below two baskets: a count of 1 turns every long basket into all of its subsets, and two is the least that is a
    /// pattern.</summary>
    public int MinCountFor(int transactions)
    {
        int resolved = SupportThreshold.Resolve(MinCount is null ? MinSupport : null, MinCount, transactions);
        return Math.Max(MinCount is null ? 2 : 1, resolved);
    }

    /// <summary>The trainer of the rules model with these settings.</summary>
    public IModelTrainer CreateTrainer() => new RulesTrainer(this);

    private static DataException Invalid(string option, string rule) =>
        new($"Rules.{option} {rule}.", field: "Rules." + option);
}
