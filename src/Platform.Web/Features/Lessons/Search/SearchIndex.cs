using Microsoft.EntityFrameworkCore;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Lessons.Search;

/// Keeps <see cref="LessonSection"/> in step with the lessons, inside the content import's
/// transaction: a lesson whose file changed gets its sections rewritten, and so does one that has
/// none yet (a database imported before search existed).
internal static class SearchIndex
{
    public static async Task UpdateAsync(
        PlatformDbContext db, LessonMarkdown markdown, IReadOnlyList<(Lesson Lesson, LessonSource Source, bool Changed)> lessons, CancellationToken ct)
    {
        var sections = db.Set<LessonSection>();
        var indexed = (await sections.Select(s => s.LessonId).Distinct().ToListAsync(ct)).ToHashSet();
        var rewrite = lessons.Where(l => l.Changed || !indexed.Contains(l.Lesson.Id)).ToList();
        if (rewrite.Count == 0)
        {
            return;
        }
        var ids = rewrite.Select(l => l.Lesson.Id).ToList();
        await sections.Where(s => ids.Contains(s.LessonId)).ExecuteDeleteAsync(ct);
        foreach (var (lesson, source, _) in rewrite)
        {
            sections.AddRange(SectionsOf(lesson, source, markdown));
        }
        await db.SaveChangesAsync(ct);
    }

    private static IEnumerable<LessonSection> SectionsOf(Lesson lesson, LessonSource source, LessonMarkdown markdown)
    {
        var title = SearchTerms.Normalize(source.Title);
        var tags = SearchTerms.Normalize(string.Join(' ', source.Tags));
        var summary = SearchTerms.Normalize(source.Summary);
        var position = 0;
        foreach (var section in markdown.SectionsOf(source.Markdown))
        {
            var heading = SearchTerms.Normalize(section.Heading);
            // The opening carries the summary: a result there shows why the lesson matched.
            var text = section.Anchor.Length == 0 && source.Summary.Length > 0 ? $"{source.Summary} {section.Text}".Trim() : section.Text;
            yield return new LessonSection
            {
                LessonId = lesson.Id,
                Position = position++,
                Anchor = section.Anchor,
                Heading = Truncate(section.Heading, 300),
                Text = text,
                TitleTerms = title,
                MetaTerms = $"{summary} {tags} {heading}".Trim(),
                BodyTerms = SearchTerms.Normalize(section.Text),
                TrigramText = $"{title} {heading} {tags}".Trim(),
            };
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
