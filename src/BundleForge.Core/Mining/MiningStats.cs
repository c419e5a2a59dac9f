namespace BundleForge.Mining;

/// <summary>What a mining run saw and found.</summary>
public sealed record MiningStats(int Transactions, int Items, int FrequentItems, int MinCount, long Itemsets, int LongestItemset, double Seconds);
