using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Features.Lessons;

internal sealed record CourseSource(string Slug, string Title, string Description, IReadOnlyList<ModuleSource> Modules, string File);

internal sealed record ModuleSource(string Slug, string Title);

internal sealed record LessonSource(
    string CourseSlug,
    string File,
    string Slug,
    int SlugLine,
    string Title,
    string Module,
    int Order,
    int Minutes,
    IReadOnlyList<string> Tags,
    LessonStatus Status,
    string Summary,
    string Language,
    string Markdown,
    string ContentHash,
    RenderedLesson Rendered);

internal sealed record ContentSet(IReadOnlyList<CourseSource> Courses, IReadOnlyList<LessonSource> Lessons);

/// Reads and checks a content folder: `COURSE/course.yml` and the course's lesson files
/// (any depth below it), each with YAML front matter. Everything is read and rendered before
/// the database is touched, so a bad file stops the import with nothing written.
internal static partial class ContentSource
{
    private static readonly string[] LessonFields = ["slug", "title", "module", "order", "minutes", "tags", "status", "summary", "lang"];
    private static readonly string[] CourseFields = ["slug", "title", "description", "modules"];

    private static readonly MarkdownPipeline FrontMatterPipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex(@"^[\p{L}\p{N}]+(?:[-_.][\p{L}\p{N}]+)*$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex YamlPositionPrefix();

    public static ContentSet Read(string contentPath, LessonMarkdown markdown)
    {
        if (!Directory.Exists(contentPath))
        {
            throw new ContentImportException(contentPath, null, Localized.Text<ContentText>("Import.NoFolder"));
        }
        var courses = new List<CourseSource>();
        var lessons = new List<LessonSource>();
        foreach (var directory in Directory.GetDirectories(contentPath).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(directory).StartsWith('.'))
            {
                continue;
            }
            var courseFile = Path.Combine(directory, "course.yml");
            var lessonFiles = Directory.GetFiles(directory, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
            if (!File.Exists(courseFile))
            {
                if (lessonFiles.Count > 0)
                {
                    throw new ContentImportException(Relative(contentPath, directory), null, Localized.Text<ContentText>("Import.NoCourseYml"));
                }
                continue;
            }
            var course = ReadCourse(courseFile, Relative(contentPath, courseFile));
            if (courses.FirstOrDefault(c => c.Slug == course.Slug) is { } twin)
            {
                throw new ContentImportException(course.File, null, Localized.Text<ContentText>("Import.CourseSlugTwice", course.Slug, twin.File));
            }
            courses.Add(course);

            var seen = new Dictionary<string, LessonSource>(StringComparer.Ordinal);
            foreach (var file in lessonFiles)
            {
                var lesson = ReadLesson(file, Relative(contentPath, file), course, markdown);
                if (seen.TryGetValue(lesson.Slug, out var other))
                {
                    throw new ContentImportException(lesson.File, lesson.SlugLine, Localized.Text<ContentText>("Import.LessonSlugTwice", lesson.Slug, other.File));
                }
                seen.Add(lesson.Slug, lesson);
                lessons.Add(lesson);
            }
        }
        return new ContentSet(courses, lessons);
    }

    private static CourseSource ReadCourse(string path, string file)
    {
        var text = ReadText(path);
        var root = LoadMapping(text, file, lineOffset: 0);
        RejectUnknown(root, CourseFields, file, 0);
        var slug = RequiredSlug(root, "slug", file, 0);
        var title = Required(root, "title", file, 0);
        var description = Optional(root, "description", file, 0) ?? "";
        if (!root.Children.TryGetValue(new YamlScalarNode("modules"), out var modulesNode) || modulesNode is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            throw new ContentImportException(file, LineOf(modulesNode ?? root, 0), Localized.Text<ContentText>("Import.NoModules"));
        }
        var modules = new List<ModuleSource>();
        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode module)
            {
                throw new ContentImportException(file, LineOf(item, 0), Localized.Text<ContentText>("Import.ModuleFields"));
            }
            var moduleSlug = RequiredSlug(module, "slug", file, 0);
            if (modules.Any(m => m.Slug == moduleSlug))
            {
                throw new ContentImportException(file, LineOf(module, 0), Localized.Text<ContentText>("Import.ModuleTwice", moduleSlug));
            }
            modules.Add(new ModuleSource(moduleSlug, Required(module, "title", file, 0)));
        }
        return new CourseSource(slug, title, description, modules, file);
    }

    private static LessonSource ReadLesson(string path, string file, CourseSource course, LessonMarkdown markdown)
    {
        var bytes = File.ReadAllBytes(path);
        var text = Decode(bytes);
        var (yaml, body, bodyStartLine) = SplitFrontMatter(text, file);
        const int offset = 1; // front matter starts on the file's second line

        var root = LoadMapping(yaml, file, offset);
        RejectUnknown(root, LessonFields, file, offset);
        var slug = RequiredSlug(root, "slug", file, offset);
        var title = Required(root, "title", file, offset);
        var module = Required(root, "module", file, offset);
        if (course.Modules.All(m => m.Slug != module))
        {
            throw new ContentImportException(file, LineOf(root, "module", offset),
                Localized.Text<ContentText>("Import.UnknownModule", module, course.File, string.Join(", ", course.Modules.Select(m => m.Slug))));
        }
        var order = RequiredNumber(root, "order", file, offset);
        var minutes = RequiredNumber(root, "minutes", file, offset);
        var status = Required(root, "status", file, offset) switch
        {
            "published" => LessonStatus.Published,
            "draft" => LessonStatus.Draft,
            var other => throw new ContentImportException(file, LineOf(root, "status", offset), Localized.Text<ContentText>("Import.BadStatus", other)),
        };
        var tags = Tags(root, file, offset);
        var summary = Optional(root, "summary", file, offset) ?? "";
        // The language the lesson is written in (not the interface's): the page says so to a reader
        // of the other language, and marks the text with it for screen readers and hyphenation.
        var language = Optional(root, "lang", file, offset) ?? Languages.Korean;
        if (Languages.Find(language) != language)
        {
            throw new ContentImportException(file, LineOf(root, "lang", offset),
                Localized.Text<ContentText>("Import.BadLanguage", string.Join(Localized.Text<ContentText>("Import.Or"), Languages.All), language));
        }

        RenderedLesson rendered;
        try
        {
            rendered = markdown.RenderLesson(body, $"{course.Slug}/{slug}");
        }
        catch (LessonExerciseException e)
        {
            throw new ContentImportException(file, bodyStartLine + e.Line, e.Message);
        }
        if (rendered.LinksHtml is null)
        {
            throw new ContentImportException(file, bodyStartLine, Localized.Text<ContentText>("Import.NoLinks"));
        }
        if (rendered.ExerciseHtml is null)
        {
            throw new ContentImportException(file, bodyStartLine, Localized.Text<ContentText>("Import.NoExercise"));
        }
        return new LessonSource(course.Slug, file, slug, LineOf(root, "slug", offset), title, module, order, minutes, tags, status, summary, language, body,
            ContentHash(bytes), rendered);
    }

    /// Markdig finds the front matter (a `---` first line, closed by a `---` or `...` line); the YAML
    /// and the body are cut from the file's own text, so line numbers stay those of the file.
    /// Returns the body's first line (1-based), to which Markdown errors add their own line.
    private static (string Yaml, string Body, int BodyStartLine) SplitFrontMatter(string text, string file)
    {
        var frontMatter = Markdown.Parse(text, FrontMatterPipeline).Descendants<YamlFrontMatterBlock>().FirstOrDefault();
        if (frontMatter is null)
        {
            var opened = text.Split('\n', 2)[0].TrimEnd() == "---";
            throw new ContentImportException(file, 1, opened
                ? Localized.Text<ContentText>("Import.FrontMatterOpen")
                : Localized.Text<ContentText>("Import.NoFrontMatter"));
        }
        var yamlStart = text.IndexOf('\n') + 1;
        var closingLine = text.LastIndexOf('\n', frontMatter.Span.End) + 1;
        var afterClosing = text.IndexOf('\n', frontMatter.Span.End);
        var body = afterClosing < 0 ? "" : text[(afterClosing + 1)..];
        return (text[yamlStart..closingLine], body, text[..closingLine].Count(c => c == '\n') + 2);
    }

    /// SHA-256 of the file, salted with the renderer's version: the stored HTML is a product of
    /// both, so a renderer change re-renders every lesson (as a new revision) on the next import.
    private static string ContentHash(byte[] file)
    {
        var version = Encoding.UTF8.GetBytes($"lesson-markdown/{LessonMarkdown.Version}\n");
        return Convert.ToHexStringLower(SHA256.HashData([.. version, .. file]));
    }

    private static YamlMappingNode LoadMapping(string yaml, string file, int lineOffset)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            var reason = YamlPositionPrefix().Replace(e.Message, "");
            throw new ContentImportException(file, (int)e.Start.Line + lineOffset, Localized.Text<ContentText>("Import.BadYaml", reason));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up this way on some unclosed flow collections, without a position.
            throw new ContentImportException(file, null, Localized.Text<ContentText>("Import.UnclosedYaml"));
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ContentImportException(file, 1 + lineOffset, Localized.Text<ContentText>("Import.NotMapping"));
        }
        return root;
    }

    private static void RejectUnknown(YamlMappingNode root, string[] known, string file, int offset)
    {
        foreach (var key in root.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } name } || !known.Contains(name, StringComparer.Ordinal))
            {
                throw new ContentImportException(file, LineOf(key, offset),
                    Localized.Text<ContentText>("Import.UnknownField", (key as YamlScalarNode)?.Value ?? "", string.Join(", ", known)));
            }
        }
    }

    private static string? Optional(YamlMappingNode root, string key, string file, int offset)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return null;
        }
        if (node is not YamlScalarNode scalar)
        {
            throw new ContentImportException(file, LineOf(node, offset), Localized.Text<ContentText>("Import.NotScalar", key));
        }
        return string.IsNullOrWhiteSpace(scalar.Value) ? null : scalar.Value.Trim();
    }

    private static string Required(YamlMappingNode root, string key, string file, int offset) =>
        Optional(root, key, file, offset)
        ?? throw new ContentImportException(file, root.Children.ContainsKey(new YamlScalarNode(key)) ? LineOf(root, key, offset) : null, Localized.Text<ContentText>("Import.Missing", key));

    private static string RequiredSlug(YamlMappingNode root, string key, string file, int offset)
    {
        var value = Required(root, key, file, offset);
        if (!SlugPattern().IsMatch(value))
        {
            throw new ContentImportException(file, LineOf(root, key, offset), Localized.Text<ContentText>("Import.BadSlug", key, value));
        }
        return value;
    }

    private static int RequiredNumber(YamlMappingNode root, string key, string file, int offset)
    {
        var value = Required(root, key, file, offset);
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            throw new ContentImportException(file, LineOf(root, key, offset), Localized.Text<ContentText>("Import.BadNumber", key, value));
        }
        return number;
    }

    private static List<string> Tags(YamlMappingNode root, string file, int offset)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("tags"), out var node))
        {
            return [];
        }
        if (node is not YamlSequenceNode sequence)
        {
            throw new ContentImportException(file, LineOf(node, offset), Localized.Text<ContentText>("Import.TagsNotList"));
        }
        var tags = new List<string>();
        foreach (var item in sequence.Children)
        {
            var tag = (item as YamlScalarNode)?.Value?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(tag) || !TagPattern().IsMatch(tag))
            {
                throw new ContentImportException(file, LineOf(item, offset), Localized.Text<ContentText>("Import.BadTag", tag ?? ""));
            }
            if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }
        }
        return tags;
    }

    private static int LineOf(YamlNode node, int offset) => (int)node.Start.Line + offset;

    private static int LineOf(YamlMappingNode root, string key, int offset) =>
        root.Children.TryGetValue(new YamlScalarNode(key), out var node) ? LineOf(node, offset) : LineOf(root, offset);

    private static string ReadText(string path) => Decode(File.ReadAllBytes(path));

    private static string Decode(byte[] bytes) =>
        new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(bytes).TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string Relative(string root, string path) =>
        Path.Combine(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root))), Path.GetRelativePath(root, path)).Replace('\\', '/');
}
