using System.Globalization;
using System.Text;

namespace Platform.Tests.Lessons;

/// A content folder of its own in the temp directory, written the way authors write lessons.
public sealed class ContentFolder : IDisposable
{
    public ContentFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "platform-content-" + Guid.NewGuid().ToString("N")[..12], "content");
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public ContentFolder Course(string slug, string title, params (string Slug, string Title)[] modules)
    {
        var yaml = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"slug: {slug}\ntitle: \"{title}\"\ndescription: {title} 설명\nmodules:\n");
        foreach (var (moduleSlug, moduleTitle) in modules)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - slug: {moduleSlug}\n    title: {moduleTitle}\n");
        }
        Write($"{slug}/course.yml", yaml.ToString());
        return this;
    }

    /// Writes a lesson file and returns its path relative to the folder.
    public string Lesson(
        string course, string module, string slug, int order, string? title = null, int minutes = 10,
        string[]? tags = null, string status = "published", string? body = null)
    {
        var file = $"{course}/{module}/{order:00}-{slug}.md";
        Write(file, LessonText(slug, module, order, title ?? $"{slug} 레슨", minutes, tags ?? ["demo"], status, body ?? Body(slug)));
        return file;
    }

    public static string LessonText(string slug, string module, int order, string title, int minutes, string[] tags, string status, string body) =>
        $"""
        ---
        slug: {slug}
        title: "{title}"
        module: {module}
        order: {order}
        minutes: {minutes}
        tags: [{string.Join(", ", tags)}]
        status: {status}
        summary: {title} 요약이야.
        ---

        {body}
        """;

    public static string Body(string slug, string extra = "") =>
        $"""
        ## 들어가며

        {slug} 레슨의 본문이야. {extra}

        ```python title="예제 코드"
        import torch
        print(torch.__version__)
        ```

        ::: links
        - [공식 문서](https://example.org/docs/{slug})
        :::

        ::: exercise
        {slug} 연습 문제를 풀어 봐.
        :::
        """;

    public void Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    public void Delete(string relativePath) => File.Delete(Path.Combine(Root, relativePath));

    public void Dispose()
    {
        var parent = Path.GetDirectoryName(Root)!;
        if (Directory.Exists(parent))
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
