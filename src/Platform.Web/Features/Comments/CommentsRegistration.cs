using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Caching;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Security;

namespace Platform.Web.Features.Comments;

public static class CommentsRegistration
{
    public static WebApplicationBuilder AddComments(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CommentOptions>().BindConfiguration(CommentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // "도움돼요" per learner: enough to go through a long thread, not to script a campaign.
        builder.AddPerClientFormLimit(HelpfulToggleModel.RateLimit, permitLimit: 60, window: TimeSpan.FromMinutes(10));
        builder.Services.AddScoped<CommentPosting>();
        builder.Services.AddSingleton<ThreadWrites>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ThreadWrites>());
        builder.Services.AddScoped<CommentLinks>();
        builder.Services.AddSingleton<CommentThreads>();
        builder.Services.AddSingleton<IReadModel>(sp => sp.GetRequiredService<CommentThreads>());
        builder.Services.AddSingleton<CommentModeration>();
        builder.Services.AddScoped<CommentsPersonalData>();
        builder.Services.AddScoped<IPersonalDataSource>(sp => sp.GetRequiredService<CommentsPersonalData>());
        builder.Services.AddScoped<IPersonalDataEraser>(sp => sp.GetRequiredService<CommentsPersonalData>());
        builder.Services.AddScoped<IPersonalDataSource, HelpfulMarksPersonalData>();
        return builder;
    }

    public static WebApplication MapComments(this WebApplication app)
    {
        // The permalink of a comment, used by mail and notifications: wherever paging puts it now.
        app.MapGet("/comments/{id:long}", async (long id, HttpContext context, CommentLinks links, CancellationToken ct) =>
            await links.PathAsync(id, ct, includeDrafts: context.User.IsInRole(AdminRoles.Role)) is { } path
                ? Results.LocalRedirect(path)
                : Results.NotFound());
        return app;
    }
}

/// The learner's comments in "download my data". With the account go their flags and their
/// "도움돼요" marks (the counts drop); the comments stay, under the deleted account's name, so
/// threads keep their shape.
internal sealed class CommentsPersonalData(PlatformDbContext db) : IPersonalDataSource, IPersonalDataEraser
{
    public async Task EraseAsync(PlatformDbContext context, string userId, CancellationToken ct)
    {
        await context.Set<CommentFlag>().Where(f => f.UserId == userId).ExecuteDeleteAsync(ct);
        await context.Set<CommentReaction>().Where(r => r.UserId == userId).ExecuteDeleteAsync(ct);
    }

    public string Name => "comments";

    public async Task<object?> ReadAsync(string userId, CancellationToken ct) =>
        await db.Set<Comment>().AsNoTracking()
            .Where(c => c.AuthorId == userId)
            .OrderBy(c => c.CreatedAt)
            .Select(c => new
            {
                c.Id,
                Lesson = c.Lesson.Course.Slug + "/" + c.Lesson.Slug,
                c.ThreadId,
                c.ReplyToId,
                Body = c.BodyMarkdown,
                c.CreatedAt,
                c.EditedAt,
                c.DeletedAt,
                c.HiddenAt,
            })
            .ToListAsync(ct);
}

/// The comments the learner marked "도움돼요", in "download my data" (erased with the flags above).
internal sealed class HelpfulMarksPersonalData(PlatformDbContext db) : IPersonalDataSource
{
    public string Name => "commentHelpfulMarks";

    public async Task<object?> ReadAsync(string userId, CancellationToken ct) =>
        await db.Set<CommentReaction>().AsNoTracking()
            .Where(r => r.UserId == userId)
            .OrderBy(r => r.CreatedAt)
            .Select(r => new { r.CommentId, r.CreatedAt })
            .ToListAsync(ct);
}
