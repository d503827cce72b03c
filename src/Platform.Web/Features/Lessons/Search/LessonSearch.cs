using System.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Lessons.Search;

public enum SearchState
{
    /// No query yet: the page shows only the form.
    Empty,
    TooLong,
    /// Only punctuation or symbols: nothing to look for.
    NoWords,
    Searched,
}

public sealed record SearchHit(
    string CourseSlug,
    string CourseTitle,
    string LessonSlug,
    string LessonTitle,
    string Anchor,
    string Heading,
    string Text,
    bool Fuzzy);

public sealed record SearchOutcome(SearchState State, IReadOnlyList<string> Stems, IReadOnlyList<SearchHit> Hits);

/// Published lessons matching a query, best first, one hit per lesson (its best section).
/// Full text first: every stem must prefix-match a word of the section, its lesson's title,
/// summary or tags; ranked by ts_rank with the title weighing most. When that finds nothing,
/// trigram similarity on titles, headings and tags catches misspellings and parts of words.
public sealed class LessonSearch(PlatformDbContext db)
{
    public const int MaxHits = 20;

    private const string FullTextSql = """
        SELECT * FROM (
            SELECT DISTINCT ON (s.lesson_id)
                c.slug, c.title, l.slug, l.title, s.anchor, s.heading, s.text,
                ts_rank('{0.05, 0.2, 0.5, 1.0}', s.document, q.query) AS rank
            FROM lesson_sections s
            JOIN lessons l ON l.id = s.lesson_id
            JOIN courses c ON c.id = l.course_id
            CROSS JOIN (SELECT CAST(@query AS tsquery) AS query) q
            WHERE s.document @@ q.query AND l.status = 'Published' AND c.is_published
            ORDER BY s.lesson_id, rank DESC, s.position
        ) best
        ORDER BY rank DESC, 4
        LIMIT @limit
        """;

    private const string TrigramSql = """
        SELECT * FROM (
            SELECT DISTINCT ON (s.lesson_id)
                c.slug, c.title, l.slug, l.title, s.anchor, s.heading, s.text,
                word_similarity(@words, s.trigram_text) AS rank
            FROM lesson_sections s
            JOIN lessons l ON l.id = s.lesson_id
            JOIN courses c ON c.id = l.course_id
            WHERE @words <% s.trigram_text AND l.status = 'Published' AND c.is_published
            ORDER BY s.lesson_id, rank DESC, s.position
        ) best
        ORDER BY rank DESC, 4
        LIMIT @limit
        """;

    public async Task<SearchOutcome> SearchAsync(string? query, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return new SearchOutcome(SearchState.Empty, [], []);
        }
        if (query.Length > SearchTerms.MaxQueryLength)
        {
            return new SearchOutcome(SearchState.TooLong, [], []);
        }
        var stems = SearchTerms.QueryStems(query);
        if (stems.Count == 0)
        {
            return new SearchOutcome(SearchState.NoWords, [], []);
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }
        try
        {
            var hits = await ReadAsync(connection, FullTextSql, new NpgsqlParameter("query", SearchTerms.TsQuery(stems)), fuzzy: false, ct);
            if (hits.Count == 0)
            {
                hits = await ReadAsync(connection, TrigramSql, new NpgsqlParameter("words", string.Join(' ', stems)), fuzzy: true, ct);
            }
            return new SearchOutcome(SearchState.Searched, stems, hits);
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static async Task<List<SearchHit>> ReadAsync(NpgsqlConnection connection, string sql, NpgsqlParameter parameter, bool fuzzy, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(parameter);
        command.Parameters.AddWithValue("limit", MaxHits);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var hits = new List<SearchHit>();
        while (await reader.ReadAsync(ct))
        {
            hits.Add(new SearchHit(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), fuzzy));
        }
        return hits;
    }
}
