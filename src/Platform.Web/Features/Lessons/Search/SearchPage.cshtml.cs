using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Platform.Web.Features.Lessons.Search;

public sealed class SearchPageModel(LessonSearch search) : PageModel
{
    [FromQuery(Name = "q")]
    public string? Query { get; set; }

    public SearchOutcome Outcome { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        Outcome = await search.SearchAsync(Query);
        if (Outcome.State == SearchState.TooLong)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }
}
