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
        await db.Database.ExecuteSqlRawAsync(DocumentsSql, [ids], ct);
    }

    /// The lesson vectors are built by PostgreSQL from the sections just written, with the same
    /// weights as a section's own vector; then the list of words is made again from every lesson.
    private const string DocumentsSql = """
        DELETE FROM lesson_search_documents WHERE lesson_id = ANY({0});
        INSERT INTO lesson_search_documents (lesson_id, document)
        SELECT lesson_id,
               setweight(to_tsvector('simple'::regconfig, min(title_terms)), 'A')
               || setweight(to_tsvector('simple'::regconfig, string_agg(meta_terms, ' ' ORDER BY position)), 'B')
               || setweight(to_tsvector('simple'::regconfig, string_agg(body_terms, ' ' ORDER BY position)), 'D')
        FROM lesson_sections WHERE lesson_id = ANY({0})
        GROUP BY lesson_id;
        DELETE FROM search_words;
        INSERT INTO search_words (word)
        SELECT DISTINCT word FROM lesson_search_documents, unnest(tsvector_to_array(document)) AS word
        WHERE char_length(word) >= 2;
        """;

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
            };
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
