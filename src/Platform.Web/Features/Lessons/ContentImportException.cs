namespace Platform.Web.Features.Lessons;

/// A content file the import refuses, named with its path (relative to the content folder), the
/// line when known, and what is wrong. The import stops and the database stays as it was.
public sealed class ContentImportException(string file, int? line, string problem)
    : Exception(line is null ? $"{file}: {problem}" : $"{file}:{line}: {problem}")
{
    public string File { get; } = file;

    public int? Line { get; } = line;

    public string Problem { get; } = problem;
}
