using System.Diagnostics;
using System.Globalization;

namespace BundleForge.Bundles;

/// <summary>One request's use of its <see cref="RequestBudget"/>: the clock started with the request, and what each stage
/// left out when the budget ran out, turned into the <see cref="Degradation"/> the answer carries. Used by one request
/// on one thread.</summary>
public sealed class BudgetMeter(RequestBudget budget)
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private int _candidatesHad = -1, _candidatesKept;
    private int _largestSize = -1, _maxSize;
    private int _priced = -1, _composed;

    public RequestBudget Budget { get; } = budget;

    /// <summary>True once the time budget is spent.</summary>
    public bool Expired => Budget.Time is { } t && Stopwatch.GetElapsedTime(_start) > t;

    /// <summary>True when a stage has left something out so far.</summary>
    public bool Cut => _candidatesHad >= 0 || _largestSize >= 0 || _priced >= 0;

    /// <summary>The candidate pool of <paramref name="had"/> items was cut to the <paramref name="kept"/> most relevant.</summary>
    public void CandidatesCut(int had, int kept)
    {
        _candidatesHad = had;
        _candidatesKept = kept;
    }

    /// <summary>The search stopped after bundles of <paramref name="largest"/> items; the strategy allows <paramref name="max"/>.</summary>
    public void SizesSkipped(int largest, int max)
    {
        _largestSize = largest;
        _maxSize = max;
    }

    /// <summary>Only <paramref name="priced"/> of <paramref name="composed"/> composed bundles were priced.</summary>
    public void PricingStopped(int priced, int composed)
    {
        _priced = priced;
        _composed = composed;
    }

    /// <summary>What was left out, or null when nothing was.</summary>
    public Degradation? Result()
    {
        if (!Cut)
            return null;
        var inv = CultureInfo.InvariantCulture;
        var reasons = new List<string>(2);
        var parts = new List<string>(3);
        if (_candidatesHad >= 0)
        {
            reasons.Add("candidates");
            parts.Add(string.Format(inv, "the {0:N0} most relevant of {1:N0} candidate items were searched (candidate budget {2:N0})", _candidatesKept, _candidatesHad, Budget.Candidates));
        }
        if (_largestSize >= 0 || _priced >= 0)
        {
            reasons.Add("time");
            string spent = string.Format(inv, "the time budget of {0:0.###} ms ran out", Budget.Time?.TotalMilliseconds);
            if (_largestSize >= 0)
                spent += string.Format(inv, ": bundles of {0} items were searched, not up to {1}", _largestSize, _maxSize);
            if (_priced >= 0)
                spent += string.Format(inv, "{0} {1} of {2} composed bundles were priced", _largestSize >= 0 ? ";" : ":", _priced, _composed);
            parts.Add(spent);
        }
        var detail = string.Join("; ", parts);
        return new Degradation(reasons, char.ToUpperInvariant(detail[0]) + detail[1..] + ".", Stopwatch.GetElapsedTime(_start).TotalMilliseconds);
    }
}
