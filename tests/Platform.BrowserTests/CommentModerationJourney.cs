using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Comments;

namespace Platform.BrowserTests;

public sealed class CommentModerationJourney(SampleContentSite site) : IClassFixture<SampleContentSite>
{
    private const string Lesson = "/courses/fine-tuning/what-is-fine-tuning";

    [Fact]
    public async Task An_admin_works_through_the_flag_queue_and_restores_an_auto_hidden_comment()
    {
        var author = await site.CreateUserAsync("moderation-author@example.com", displayName: "민지");
        var flaggers = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            flaggers.Add((await site.CreateUserAsync($"moderation-flagger{i}@example.com", displayName: $"신고자{i}")).Id);
        }
        long autoHidden;
        await using (var db = site.CreateDbContext())
        {
            var lessonId = await db.Lessons.Where(l => l.Course.Slug == "fine-tuning" && l.Slug == "what-is-fine-tuning").Select(l => l.Id).SingleAsync();
            Comment Add(string body, DateTimeOffset at, bool hidden = false)
            {
                var comment = new Comment
                {
                    LessonId = lessonId, AuthorId = author.Id, BodyMarkdown = body, BodyHtml = $"<p>{body}</p>", CreatedAt = at,
                    HiddenAt = hidden ? at.AddMinutes(5) : null, HiddenReason = hidden ? CommentModeration.AutoHiddenReason : null,
                };
                db.Add(comment);
                return comment;
            }
            var now = DateTimeOffset.UtcNow;
            var spam = Add("여기서 최신 GPU 싸게 팔아요! 자세한 건 프로필 링크 확인하세요. 한정 수량이라 서두르세요.", now.AddHours(-3), hidden: true);
            var question = Add("LoRA 랭크를 8에서 64로 올리면 성능이 확실히 좋아지나요? 메모리만 늘고 차이가 없던데, 제가 뭘 잘못한 건지 궁금해요.", now.AddHours(-2));
            await db.SaveChangesAsync();
            autoHidden = spam.Id;
            string[] reasons = ["스팸·광고", "스팸·광고: 같은 글이 다른 레슨에도 있어요", "스팸·광고"];
            for (var i = 0; i < 3; i++)
            {
                db.Add(new CommentFlag { CommentId = spam.Id, UserId = flaggers[i], Reason = reasons[i], CreatedAt = now.AddHours(-2.5) });
            }
            db.Add(new CommentFlag { CommentId = question.Id, UserId = flaggers[0], Reason = "주제와 관계없음", CreatedAt = now.AddHours(-1) });
            await db.SaveChangesAsync();
        }

        await site.CreateUserAsync("moderation-admin@example.com", admin: true, displayName: "운영자");
        var (context, admin, errors) = await site.NewVisitorAsync();
        await using (context)
        {
            await admin.GotoAsync("/admin/comments");
            await admin.Locator("input[name='Input.Email']").FillAsync("moderation-admin@example.com");
            await admin.Locator("input[name='Input.Password']").FillAsync(TestUsers.Password);
            await admin.GetByRole(AriaRole.Button, new() { Name = "로그인" }).ClickAsync();

            var item = admin.Locator($"#queued-{autoHidden}");
            await Assertions.Expect(item.Locator(".moderation-state")).ToHaveTextAsync("자동 숨김");
            await Assertions.Expect(item.Locator(".flag-count")).ToHaveTextAsync("신고 3건");
            await Assertions.Expect(item.Locator("input[name='Input.Reason']")).ToHaveValueAsync("스팸·광고");
            await Screenshot(admin, "admin-comments");

            await item.GetByRole(AriaRole.Button, new() { Name = "복원" }).ClickAsync();
            await Assertions.Expect(admin.Locator(".admin-message")).ToHaveTextAsync($"댓글 #{autoHidden}을(를) 복원했어요. 다시 모두에게 보여요.");
            await Assertions.Expect(admin.Locator($"#queued-{autoHidden}")).ToHaveCountAsync(0);

            await admin.Locator(".moderation-item").First.GetByRole(AriaRole.Button, new() { Name = "숨기기" }).ClickAsync();
            await Assertions.Expect(admin.Locator(".admin-message")).ToContainTextAsync("숨겼어요");
            await admin.GetByRole(AriaRole.Link, new() { Name = "숨겨진 댓글 (1)" }).ClickAsync();
            await Assertions.Expect(admin.Locator("#hidden-comments tbody tr")).ToContainTextAsync("주제와 관계없음");
            await Screenshot(admin, "admin-comments-hidden");
            Assert.Empty(errors);
        }

        var (visitorContext, visitor, _) = await site.NewVisitorAsync();
        await using (visitorContext)
        {
            await visitor.GotoAsync(Lesson);
            await Assertions.Expect(visitor.Locator($"#comment-{autoHidden} .comment-body")).ToContainTextAsync("GPU 싸게 팔아요");
        }
    }

    /// With PLATFORM_SCREENSHOTS set, the journey leaves screenshots there (for the issue and docs).
    private static async Task Screenshot(IPage page, string name)
    {
        var directory = Environment.GetEnvironmentVariable("PLATFORM_SCREENSHOTS");
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
            await page.ScreenshotAsync(new() { Path = Path.Combine(directory, name + ".png"), FullPage = true });
        }
    }
}
