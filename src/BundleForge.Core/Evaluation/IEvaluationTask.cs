using System.CommandLine;
using System.Text.Json.Nodes;

namespace BundleForge.Cli.Evaluation;

/// <summary>One task <c>evaluate --task</c> can run (basket-completion, next-item, ...).</summary>
internal interface IEvaluationTask
{
    string Name { get; }

    void AddOptions(Command evaluate);

    /// <summary>Returns the JSON object <c>{"task", "protocol", "metrics", "baselines", ...}</c>.</summary>
    JsonObject Evaluate(EvaluationContext context);
}
