using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using Platform.Web.Features.Account;
using Platform.Web.Features.Lessons;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Localization;
using Platform.Web.Infrastructure.Security;

namespace Platform.Web.Features.Progress;

/// The progress JSON API. POSTs need the antiforgery header; everything but the rules needs a
/// signed-in learner (a visitor gets 401, not a redirect to the sign-in page).
public static class ProgressApi
{
    public const int MaxMergeItems = 1000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebApplication MapProgressApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/progress").RequireAntiforgeryHeader()
            .WithMetadata(new BodyLimitAttribute(RequestBodyLimit.Json));
        api.MapGet("/rules", RulesAsync);
        api.MapGet("", GetAsync).AddEndpointFilter(RequireLearner);
        api.MapPost("/complete", CompleteAsync).AddEndpointFilter(RequireLearner);
        api.MapPost("/uncomplete", UncompleteAsync).AddEndpointFilter(RequireLearner);
        api.MapPost("/merge", MergeAsync).AddEndpointFilter(RequireLearner);
        return app;
    }

    /// The same rules the server applies, for the browser to compute a visitor's standing.
    private static async Task<IResult> RulesAsync(
        HttpContext http, PlatformDbContext db, IStringLocalizer<ProgressText> text, CancellationToken ct)
    {
        var catalog = await ProgressCatalog.PublishedAsync(db, ct);
        http.Response.Headers.CacheControl = "public, max-age=60";
        return Results.Json(new
        {
            lessonXp = ProgressRules.LessonXp,
            exerciseXp = ProgressRules.ExerciseXp,
            // Every language's level name: the response stays the same for every reader (cacheable),
            // and progress.js picks the one of the page's <html lang>.
            levels = ProgressRules.Levels.Select(l => new { l.Number, l.Name, l.MinXp, Names = Names(text, $"Level.{l.Number}") }),
            achievements = ProgressRules.Achievements,
            achievementNames = ProgressRules.Achievements.ToDictionary(a => a.Id, a => Names(text, $"Achievement.{a.Id}.Name")),
            catalog = catalog.Select(l => new { lesson = l.Key, module = l.ModuleKey, title = l.Title, exercises = l.ExerciseIds }),
        });
    }

    private static Dictionary<string, string> Names(IStringLocalizer<ProgressText> text, string key) =>
        Languages.All.ToDictionary(language => language, language =>
        {
            using (Languages.Use(language))
            {
                return text[key].Value;
            }
        });

    private static async Task<IResult> GetAsync(HttpContext http, ProgressReader reader, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(await reader.SnapshotAsync(LearnerId(http), ct));
    }

    /// The lesson from the in-memory catalog, then the mark with the others arriving meanwhile
    /// (<see cref="MarkWrites"/>: one round trip for all of them), or on its own when that cannot
    /// take it (one round trip: the batch of lock, writes and record, committed as one implicit
    /// transaction), and the answer from the record the write read.
    private static async Task<IResult> CompleteAsync(
        HttpContext http, PlatformDbContext db, ProgressLedger ledger, MarkWrites marks, ProgressReader reader, CancellationToken ct)
    {
        var (lesson, error) = await ReadLessonAsync(http, reader, ct);
        if (error is not null)
        {
            return error;
        }
        var record = await marks.CompleteAsync(LearnerId(http), lesson!.Id, ct)
            ?? await ledger.CompleteAsync(db, LearnerId(http), lesson.Id, ct);
        return Results.Json(await reader.SnapshotAsync(record, ct));
    }

    private static async Task<IResult> UncompleteAsync(
        HttpContext http, PlatformDbContext db, ProgressLedger ledger, ProgressReader reader, CancellationToken ct)
    {
        var (lesson, error) = await ReadLessonAsync(http, reader, ct);
        if (error is not null)
        {
            return error;
        }
        var record = await ledger.UncompleteAsync(db, LearnerId(http), lesson!.Id, ct);
        return Results.Json(await reader.SnapshotAsync(record, ct));
    }

    private static async Task<IResult> MergeAsync(
        HttpContext http, PlatformDbContext db, ProgressLedger ledger, ProgressReader reader, Exercises.ExerciseCheck exercises, CancellationToken ct)
    {
        var (request, error) = await ReadJsonAsync<MergeRequest>(http, ct);
        if (error is not null)
        {
            return error;
        }
        if (request is null || (request.Completions is null && request.Exercises is null))
        {
            return BadRequest(Localized.Text<ProgressText>("Api.NoCompletions"));
        }
        var items = request.Completions ?? [];
        var answers = request.Exercises ?? [];
        if (answers.Count > MaxMergeItems)
        {
            return BadRequest(Localized.Text<ProgressText>("Api.TooManyAnswers", MaxMergeItems.ToString("N0", CultureInfo.CurrentCulture), answers.Count.ToString("N0", CultureInfo.CurrentCulture)));
        }
        if (items.Count > MaxMergeItems)
        {
            return BadRequest(Localized.Text<ProgressText>("Api.TooManyCompletions", MaxMergeItems.ToString("N0", CultureInfo.CurrentCulture), items.Count.ToString("N0", CultureInfo.CurrentCulture)));
        }
        var parsed = new List<(string Lesson, DateTimeOffset At)>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item is null || string.IsNullOrWhiteSpace(item.Lesson))
            {
                return BadRequest(Localized.Text<ProgressText>("Api.NoLesson", i + 1));
            }
            if (!DateTimeOffset.TryParse(item.CompletedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                return BadRequest(Localized.Text<ProgressText>("Api.BadTime", i + 1, item.Lesson));
            }
            parsed.Add((item.Lesson.Trim(), at));
        }

        var published = (await ProgressCatalog.PublishedAsync(db, ct)).ToDictionary(l => l.Key, StringComparer.Ordinal);
        var ignored = parsed.Select(p => p.Lesson).Where(l => !published.ContainsKey(l)).Distinct(StringComparer.Ordinal).ToList();
        var userId = LearnerId(http);
        var added = await ledger.MergeAsync(
            db, userId, parsed.Where(p => published.ContainsKey(p.Lesson)).Select(p => (published[p.Lesson].Id, p.At)), ct);
        var keyOf = published.Values.ToDictionary(l => l.Id, l => l.Key);
        var (exercisesAdded, exercisesIgnored) = await MergeExercisesAsync(exercises, userId, answers, ct);
        // The session check read this learner's state before the write.
        reader.Invalidate(userId);
        return Results.Json(new
        {
            added = added.Select(a => new CompletionJson(keyOf[a.LessonId], a.CompletedAt)),
            ignored,
            exercisesAdded,
            exercisesIgnored,
            progress = await reader.SnapshotAsync(userId, ct),
        });
    }

    /// A visitor's answers, checked again here (the browser's word is not taken for it): the right
    /// ones are recorded, wrong, unknown or malformed ones are listed as ignored.
    private static async Task<(List<string> Added, List<string> Ignored)> MergeExercisesAsync(
        Exercises.ExerciseCheck exercises, string userId, List<ExerciseMergeItem?> answers, CancellationToken ct)
    {
        var added = new List<string>();
        var ignored = new List<string>();
        var byLesson = new Dictionary<string, IReadOnlyList<Exercises.ExerciseTarget>>(StringComparer.Ordinal);
        foreach (var item in answers)
        {
            if (item is null || Exercises.ExerciseCheck.ParseKey(item.Exercise) is not { } key || string.IsNullOrWhiteSpace(item.Answer))
            {
                ignored.Add(item?.Exercise ?? "");
                continue;
            }
            if (!byLesson.TryGetValue(key.Lesson, out var targets))
            {
                targets = await exercises.FindInLessonAsync(key.Lesson, ct);
                byLesson[key.Lesson] = targets;
            }
            var target = targets.FirstOrDefault(t => t.Exercise.Id == key.Id);
            DateTimeOffset? at = DateTimeOffset.TryParse(item.SolvedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                ? parsed : null;
            if (target is null || item.Answer.Length > Lessons.LessonExercise.AnswerMaxLength)
            {
                ignored.Add(item.Exercise!);
                continue;
            }
            var outcome = await exercises.AnswerAsync(target, item.Answer, userId, at, ct);
            if (!outcome.Correct)
            {
                ignored.Add(target.Key);
            }
            else if (outcome.FirstTime)
            {
                added.Add(target.Key);
            }
        }
        return (added, ignored);
    }

    private static string LearnerId(HttpContext http) => http.User.RequiredUserId();

    private static async ValueTask<object?> RequireLearner(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.User.UserId() is null)
        {
            return Results.Problem(
                title: Localized.Text<ProgressText>("Api.SignIn"),
                statusCode: StatusCodes.Status401Unauthorized);
        }
        return await next(context);
    }

    private static async Task<(CatalogLesson? Lesson, IResult? Error)> ReadLessonAsync(HttpContext http, ProgressReader reader, CancellationToken ct)
    {
        var (request, error) = await ReadJsonAsync<LessonRequest>(http, ct);
        if (error is not null)
        {
            return (null, error);
        }
        if (LessonKey.Parse(request?.Lesson) is not { } key)
        {
            return (null, BadRequest(Localized.Text<ProgressText>("Api.LessonFormat")));
        }
        var wanted = key.ToString();
        var lesson = (await reader.CatalogAsync(ct)).FirstOrDefault(l => l.Key == wanted);
        return lesson is null
            ? (null, Results.Problem(title: Localized.Text<ProgressText>("Api.UnknownLesson", key), statusCode: StatusCodes.Status404NotFound))
            : (lesson, null);
    }

    private static async Task<(T? Value, IResult? Error)> ReadJsonAsync<T>(HttpContext http, CancellationToken ct)
        where T : class
    {
        try
        {
            return (await JsonSerializer.DeserializeAsync<T>(http.Request.Body, Json, ct), null);
        }
        catch (JsonException)
        {
            return (null, BadRequest(Localized.Text<ProgressText>("Api.BadJson")));
        }
        catch (BadHttpRequestException e)
        {
            return (null, Results.Problem(title: Localized.Text<ProgressText>("Api.Unreadable"), statusCode: e.StatusCode));
        }
    }

    private static IResult BadRequest(string message) =>
        Results.Problem(title: message, statusCode: StatusCodes.Status400BadRequest);

    private sealed record LessonRequest(string? Lesson);

    private sealed record MergeRequest(List<MergeItem?>? Completions, List<ExerciseMergeItem?>? Exercises);

    private sealed record ExerciseMergeItem(string? Exercise, string? Answer, string? SolvedAt);

    private sealed record MergeItem(string? Lesson, string? CompletedAt);
}
