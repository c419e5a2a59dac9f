using BundleForge.Artifacts;

namespace BundleForge.Evaluation.NextItem;

/// <summary>Opens one next-item model component of a model folder (e.g. <c>sasrec</c>) for evaluation. The sequence
/// models live in a project the core cannot reference (TorchSharp), so hosts hand these in.</summary>
public interface INextItemModelLoader
{
    /// <summary>The model folder component this loader opens.</summary>
    string Component { get; }

    /// <summary>Opens the component; only called when the folder has it. The caller disposes the model.</summary>
    NextItemModel Load(ModelReader reader);
}
