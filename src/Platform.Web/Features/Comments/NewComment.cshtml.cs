using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Platform.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using Platform.Web.Features.Lessons;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Text;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Comments;

/// Posting a comment or a reply. The lesson page's forms post here; a refused post comes back
/// here with the reason and the text as typed (400, 403, 404 or 429 with Retry-After).
[Authorize]
// The comment and a few hidden fields.
[BodyLimit(Comment.MaxLength * RequestBodyLimit.PerFormCharacter + RequestBodyLimit.FormOverhead)]
public sealed class NewCommentModel(LessonCatalog catalog, CommentPosting posting, LessonMarkdown markdown) : PageModel
{
    /// The form as posted (<see cref="InputModel.From"/>), or the GET's query.
    public InputModel Input { get; private set; } = new();

    public LessonRef? Lesson { get; private set; }

    public ReplyTarget? Target { get; private set; }

    public string? Problem { get; private set; }

    /// The text as it would be posted, rendered by the same sanitizing pipeline; nothing is stored.
    public string? PreviewHtml { get; private set; }

    public sealed class InputModel
    {
        public string? Lesson { get; set; }

        public long? ReplyTo { get; set; }

        public string? Body { get; set; }

        /// Read straight from the posted form, not through MVC's model binding: the post of a new
        /// thread is the site's busiest form, and binding (its contexts, model state and validation)
        /// was about a tenth of its CPU in the app, for three strings. A field sent twice counts
        /// once (its first value, as binding took it); a reply id that is not a number is none.
        public static InputModel From(IFormCollection form) => new()
        {
            Lesson = First(form["Input.Lesson"]),
            ReplyTo = long.TryParse(First(form["Input.ReplyTo"]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null,
            Body = First(form["Input.Body"]),
        };

        private static string? First(StringValues values) => values.Count > 0 ? values[0] : null;
    }

    public sealed record ReplyTarget(long Id, string AuthorName, string Excerpt);

    public async Task<IActionResult> OnGetAsync(string? lesson, long? replyTo, CancellationToken ct)
    {
        Input = new InputModel { Lesson = lesson, ReplyTo = replyTo };
        await LoadAsync(ct);
        return Lesson is null ? NotFound() : Page();
    }

    // The POST handlers take no parameters (the request's token is HttpContext.RequestAborted), so
    // Razor Pages binds nothing for them: binding a CancellationToken alone built the value
    // providers, binding contexts and a validation pass, about 3 % of a post's CPU. The database
    // context and the links are taken from the request's services only on the paths that use
    // them: a new thread posted with its batch needs neither.
    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        Input = InputModel.From(await Request.ReadFormAsync(ct));
        var userId = User.RequiredUserId();
        var outcome = await posting.PostAsync(userId, Input.Lesson, Input.ReplyTo, Input.Body, ct);
        if (outcome.CommentId is { } id)
        {
            return LocalRedirect(Input.ReplyTo is null && outcome.Lesson is { } lesson
                ? CommentLinks.NewThreadPath(lesson, id)
                : await HttpContext.RequestServices.GetRequiredService<CommentLinks>().PathAsync(id, ct) ?? "/");
        }
        await LoadAsync(ct);
        Problem = outcome.Message;
        Response.StatusCode = outcome.Status;
        if (outcome.RetryAfter is { } wait)
        {
            Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }
        return Page();
    }

    /// "미리 보기": the form comes back with the text as typed and, above it, the comment as it
    /// would look. Without script this is the whole preview; comment-preview.js shows the same
    /// section in place.
    public async Task<IActionResult> OnPostPreviewAsync()
    {
        var ct = HttpContext.RequestAborted;
        Input = InputModel.From(await Request.ReadFormAsync(ct));
        await LoadAsync(ct);
        if (Lesson is null)
        {
            return NotFound();
        }
        var body = CommentText.Normalize(Input.Body);
        if (CommentText.Problem(body) is { } problem)
        {
            Problem = problem;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        PreviewHtml = markdown.RenderUserText(body);
        return Page();
    }

    /// The lesson and the comment answered. A lesson page's reply link names only the comment
    /// (`?replyTo=`): its lesson is the comment's, and the form posts it back by key.
    private async Task LoadAsync(CancellationToken ct)
    {
        var target = Input.ReplyTo is { } replyTo
            ? await HttpContext.RequestServices.GetRequiredService<PlatformDbContext>().Set<Comment>().AsNoTracking()
                .Where(c => c.Id == replyTo && c.DeletedAt == null && c.HiddenAt == null)
                .Select(c => new { c.Id, c.LessonId, c.Author.DisplayName, c.BodyMarkdown })
                .FirstOrDefaultAsync(ct)
            : null;
        if (Input.Lesson is null && target is not null)
        {
            Input.Lesson = (await catalog.CurrentAsync()).Lesson(target.LessonId)?.Key;
        }
        Lesson = await CommentPosting.FindLessonAsync(catalog, Input.Lesson);
        Target = target is not null && Lesson is not null && target.LessonId == Lesson.Id
            ? new ReplyTarget(target.Id, target.DisplayName, Excerpt.Of(target.BodyMarkdown, Excerpt.Line))
            : null;
    }

}
