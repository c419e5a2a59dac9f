
namespace BundleForge.Mining;

/// <summary>Generates association rules from frequent itemsets (Agrawal &amp; Srikant's ap-genrules): for each itemset,
/// consequents grow level by level and only from consequents that met the confidence threshold, because moving items
/// from the antecedent to the consequent can only lower confidence. Itemsets are processed in parallel.</summary>
public static class AssociationRuleGenerator
{
    private const long BytesPerRule = 96;

    /// <summary>All rules meeting <paramref name="options"/>, ordered by antecedent, then confidence and lift descending.</summary>
    public static List<AssociationRule> Generate(FrequentItemsets itemsets, int transactions, RuleOptions options,
        MemoryGuard? guard = null, CancellationToken cancellation = default)
    {
        options.Validate();
        var all = new List<AssociationRule>();
        try
        {
            GenerateInto(itemsets, transactions, options, guard, all, cancellation);
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.FirstOrDefault(x => x is DataException) is { } data)
        {
            throw data;
        }
        all.Sort(Compare);
        if (options.TopPerAntecedent > 0)
            all = KeepTopPerAntecedent(all, options.TopPerAntecedent);
        return all;
    }

    private static void GenerateInto(FrequentItemsets itemsets, int transactions, RuleOptions options, MemoryGuard? guard,
        List<AssociationRule> all, CancellationToken cancellation)
    {
        var gate = new object();
        Parallel.For(0, itemsets.Count, new ParallelOptions { CancellationToken = cancellation },
            () => new List<AssociationRule>(),
            (i, _, local) =>
            {
                if (itemsets.SizeAt(i) >= 2)
                    RulesOf(itemsets, i, transactions, options, local);
                if (guard is not null && local.Count >= 4096)
                { guard.Reserve(local.Count * BytesPerRule, "the association rules"); Drain(local, all, gate); }
                return local;
            },
            local =>
            {
                guard?.Reserve(local.Count * BytesPerRule, "the association rules");
                Drain(local, all, gate);
            });
    }

    private static void Drain(List<AssociationRule> local, List<AssociationRule> all, object gate)
    {
        lock (gate)
            all.AddRange(local);
        local.Clear();
    }

    private static void RulesOf(FrequentItemsets sets, int index, int n, RuleOptions o, List<AssociationRule> into)
    {
        var items = sets[index];
        int k = items.Length;
        if (k > 62)
            throw new DataException($"An itemset of {k} items is too long for rule generation; set --max-size.");
        int count = sets.SupportAt(index);
        Span<int> ante = stackalloc int[k];
        Span<int> cons = stackalloc int[k];
        ulong full = (1UL << k) - 1;
        var level = new List<ulong>(k);
        for (int j = 0; j < k; j++)
            if (TryRule(sets, items, full, 1UL << j, count, n, o, ante, cons, into))
                level.Add(1UL << j);
        var known = new HashSet<ulong>();
        for (int m = 1; m < k - 1 && level.Count > 0; m++)
        {
            known.Clear();
            foreach (var h in level)
                known.Add(h);
            var next = new List<ulong>();
            foreach (var h in level)
            {
                int top = 63 - System.Numerics.BitOperations.LeadingZeroCount(h);
                for (int j = top + 1; j < k; j++)
                {
                    ulong c = h | (1UL << j);
                    if (!AllSubsetsKnown(c, known))
                        continue;
                    if (TryRule(sets, items, full, c, count, n, o, ante, cons, into))
                        next.Add(c);
                }
            }
            level = next;
        }
    }

    private static bool AllSubsetsKnown(ulong c, HashSet<ulong> known)
    {
        for (ulong bits = c; bits != 0; bits &= bits - 1)
            if (!known.Contains(c & ~(bits & (0 - bits))))
                return false;
        return true;
    }

    /// <summary>Adds the rule with consequent mask <paramref name="consMask"/> when it meets the filters; returns
    /// whether its confidence met the threshold (which decides whether the consequent may grow).</summary>
    private static bool TryRule(FrequentItemsets sets, ReadOnlySpan<int> items, ulong full, ulong consMask, int count, int n,
        RuleOptions o, Span<int> ante, Span<int> cons, List<AssociationRule> into)
    {
        int na = 0, nc = 0;
        for (int j = 0; j < items.Length; j++)
        {
            if ((consMask >> j & 1) != 0)
                cons[nc++] = items[j];
            else
                ante[na++] = items[j];
        }
        int anteCount = sets.SupportOf(ante[..na]);
        if (anteCount <= 0)
            throw new InvalidOperationException("A subset of a frequent itemset is missing: the itemsets are not downward closed.");
        double confidence = (double)count / anteCount;
        if (confidence < o.MinConfidence)
            return false;
        int consCount = sets.SupportOf(cons[..nc]);
        if (consCount <= 0)
            throw new InvalidOperationException("A subset of a frequent itemset is missing: the itemsets are not downward closed.");
        var rule = new AssociationRule(ante[..na].ToArray(), cons[..nc].ToArray(), count, anteCount, consCount, n);
        if (rule.Lift >= o.MinLift)
            into.Add(rule);
        return true;
    }

    private static int Compare(AssociationRule a, AssociationRule b)
    {
        int c = a.Antecedent.AsSpan().SequenceCompareTo(b.Antecedent);
        if (c != 0)
            return c;
        c = b.Confidence.CompareTo(a.Confidence);
        if (c != 0)
            return c;
        c = b.Lift.CompareTo(a.Lift);
        return c != 0 ? c : a.Consequent.AsSpan().SequenceCompareTo(b.Consequent);
    }

    private static List<AssociationRule> KeepTopPerAntecedent(List<AssociationRule> sorted, int top)
    {
        var kept = new List<AssociationRule>();
        int run = 0;
        for (int i = 0; i < sorted.Count; i++)
        {
            run = i > 0 && sorted[i].Antecedent.AsSpan().SequenceEqual(sorted[i - 1].Antecedent) ? run + 1 : 0;
            if (run < top)
                kept.Add(sorted[i]);
        }
        return kept;
    }
}
