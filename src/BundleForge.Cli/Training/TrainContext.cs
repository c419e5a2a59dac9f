using System.CommandLine;
using BundleForge.Artifacts;
using BundleForge.Data;

namespace BundleForge.Cli.Training;

/// <summary>What a trainer gets: the cleaned dataset, the model folder being written, the parsed command line and the
/// shared settings.</summary>
internal sealed record TrainContext(Dataset Data, ModelWriter Writer, ParseResult Parse, int Threads, int Seed, IProgress<ProgressUpdate> Progress);
