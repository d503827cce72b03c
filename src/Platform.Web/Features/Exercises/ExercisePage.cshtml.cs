using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.Web.Infrastructure.Localization;
using Platform.Web.Features.Account;
using Platform.Web.Features.Lessons;
using Platform.Web.Features.Progress;

namespace Platform.Web.Features.Exercises;

/// A quiz question without script. The cached lesson page's question is a GET form that lands
/// here with the reader's answer ticked; this page has the antiforgery token, so "제출" posts the
/// answer, and after the redirect the page shows the verdict (and the explanation when right).
public sealed class ExercisePageModel(ExerciseCheck check) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public ExerciseTarget? Target { get; private set; }

    /// Set after a POST: the verdict on <see cref="InputModel.Answer"/>.
    public bool? Correct { get; private set; }

    public int XpEarned { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.ExerciseKey")]
        public string? Key { get; set; }

        [Required(ErrorMessage = "Validation.ExerciseAnswer")]
        [StringLength(LessonExercise.AnswerMaxLength, ErrorMessage = "Validation.ExerciseAnswerLength")]
        public string? Answer { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(string? key, string? answer, bool @checked, int xp, CancellationToken ct)
    {
        Target = await check.FindAsync(key, ct);
        if (Target is null)
        {
            return NotFoundPage();
        }
        Input.Key = Target.Key;
        Input.Answer = answer?.Length <= LessonExercise.AnswerMaxLength ? answer : null;
        if (@checked && !string.IsNullOrWhiteSpace(Input.Answer))
        {
            // Checking is free of side effects; the POST before the redirect did the recording.
            Correct = Target.Exercise.Check(Input.Answer);
            XpEarned = Correct == true && xp == ProgressRules.ExerciseXp ? xp : 0;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Target = await check.FindAsync(Input.Key, ct);
        if (Target is null)
        {
            return NotFoundPage();
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var outcome = await check.AnswerAsync(Target, Input.Answer!, User.UserId(), null, ct);
        return RedirectToPage(new { key = Target.Key, answer = Input.Answer, @checked = true, xp = outcome.FirstTime ? ProgressRules.ExerciseXp : 0 });
    }

    private PageResult NotFoundPage()
    {
        ModelState.AddModelError(string.Empty, Localized.Text<ExercisesText>("NoExercise"));
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
