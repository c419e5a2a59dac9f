namespace BundleForge.Bundles.Candidates;

/// <summary>A signal that proposes items for a user, cart or anchor item: association rules, item2vec neighbours,
/// a sequence model's next items, the user's profile. The bundle engine consumes these without knowing the model.</summary>
public interface ICandidateSource
{
    /// <summary>Short name shown in explanations (e.g. "rules", "item2vec", "sasrec").</summary>
    string Name { get; }

    /// <summary>Weight of this source when scores are merged (after per-source normalisation to [0, 1]).</summary>
    float Weight => 1f;

    /// <summary>False for signals that ignore who the user is (best sellers): bundles built only from those are marked
    /// as not personalised.</summary>
    bool IsPersonal => true;

    /// <summary>Adds up to <paramref name="max"/> candidates for <paramref name="user"/> to <paramref name="into"/>.</summary>
    void Collect(UserContext user, int max, List<Candidate> into);
}
