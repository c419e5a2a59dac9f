namespace BundleForge.Training;

/// <summary>The users a plan leaves out: its list and the lines of its file, merged.</summary>
internal static class ExcludedUserList
{
    public static HashSet<string> Of(TrainingPlan plan)
    {
        var list = new HashSet<string>(StringComparer.Ordinal);
        if (plan.ExcludedUsers is { } users)
            list.UnionWith(users);
        if (plan.ExcludedUsersFile is { } file)
        {
            if (!File.Exists(file))
                throw new DataException("The TrainingPlan.ExcludedUsersFile file does not exist.", file, field: "TrainingPlan.ExcludedUsersFile");
            foreach (var line in File.ReadLines(file))
                if (line.Trim() is { Length: > 0 } id && id[0] != '#')
                    list.Add(id);
        }
        return list;
    }
}
