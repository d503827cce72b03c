using Npgsql;
using Platform.Web.Infrastructure.Caching;

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
/// Every stem must prefix-match a word of the lesson (title, summary, tags, headings, body); the
/// lessons are ranked by ts_rank on the lesson's vector with the title weighing most, and each hit
/// points at the section that matches the stems best. When nothing matches, each stem that is no
/// lesson's word is replaced by the most similar word the lessons use (pg_trgm) and the search
/// runs again: "tokenzier" finds what "tokenizer" finds, marked as a near match.
///
/// Outcomes are kept in memory by their stems (the same query typed with other particles or case
/// shares one), up to <see cref="CachedQueries"/> of them, and all dropped when the database
/// announces a change to the catalog: what readers search for repeats, and a repeated search costs
/// no round trip.
public sealed class LessonSearch(NpgsqlDataSource dataSource) : IReadModel
{
    public const int MaxHits = 20;

    public const int CachedQueries = 1000;

    private readonly SharedEntries<string, SearchOutcome> _outcomes = new();

    private const string Weights = "'{0.05, 0.2, 0.5, 1.0}'";

    private const string FullTextSql = $"""
        WITH q AS (SELECT CAST(@query AS tsquery) AS query, CAST(@any AS tsquery) AS any_stem),
        top AS (
            SELECT d.lesson_id, ts_rank({Weights}, d.document, q.query) AS rank, l.title
            FROM lesson_search_documents d
            CROSS JOIN q
            JOIN lessons l ON l.id = d.lesson_id
            JOIN courses c ON c.id = l.course_id
            WHERE d.document @@ q.query AND l.status = 'Published' AND c.is_published
            ORDER BY rank DESC, l.title
            LIMIT @limit
        )
        SELECT c.slug, c.title, l.slug, l.title, best.anchor, best.heading, best.text
        FROM top
        JOIN lessons l ON l.id = top.lesson_id
        JOIN courses c ON c.id = l.course_id
        CROSS JOIN LATERAL (
            SELECT s.anchor, s.heading, s.text
            FROM lesson_sections s, q
            WHERE s.lesson_id = top.lesson_id
            ORDER BY ts_rank({Weights}, s.document, q.query) DESC, ts_rank({Weights}, s.document, q.any_stem) DESC, s.position
            LIMIT 1
        ) best
        ORDER BY top.rank DESC, top.title
        """;

    // For each stem: whether it begins some word (then it is kept), else up to ten words that
    // share enough trigrams with it (pg_trgm's similarity above its default 0.3), most alike first.
    private const string CorrectionSql = """
        WITH s AS (
            SELECT stem, n, EXISTS (SELECT 1 FROM search_words w WHERE w.word LIKE stem || '%') AS known
            FROM unnest(@stems) WITH ORDINALITY AS t(stem, n))
        SELECT s.n, s.known, c.word
        FROM s
        LEFT JOIN LATERAL (
            SELECT w.word FROM search_words w
            WHERE NOT s.known AND w.word % s.stem
            ORDER BY similarity(w.word, s.stem) DESC, w.word
            LIMIT 10) c ON TRUE
        ORDER BY s.n
        """;

    public async Task<SearchOutcome> SearchAsync(string? query)
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

        if (_outcomes.Count >= CachedQueries)
        {
            _outcomes.Clear();
        }
        // Not cancelled with one reader's request: the search is shared by every reader waiting for it.
        return await _outcomes.GetAsync(string.Join(' ', stems), _ => RunAsync(stems));
    }

    public void Apply(ReadModelChange change)
    {
        if (change.Kind is ReadModelChangeKind.Catalog or ReadModelChangeKind.Everything)
        {
            _outcomes.Clear();
        }
    }

    private async Task<SearchOutcome> RunAsync(IReadOnlyList<string> stems)
    {
        var ct = CancellationToken.None;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var hits = await FindAsync(connection, stems, fuzzy: false, ct);
        if (hits.Count == 0)
        {
            var corrected = await CorrectAsync(connection, stems, ct);
            if (!corrected.SequenceEqual(stems, StringComparer.Ordinal))
            {
                stems = corrected;
                hits = await FindAsync(connection, stems, fuzzy: true, ct);
            }
        }
        return new SearchOutcome(SearchState.Searched, stems, hits);
    }

    private static async Task<List<SearchHit>> FindAsync(NpgsqlConnection connection, IReadOnlyList<string> stems, bool fuzzy, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(FullTextSql, connection);
        command.Parameters.AddWithValue("query", SearchTerms.TsQuery(stems));
        command.Parameters.AddWithValue("any", SearchTerms.TsQuery(stems, " | "));
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

    /// Each stem that begins no lesson's word becomes the candidate fewest edits away from it
    /// (trigrams alone prefer "token" to "tokenizer" for "tokenzier": a short word shares most of
    /// its few trigrams), or stays as it is when nothing is alike.
    private static async Task<IReadOnlyList<string>> CorrectAsync(NpgsqlConnection connection, IReadOnlyList<string> stems, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(CorrectionSql, connection);
        command.Parameters.AddWithValue("stems", stems.ToArray());
        var candidates = stems.Select(_ => new List<string>()).ToList();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                if (!reader.GetBoolean(1) && !reader.IsDBNull(2))
                {
                    candidates[(int)reader.GetInt64(0) - 1].Add(reader.GetString(2));
                }
            }
        }
        return stems
            .Select((stem, i) => candidates[i].Count == 0 ? stem : candidates[i].MinBy(word => SearchTerms.EditDistance(stem, word))!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
