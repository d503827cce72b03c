using System.Text.Json;
using Platform.Web.Infrastructure.Localization;
using Platform.Web.Features.Account;
using Platform.Web.Features.Progress;
using Platform.Web.Infrastructure.Security;

namespace Platform.Web.Features.Exercises;

/// The quiz JSON API for exercises.js. POSTs need the antiforgery header (from GET
/// /api/antiforgery: the cached lesson page has no token). Visitors get the verdict and keep it in
/// their browser; learners' first right answers are recorded.
public static class ExerciseApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebApplication MapExerciseApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/exercises").RequireAntiforgeryHeader()
            .WithMetadata(new BodyLimitAttribute(RequestBodyLimit.Json));
        api.MapPost("/check", CheckAsync);
        api.MapGet("/solved", SolvedAsync);
        return app;
    }

    private static async Task<IResult> CheckAsync(HttpContext http, ExerciseCheck check, ProgressReader reader, CancellationToken ct)
    {
        CheckRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<CheckRequest>(http.Request.Body, Json, ct);
        }
        catch (JsonException)
        {
            return Problem(Localized.Text<ExercisesText>("Api.BadJson"), StatusCodes.Status400BadRequest);
        }
        catch (BadHttpRequestException e)
        {
            return Problem(Localized.Text<ExercisesText>("Api.Unreadable"), e.StatusCode);
        }
        if (string.IsNullOrWhiteSpace(request?.Answer))
        {
            return Problem(Localized.Text<ExercisesText>("Api.NoAnswer"), StatusCodes.Status400BadRequest);
        }
        if (request.Answer.Length > Lessons.LessonExercise.AnswerMaxLength)
        {
            return Problem(Localized.Text<ExercisesText>("Api.AnswerTooLong", Lessons.LessonExercise.AnswerMaxLength), StatusCodes.Status400BadRequest);
        }
        if (await check.FindAsync(request.Exercise, ct) is not { } target)
        {
            return Problem(Localized.Text<ExercisesText>("Api.NoExercise"), StatusCodes.Status404NotFound);
        }
        var userId = http.User.UserId();
        var outcome = await check.AnswerAsync(target, request.Answer, userId, null, ct);
        if (userId is not null && outcome.FirstTime)
        {
            // The session check read this learner's state before the answer was recorded.
            reader.Invalidate(userId);
        }
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new
        {
            exercise = target.Key,
            correct = outcome.Correct,
            firstTime = outcome.FirstTime,
            xp = outcome.FirstTime ? ProgressRules.ExerciseXp : 0,
            explanationHtml = outcome.Correct ? target.Exercise.ExplanationHtml : null,
            progress = userId is null ? null : await reader.SnapshotAsync(userId, ct),
        });
    }

    private static async Task<IResult> SolvedAsync(HttpContext http, string? lesson, ExerciseCheck check, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var userId = http.User.UserId();
        if (userId is null)
        {
            return Problem(Localized.Text<ExercisesText>("Api.SignIn"), StatusCodes.Status401Unauthorized);
        }
        var targets = await check.FindInLessonAsync(lesson ?? "", ct);
        if (targets.Count == 0)
        {
            return Results.Json(new { solved = Array.Empty<string>() });
        }
        var solved = await check.SolvedInLessonAsync(userId, targets[0].LessonId, ct);
        return Results.Json(new { solved = targets.Where(t => solved.Contains(t.Exercise.Id)).Select(t => t.Key) });
    }

    private static IResult Problem(string title, int status) => Results.Problem(title: title, statusCode: status);

    private sealed record CheckRequest(string? Exercise, string? Answer);
}
