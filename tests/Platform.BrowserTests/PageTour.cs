using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Comments;
using Platform.Web.Features.Lessons.Links;
using Platform.Web.Features.Reports;

namespace Platform.BrowserTests;

/// Every page type, as a visitor, a learner and an admin, on a 360 px wide phone: nothing may
/// scroll sideways and axe-core (WCAG 2.1 A and AA rules) may find nothing.
public sealed class PageTour(SampleContentSite site) : IClassFixture<SampleContentSite>
{
    public const int PhoneWidth = 360;

    private static readonly string[] VisitorPages =
    [
        "/", "/courses/fine-tuning", "/courses/fine-tuning/base-vs-instruct", "/tags/lora", "/search?q=모델",
        "/search?q=%21%21", "/achievements", "/report", "/feedback?lesson=fine-tuning/base-vs-instruct&helpful=true",
        "/Identity/Account/ForgotPassword", "/exercise?lesson=fine-tuning/base-vs-instruct", "/Identity/Account/Login", "/Identity/Account/Register", "/courses/no-such-course",
    ];

    private static readonly string[] LearnerPages =
    [
        "/", "/courses/fine-tuning", "/courses/fine-tuning/base-vs-instruct", "/me", "/notifications",
        "/notifications/preferences", "/search?q=LoRA%20학습률", "/achievements", "/Identity/Account/Manage",
        "/comments/new?lesson=fine-tuning/base-vs-instruct", "/Identity/Account/Manage/ChangePassword",
    ];

    private static readonly string[] AdminPages =
    [
        "/admin", "/admin/reports", "/admin/comments", "/admin/users", "/admin/lessons", "/admin/lessons/health", "/admin/lessons/1/revisions/1",
        "/admin/mail", "/admin/audit",
        "/courses/fine-tuning/base-vs-instruct",
    ];

    [Fact]
    public async Task A_new_visitor_on_a_course_page_is_offered_the_first_lesson_not_told_they_finished()
    {
        var (context, page, errors) = await site.NewVisitorAsync();
        await using (context)
        {
            await page.GotoAsync("/courses/fine-tuning");
            var start = page.Locator("[data-continue]");
            await Assertions.Expect(start).ToBeVisibleAsync();
            await Assertions.Expect(start).ToContainTextAsync("시작하기");
            await Assertions.Expect(start).ToHaveAttributeAsync("href", "/courses/fine-tuning/what-is-fine-tuning");
            await Assertions.Expect(page.Locator("[data-course-finished]")).ToBeHiddenAsync();
            await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("모두 완료했어요", new() { UseInnerText = true });
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task A_visitor_marking_a_lesson_done_hears_what_it_earned_and_is_offered_what_comes_next()
    {
        var (context, page, errors) = await site.NewVisitorAsync();
        await using (context)
        {
            await page.GotoAsync("/courses/fine-tuning/what-is-fine-tuning");
            await page.Locator("#progress-box").GetByRole(AriaRole.Button, new() { Name = "완료로 표시" }).ClickAsync();

            var toasts = page.Locator("[data-toast-region][aria-live=polite]");
            await Assertions.Expect(toasts).ToContainTextAsync("레슨 완료! +22 XP를 얻었어요.");
            await Assertions.Expect(toasts).ToContainTextAsync("업적 달성: 첫걸음 (+10 XP)");
            var next = page.Locator("#progress-box [data-next-after-done]");
            await Assertions.Expect(next).ToBeVisibleAsync();
            await Assertions.Expect(next).ToHaveAttributeAsync("href", "/courses/fine-tuning/model-families-licenses");
            await Assertions.Expect(page.Locator("#progress-standing [data-field=streak-current]")).ToHaveTextAsync("1");
            await Screenshot(page, "lesson-done-toast", fullPage: false);

            await page.GotoAsync("/");
            var card = page.Locator("[data-course-progress][data-course=fine-tuning] [data-continue]");
            await Assertions.Expect(card).ToBeVisibleAsync();
            await Assertions.Expect(card).ToHaveTextAsync("이어서 학습하기: 모델 패밀리와 라이선스 읽는 법");
            await Assertions.Expect(page.Locator("[data-course-progress][data-course=lora-in-practice] [data-continue]")).ToBeHiddenAsync();
            await Screenshot(page, "catalog");
            await page.GotoAsync("/courses/fine-tuning");
            await Screenshot(page, "course", fullPage: false);
            await page.GotoAsync("/courses/fine-tuning/base-vs-instruct");
            await page.SetViewportSizeAsync(1280, 900);
            await page.EvaluateAsync("() => document.getElementById('출발점-고르는-기준')?.scrollIntoView()");
            await Screenshot(page, "lesson", fullPage: false);
            await page.GotoAsync("/search?q=" + Uri.EscapeDataString("LoRA 학습률"));
            await Screenshot(page, "search");

            await page.GotoAsync("/achievements");
            await Assertions.Expect(page.Locator("[data-achievement=first-lesson]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("earned"));
            await Assertions.Expect(page.Locator("[data-achievement=first-lesson] [data-achievement-state]")).ToContainTextAsync("에 달성");
            await Screenshot(page, "achievements");
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task Dark_mode_follows_the_system_and_the_remembered_toggle_passes_axe_and_print_keeps_only_the_lesson()
    {
        var (context, page, _) = await site.NewVisitorAsync(PhoneWidth);
        await using (context)
        {
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
            AssertClean(await TourAsync(page, ["/", "/courses/fine-tuning/base-vs-instruct", "/search?q=모델", "/achievements"]));
            var background = () => page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).backgroundColor");
            Assert.Equal("rgb(20, 20, 23)", await background());
            await page.GotoAsync("/courses/fine-tuning/base-vs-instruct");
            await Screenshot(page, "lesson-dark-360", fullPage: false);

            // The toggle wins over the system, and is remembered on the next page.
            await page.Locator("[data-theme-toggle]").ClickAsync();
            Assert.Equal("rgb(251, 250, 247)", await background());
            await page.GotoAsync("/courses/fine-tuning");
            Assert.Equal("light", await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme"));
            Assert.Equal("rgb(251, 250, 247)", await background());

            // On paper: the lesson's text and code, no header, comments or buttons.
            await page.GotoAsync("/courses/fine-tuning/base-vs-instruct");
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            await Assertions.Expect(page.Locator(".site-header")).ToBeHiddenAsync();
            await Assertions.Expect(page.Locator("#comments")).ToBeHiddenAsync();
            await Assertions.Expect(page.Locator(".lesson-body pre").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".lesson-body h2").First).ToBeVisibleAsync();
            Assert.Equal(0, await page.Locator("button:visible").CountAsync());
            Assert.Equal("rgb(0, 0, 0)", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.lesson-body pre')).color"));
        }
    }

    [Fact]
    public async Task Every_page_a_visitor_sees_fits_a_phone_and_passes_axe()
    {
        var (context, page, _) = await site.NewVisitorAsync(PhoneWidth);
        await using (context)
        {
            AssertClean(await TourAsync(page, VisitorPages));
        }
    }

    [Fact]
    public async Task Every_page_a_learner_sees_fits_a_phone_and_passes_axe()
    {
        var learner = await site.CreateUserAsync("tour-learner@example.com", displayName: "학습자");
        var (context, page, _) = await site.NewVisitorAsync(PhoneWidth);
        await using (context)
        {
            await SignInAsync(page, "tour-learner@example.com");
            await page.GotoAsync("/courses/fine-tuning/what-is-fine-tuning");
            await page.Locator("#progress-box [data-progress-toggle]").ClickAsync();
            // The note is on the page all along, hidden: shown once the account has the completion.
            await Assertions.Expect(page.Locator("#progress-box [data-done-note]")).ToBeVisibleAsync();
            AssertClean(await TourAsync(page, LearnerPages));

            // The pages around a comment of one's own and a report one has sent.
            await page.GotoAsync("/comments/new?lesson=fine-tuning/base-vs-instruct");
            await page.Locator("#comment-body").FillAsync("투어 중에 남기는 댓글이에요. 표가 잘 보여요.");
            await page.Locator("#comment-form button.primary").ClickAsync();
            await page.WaitForURLAsync("**/courses/fine-tuning/base-vs-instruct**");
            long commentId;
            await using (var db = site.CreateDbContext())
            {
                commentId = await db.Set<Comment>().Where(c => c.Author.Email == "tour-learner@example.com").Select(c => c.Id).SingleAsync();
            }
            await page.GotoAsync("/report");
            await page.Locator("input[name='Input.Category']").First.CheckAsync();
            await page.Locator("textarea[name='Input.Description']").FillAsync("두 번째 표의 숫자가 본문 설명과 달라 보여요.");
            await page.Locator("#report-form button[type=submit]").ClickAsync();
            await page.WaitForURLAsync("**/report/thanks**");
            // Someone else's comment the learner found helpful: the pressed button, the counts, the sort links.
            await SeedHelpfulCommentAsync("base-vs-instruct", learner.Id);
            AssertClean(await TourAsync(page, [
                "/courses/fine-tuning/base-vs-instruct?sort=helpful#comments", "/courses/fine-tuning/base-vs-instruct?sort=newest",
                new Uri(page.Url).PathAndQuery, $"/comments/{commentId}/edit", $"/comments/{commentId}/delete",
                $"/comments/{commentId}/flag", "/notifications/unsubscribe?token=not-a-real-token",
            ]));
            await page.GotoAsync("/courses/fine-tuning/base-vs-instruct?sort=helpful#comments");
            await Screenshot(page, "lesson-comments-helpful-360", fullPage: false);
            await page.GotoAsync("/courses/fine-tuning/base-vs-instruct");
            await Screenshot(page, "lesson-360", fullPage: false);
            await page.Locator("[data-menu-toggle]").ClickAsync();
            await Screenshot(page, "menu-360", fullPage: false);
            await page.GotoAsync("/me");
            await Screenshot(page, "me");
            await page.SetViewportSizeAsync(1280, 900);
            await page.GotoAsync("/courses/fine-tuning/base-vs-instruct?sort=helpful#comments");
            await Screenshot(page, "lesson-comments-helpful", fullPage: false);
        }

        // A visitor sees the counts, with nothing to press.
        var (visitorContext, visitor, _) = await site.NewVisitorAsync(PhoneWidth);
        await using (visitorContext)
        {
            AssertClean(await TourAsync(visitor, ["/courses/fine-tuning/base-vs-instruct?sort=helpful#comments"]));
            await Assertions.Expect(visitor.Locator("#comments .helpful-count").First).ToBeVisibleAsync();
            await Assertions.Expect(visitor.Locator("#comments form.comment-actions-form, #comments button[name=helpful]")).ToHaveCountAsync(0);
            await Screenshot(visitor, "lesson-comments-visitor-360", fullPage: false);
        }
    }

    [Fact]
    public async Task Every_admin_page_fits_a_phone_and_passes_axe()
    {
        await site.CreateUserAsync("tour-admin@example.com", admin: true, displayName: "운영자");
        await SeedFailedLinkAsync(lessonId: 1);
        await SeedModerationQueueAsync(lessonId: 1);
        var (context, page, _) = await site.NewVisitorAsync(PhoneWidth);
        await using (context)
        {
            await SignInAsync(page, "tour-admin@example.com");
            await page.GotoAsync("/admin/users");
            var userDetail = await page.Locator("main a[href^='/admin/users/']").First.GetAttributeAsync("href");
            int reportId;
            await using (var db = site.CreateDbContext())
            {
                var report = new ProblemReport
                {
                    PageUrl = "/courses/fine-tuning/base-vs-instruct",
                    Category = ReportCategory.ContentError,
                    Description = "두 번째 표의 숫자가 본문 설명과 달라 보여요. 확인 부탁해요.",
                    SelectedText = "Instruct 모델은 대화 형식에 맞춰",
                    CreatedAt = DateTimeOffset.UtcNow,
                    UpdatedAt = DateTimeOffset.UtcNow,
                };
                db.Add(report);
                await db.SaveChangesAsync();
                reportId = report.Id;
            }
            AssertClean(await TourAsync(page, [.. AdminPages, userDetail!, $"/admin/reports/{reportId}"]));
        }
    }

    /// The admin's lesson pages (list, health, one lesson's revision) in English: they fit a phone
    /// and pass axe like the Korean ones, and read without Hangul outside the lessons' own words.
    [Fact]
    public async Task The_lesson_admin_pages_in_English_fit_a_phone_and_pass_axe()
    {
        await site.CreateUserAsync("tour-english-admin@example.com", admin: true, displayName: "Operator");
        string[] pages = ["/admin/lessons", "/admin/lessons/health", "/admin/lessons/health?sort=links", "/admin/lessons/1/revisions/1"];
        foreach (var width in new int?[] { null, PhoneWidth })
        {
            var (context, page, errors) = await site.NewVisitorAsync(width);
            await using (context)
            {
                await SignInAsync(page, "tour-english-admin@example.com");
                await page.GotoAsync("/admin/lessons");
                await page.Locator("#language-switch button[value=en]").ClickAsync();
                await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Lessons");
                if (width is not null)
                {
                    AssertClean(await TourAsync(page, pages));
                }
                foreach (var path in pages)
                {
                    await page.GotoAsync(path);
                    await Screenshot(page, "admin-en" + path.Replace('/', '-').Replace('?', '-').Replace('=', '-') + (width is null ? "" : "-360"));
                    // The interface around the lessons: their titles, module names and bodies are content.
                    var interfaceText = await page.EvaluateAsync<string>("""
                        () => {
                            const main = document.querySelector('main').cloneNode(true);
                            main.querySelectorAll('#lesson-list td:nth-child(1), #lesson-list td:nth-child(2), #lesson-health th[scope=row] > a, #lesson-health th[scope=row] > .muted, .health-notes, .breadcrumb span:last-child, h1, .lesson-body, .lesson-section > :not(h2), title').forEach(e => e.remove());
                            return main.innerText;
                        }
                        """);
                    Assert.DoesNotMatch("[\uAC00-\uD7A3]", interfaceText);
                }
                Assert.Empty(errors);
            }
        }
    }

    /// The tour's axe run is its own (Axe.cs), so it proves it still finds what is wrong: an image
    /// without a name, pale text, an unlabelled field.
    [Fact]
    public async Task The_tours_axe_run_reports_a_page_with_faults()
    {
        var (context, page, _) = await site.NewVisitorAsync(PhoneWidth);
        await using (context)
        {
            await page.GotoAsync("/");
            Assert.Empty(await Axe.ViolationsAsync(page));
            // Styled through the DOM: the site's Content-Security-Policy ignores style attributes.
            await page.EvaluateAsync("""
                () => {
                    const main = document.querySelector('main');
                    main.insertAdjacentHTML('afterbegin', '<img src="/favicon.ico"><p id="faint">faint words</p><input type="text">');
                    const faint = document.getElementById('faint');
                    faint.style.color = '#ddd';
                    faint.style.background = '#fff';
                }
                """);
            var violations = await Axe.ViolationsAsync(page);
            Assert.Contains(violations, v => v.StartsWith("axe image-alt ", StringComparison.Ordinal) && v.Contains("<img src=\"/favicon.ico\">", StringComparison.Ordinal));
            Assert.Contains(violations, v => v.StartsWith("axe color-contrast ", StringComparison.Ordinal) && v.Contains("faint words", StringComparison.Ordinal));
            Assert.Contains(violations, v => v.StartsWith("axe label ", StringComparison.Ordinal));
        }
    }

    /// A comment by someone else on the lesson, marked "도움돼요" by <paramref name="markedBy"/>.
    private async Task SeedHelpfulCommentAsync(string lessonSlug, string markedBy)
    {
        var author = await site.CreateUserAsync($"tour-helpful-{Guid.NewGuid():N}@example.com", displayName: "도움 준 사람");
        await using var db = site.CreateDbContext();
        var lessonId = await db.Lessons.Where(l => l.Slug == lessonSlug).Select(l => l.Id).SingleAsync();
        var comment = new Comment
        {
            LessonId = lessonId, AuthorId = author.Id, BodyMarkdown = "학습률은 작게 시작해 보세요.",
            BodyHtml = "<p>학습률은 작게 시작해 보세요.</p>", CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Add(comment);
        await db.SaveChangesAsync();
        db.Add(new CommentReaction { CommentId = comment.Id, UserId = markedBy, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }

    /// A long address whose last check failed, so the health pages show their flag and link list.
    private async Task SeedFailedLinkAsync(int lessonId)
    {
        await using var db = site.CreateDbContext();
        var now = DateTimeOffset.UtcNow;
        var link = new ExternalLink
        {
            Url = "https://example.org/a/very/long/path/that/no/longer/exists/and/must/wrap/on/a/phone-screen",
            Host = "example.org", Outcome = LinkOutcome.Broken, StatusCode = 404, CheckedAt = now, NextCheckAt = now.AddDays(1),
        };
        db.Add(link);
        await db.SaveChangesAsync();
        db.Add(new LessonExternalLink { LessonId = lessonId, LinkId = link.Id });
        await db.SaveChangesAsync();
    }

    /// A flagged comment and an open report, so both queues show their bulk form and checkboxes.
    private async Task SeedModerationQueueAsync(int lessonId)
    {
        var author = await site.CreateUserAsync("tour-author@example.com", displayName: "글쓴이");
        var flagger = await site.CreateUserAsync("tour-flagger@example.com", displayName: "신고자");
        await using var db = site.CreateDbContext();
        var now = DateTimeOffset.UtcNow;
        var comment = new Comment { LessonId = lessonId, AuthorId = author.Id, BodyMarkdown = "신고된 댓글", BodyHtml = "<p>신고된 댓글</p>", CreatedAt = now };
        db.Add(comment);
        db.Add(new ProblemReport
        {
            LessonId = lessonId, PageUrl = "/courses/fine-tuning/what-is-fine-tuning", Category = ReportCategory.Typo,
            Description = "둘째 문단에 오타가 있어요.", CreatedAt = now, UpdatedAt = now,
        });
        await db.SaveChangesAsync();
        db.Add(new CommentFlag { CommentId = comment.Id, UserId = flagger.Id, Reason = "스팸·광고", CreatedAt = now });
        await db.SaveChangesAsync();
    }

    /// With PLATFORM_SCREENSHOTS set, the tour leaves screenshots there (docs/screenshots).
    private static async Task Screenshot(IPage page, string name, bool fullPage = true)
    {
        var directory = Environment.GetEnvironmentVariable("PLATFORM_SCREENSHOTS");
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
            await page.ScreenshotAsync(new() { Path = Path.Combine(directory, name + ".png"), FullPage = fullPage });
        }
    }

    private static void AssertClean(List<string> problems) =>
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n{string.Join("\n", problems)}");

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/Identity/Account/Login");
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(TestUsers.Password);
        await page.Locator("form#account button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".site-header")).ToContainTextAsync("로그아웃");
    }

    /// What is wrong on each page: sideways scrolling, axe violations, or a server error.
    private static async Task<List<string>> TourAsync(IPage page, IEnumerable<string> paths)
    {
        var problems = new List<string>();
        var requests = new RequestsInFlight(page);
        foreach (var path in paths)
        {
            requests.Forget();
            var response = await page.GotoAsync(path);
            await requests.SettledAsync();
            if (response is null || response.Status >= 500)
            {
                problems.Add($"{path}: HTTP {response?.Status}");
                continue;
            }
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            if (scrollWidth > PhoneWidth)
            {
                var wide = await page.EvaluateAsync<string>("""
                    () => [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                        .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '')).join(', ')
                    """);
                problems.Add($"{path}: scrollWidth {scrollWidth} > {PhoneWidth} ({wide})");
            }
            var small = await page.EvaluateAsync<string>("""
                () => [...document.querySelectorAll('button, input:not([type=checkbox]):not([type=radio]):not([type=hidden]), select, summary, .site-nav a, .lesson-pager a, .button')]
                    .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
                    .filter(e => e.getBoundingClientRect().height < 43.5)
                    .slice(0, 5).map(e => e.outerHTML.slice(0, 80)).join(' | ')
                """);
            if (small.Length > 0)
            {
                problems.Add($"{path}: tap targets under 44 px: {small}");
            }
            problems.AddRange((await Axe.ViolationsAsync(page)).Select(violation => $"{path}: {violation}"));
        }
        return problems;
    }
}
