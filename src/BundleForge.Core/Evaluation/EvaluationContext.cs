using System.CommandLine;
using BundleForge.Artifacts;
using BundleForge.Data;

namespace BundleForge.Cli.Evaluation;

/// <summary>What an evaluation task gets: the verified model folder, the dataset and the parsed command line.</summary>
internal sealed record EvaluationContext(ModelReader Model, Dataset Data, ParseResult Parse, IProgress<ProgressUpdate> Progress);
