using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Lessons.Links;
using Platform.Web.Features.Reports;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Features.Lessons;

/// How one lesson is doing, from every signal the site has, tied to its current revision.
public sealed record LessonHealthRow(
    int LessonId,
    string CourseSlug,
    string CourseTitle,
    string ModuleTitle,
    string Slug,
    string Title,
    LessonStatus Status,
    int RevisionNumber,
    DateTimeOffset RevisionDate,
    int Completions,
    int Helpful,
    int Unhelpful,
    IReadOnlyList<string> LatestNotes,
    IReadOnlyDictionary<ReportCategory, int> OpenReports,
    int CommentsLast30Days,
    IReadOnlyList<FailedLink> FailedLinks)
{
    /// The share of the previous lesson's finishers (in course order) who did not finish this one;
    /// null for a course's first lesson or when nobody finished the previous one.
    public double? DropOff { get; init; }

    public int OpenReportCount => OpenReports.Values.Sum();

    public bool HasProblem => Problems.Count > 0 || FailedLinks.Count > 0;

    public string DropOffText => DropOff is { } d ? Math.Round(d * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";

    /// What needs an author's eye, in words of the current culture; empty when nothing does.
    public IReadOnlyList<string> Problems
    {
        get
        {
            var problems = new List<string>();
            if (OpenReportCount > 0)
            {
                problems.Add(Localized.Text<LessonsText>("Health.Flag.Reports", OpenReportCount));
            }
            if (Unhelpful >= LessonHealth.UnhelpfulThreshold && Unhelpful >= Helpful)
            {
                problems.Add(Localized.Text<LessonsText>("Health.Flag.Unhelpful"));
            }
            if (DropOff >= LessonHealth.DropOffThreshold)
            {
                problems.Add(Localized.Text<LessonsText>("Health.Flag.DropOff", DropOffText));
            }
            return problems;
        }
    }
}

/// An external link of the lesson whose last check failed.
public sealed record FailedLink(string Url, LinkOutcome Outcome, int? StatusCode, DateTimeOffset? CheckedAt);

/// The figures of /admin/lessons/health in one statement, whatever the number of learners: each
/// figure is an aggregate the database computes per lesson.
public sealed class LessonHealth(PlatformDbContext db, TimeProvider clock)
{
    public const int UnhelpfulThreshold = 3;
    public const double DropOffThreshold = 0.5;
    public const int NotesShown = 3;

    private static readonly JsonSerializerOptions FailedLinkJson = new(JsonSerializerOptions.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// Every lesson not removed from the content (or only <paramref name="lessonId"/>), in course order.
    public async Task<IReadOnlyList<LessonHealthRow>> ReadAsync(int? lessonId, CancellationToken ct)
    {
        var since = clock.GetUtcNow().AddDays(-30);
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }
        try
        {
            await using var command = connection.CreateCommand();
            // Drop-off needs the previous lesson's completions, so a single-lesson read still reads its course.
            command.CommandText = $"""
                SELECT l.id, c.slug, c.title, m.title, l.slug, l.title, l.status, l.revision_number, r.imported_at,
                       (SELECT count(*) FROM lesson_completions lc WHERE lc.lesson_id = l.id)::int,
                       hv.helpful, hv.unhelpful,
                       ARRAY(SELECT v.note FROM helpful_votes v
                             WHERE v.lesson_id = l.id AND v.revision_number = l.revision_number AND v.note IS NOT NULL
                             ORDER BY v.updated_at DESC LIMIT {NotesShown}),
                       ARRAY(SELECT p.category FROM problem_reports p WHERE p.lesson_id = l.id AND p.status IN ('New', 'Triaged')),
                       (SELECT count(*) FROM comments cm WHERE cm.lesson_id = l.id AND cm.created_at >= @since AND cm.deleted_at IS NULL)::int,
                       (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                   'url', e.url, 'outcome', e.outcome, 'statusCode', e.status_code, 'checkedAt', e.checked_at)
                                   ORDER BY e.url), '[]'::jsonb)::text
                        FROM lesson_external_links le JOIN external_links e ON e.id = le.link_id
                        WHERE le.lesson_id = l.id AND e.outcome NOT IN ('Unchecked', 'Ok'))
                FROM lessons l
                JOIN courses c ON c.id = l.course_id
                JOIN course_modules m ON m.id = l.module_id
                JOIN lesson_revisions r ON r.lesson_id = l.id AND r.number = l.revision_number
                CROSS JOIN LATERAL (
                    SELECT (count(*) FILTER (WHERE v.helpful))::int AS helpful, (count(*) FILTER (WHERE NOT v.helpful))::int AS unhelpful
                    FROM helpful_votes v WHERE v.lesson_id = l.id AND v.revision_number = l.revision_number) hv
                WHERE l.status <> 'Unpublished' AND c.is_published
                  AND (@lesson::integer IS NULL OR l.course_id = (SELECT course_id FROM lessons WHERE id = @lesson::integer))
                ORDER BY c.slug, m.position, l.position, l.slug
                """;
            AddParameter(command, "since", since);
            AddParameter(command, "lesson", (object?)lessonId ?? DBNull.Value);
            var rows = new List<LessonHealthRow>();
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    rows.Add(new LessonHealthRow(
                        reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                        reader.GetString(5), Enum.Parse<LessonStatus>(reader.GetString(6)), reader.GetInt32(7),
                        reader.GetFieldValue<DateTimeOffset>(8), reader.GetInt32(9), reader.GetInt32(10), reader.GetInt32(11),
                        reader.GetFieldValue<string[]>(12),
                        reader.GetFieldValue<string[]>(13)
                            .Select(Enum.Parse<ReportCategory>)
                            .GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count()),
                        reader.GetInt32(14),
                        JsonSerializer.Deserialize<List<FailedLink>>(reader.GetString(15), FailedLinkJson)!));
                }
            }
            var result = new List<LessonHealthRow>(rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                var previous = i > 0 && rows[i - 1].CourseSlug == rows[i].CourseSlug ? rows[i - 1] : null;
                var dropOff = previous is { Completions: > 0 }
                    ? Math.Max(0, 1 - ((double)rows[i].Completions / previous.Completions))
                    : (double?)null;
                result.Add(rows[i] with { DropOff = dropOff });
            }
            return lessonId is null ? result : result.Where(r => r.LessonId == lessonId).ToList();
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
