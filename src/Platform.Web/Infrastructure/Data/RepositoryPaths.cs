namespace Platform.Web.Infrastructure.Data;

public static class RepositoryPaths
{
    /// The repository root (the folder with Platform.sln) above <paramref name="start"/>, or
    /// <paramref name="start"/> itself when run from a published folder.
    public static string Root(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                return dir.FullName;
            }
        }
        return Path.GetFullPath(start);
    }

    public static string DataDirectory(string start) => Path.Combine(Root(start), ".data");
}
