using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Comments;

namespace Platform.Tests.Comments;

public sealed class CommentTests(CommentsFactory factory) : IClassFixture<CommentsFactory>
{
    private static string Squash(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task A_visitor_reads_threads_oldest_first_with_replies_under_them_and_gets_no_form()
    {
        await factory.CreateUserAsync("reader-b@example.com", displayName: "비비");
        await factory.CreateUserAsync("reader-a@example.com", displayName: "에이");
        using var b = await factory.SignedInClientAsync("reader-b@example.com");
        using var a = await factory.SignedInClientAsync("reader-a@example.com");
        var first = await CommentsFactory.CommentAsync(b, "LoRA rank는 **몇**으로 시작하나요?", lesson: CommentsFactory.OtherLesson);
        var reply = await CommentsFactory.CommentAsync(a, "보통 16에서 시작해요.", first, CommentsFactory.OtherLesson);
        var second = await CommentsFactory.CommentAsync(a, "좋은 레슨이에요.", lesson: CommentsFactory.OtherLesson);

        using var visitor = factory.CreateClient();
        var response = await visitor.GetAsync(CommentsFactory.OtherLesson);
        var page = await response.ParseAsync();

        var section = page.QuerySelector("#comments")!;
        Assert.Equal("댓글 3", section.QuerySelector("h2")!.TextContent);
        Assert.Contains("로그인 — 댓글을 남기려면 로그인해 주세요.", Squash(section.TextContent), StringComparison.Ordinal);
        var threads = section.QuerySelectorAll(".comment-thread").ToList();
        Assert.Equal([$"comment-{first}", $"comment-{second}"], threads.Select(t => t.QuerySelector("article")!.Id));
        var replyArticle = threads[0].QuerySelector($".comment-replies #comment-{reply}")!;
        Assert.Equal("에이", replyArticle.QuerySelector(".comment-author")!.TextContent);
        Assert.Equal("보통 16에서 시작해요.", replyArticle.QuerySelector(".comment-body")!.TextContent.Trim());
        Assert.Equal("몇", threads[0].QuerySelector(".comment-body strong")!.TextContent);
        var time = threads[0].QuerySelector("time")!;
        Assert.Equal("방금 전", time.TextContent);
        Assert.EndsWith("(KST)", time.GetAttribute("title"), StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("form:not([method=get]):not(#language-switch)"));
        Assert.Empty(section.QuerySelectorAll(".comment-actions"));
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task A_learner_reads_comment_times_in_their_own_time_zone_and_a_visitor_in_the_sites()
    {
        await factory.CreateUserAsync("zone-reader@example.com", displayName: "뉴요커");
        using var learner = await factory.SignedInClientAsync("zone-reader@example.com");
        var saved = await learner.SubmitFormAsync("/me", "form#time-zone-form", new Dictionary<string, string> { ["Preferences.TimeZone"] = "America/New_York" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = await CommentsFactory.CommentAsync(learner, "뉴욕에서 남긴 댓글");
        var createdAt = (await factory.CommentRowAsync(id)).CreatedAt;

        var newYork = TimeZoneInfo.ConvertTime(createdAt, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        var seoul = TimeZoneInfo.ConvertTime(createdAt, TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul"));
        var korean = System.Globalization.CultureInfo.GetCultureInfo("ko-KR");
        var offset = newYork.Offset;
        var mine = (await CommentsFactory.PageHoldingAsync(learner, id)).QuerySelector($"#comment-{id} time")!;
        Assert.Equal(
            newYork.ToString("yyyy년 M월 d일 tt h:mm", korean) + $" (UTC−{offset.Duration():hh\\:mm})",
            mine.GetAttribute("title"));
        Assert.Equal(createdAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), mine.GetAttribute("datetime"));

        using var visitor = factory.CreateClient();
        var theirs = (await CommentsFactory.PageHoldingAsync(visitor, id)).QuerySelector($"#comment-{id} time")!;
        Assert.Equal(seoul.ToString("yyyy년 M월 d일 tt h:mm", korean) + " (KST)", theirs.GetAttribute("title"));
    }

    [Fact]
    public async Task A_reply_to_a_reply_joins_the_thread_and_names_whom_it_answers()
    {
        await factory.CreateUserAsync("nest-b@example.com", displayName: "질문자");
        await factory.CreateUserAsync("nest-a@example.com", displayName: "답변자");
        using var b = await factory.SignedInClientAsync("nest-b@example.com");
        using var a = await factory.SignedInClientAsync("nest-a@example.com");
        var root = await CommentsFactory.CommentAsync(b, "질문 있어요.");
        var reply = await CommentsFactory.CommentAsync(a, "답이에요.", root);
        var answer = await CommentsFactory.CommentAsync(b, "고마워요!", reply);

        var row = await factory.CommentRowAsync(answer);
        Assert.Equal((root, reply), (row.ThreadId, row.ReplyToId));
        var page = await CommentsFactory.PageHoldingAsync(b, root);
        var article = page.QuerySelector($"#comment-{root}")!.ParentElement!.QuerySelector($".comment-replies #comment-{answer}")!;
        var answers = article.QuerySelector(".comment-replyto")!;
        Assert.Equal("↪ 답변자님에게", answers.TextContent);
        Assert.Equal($"#comment-{reply}", answers.GetAttribute("href"));
    }

    [Fact]
    public async Task A_reply_link_names_only_the_comment_answered_and_its_page_finds_the_lesson()
    {
        await factory.CreateUserAsync("link-asker@example.com", displayName: "링크질문자");
        await factory.CreateUserAsync("link-answerer@example.com");
        using var asker = await factory.SignedInClientAsync("link-asker@example.com");
        using var answerer = await factory.SignedInClientAsync("link-answerer@example.com");
        var root = await CommentsFactory.CommentAsync(asker, "첫 레슨에서 묻습니다.");

        var link = await CommentsFactory.ReplyPageAsync(answerer, root);
        Assert.Equal($"/comments/new?replyTo={root}", link);
        var page = await answerer.GetDocumentAsync(link);
        Assert.Equal("demo/first", page.QuerySelector("#comment-form input[name='Input.Lesson']")!.GetAttribute("value"));
        Assert.Equal($"{root}", page.QuerySelector("#comment-form input[name='Input.ReplyTo']")!.GetAttribute("value"));
        Assert.Equal($"{CommentsFactory.Lesson}#comments", page.QuerySelector(".breadcrumb a")!.GetAttribute("href"));
        Assert.Contains("첫 레슨에서 묻습니다.", page.QuerySelector(".comment-quote")!.TextContent, StringComparison.Ordinal);

        // Posted through that page, the reply lands in the answered comment's thread on its lesson.
        var reply = await CommentsFactory.CommentAsync(answerer, "여기서 답해요.", root);
        Assert.Equal(root, (await factory.CommentRowAsync(reply)).ThreadId);

        // A comment that is not there (never was, or deleted) has no reply page: 404, not a form for no lesson.
        Assert.Equal(HttpStatusCode.NotFound, (await answerer.GetAsync("/comments/new?replyTo=987654321")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await answerer.GetAsync("/comments/new?replyTo=-1")).StatusCode);
        var deleted = await asker.SubmitFormAsync($"/comments/{root}/delete", "#delete-form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await answerer.GetAsync($"/comments/new?replyTo={root}")).StatusCode);
        // Naming another lesson than the comment's answers nobody there: that lesson's plain comment form.
        var elsewhere = await answerer.GetDocumentAsync($"/comments/new?lesson=demo/second&replyTo={reply}");
        Assert.Null(elsewhere.QuerySelector(".comment-quote"));
        Assert.Equal("/courses/demo/second#comments", elsewhere.QuerySelector(".breadcrumb a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task A_learner_with_an_unconfirmed_address_sees_why_instead_of_the_form_and_cannot_post()
    {
        await factory.CreateUserAsync("unconfirmed-commenter@example.com", confirmed: false);
        using var client = await factory.SignedInClientAsync("unconfirmed-commenter@example.com");

        var page = await client.GetDocumentAsync(CommentsFactory.Lesson);
        Assert.Null(page.QuerySelector("#comment-form"));
        Assert.Contains("이메일 주소를 확인하면 댓글을 남길 수 있어요", page.QuerySelector("#comments")!.TextContent, StringComparison.Ordinal);

        var response = await client.PostAsync("/comments/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = page.AntiforgeryToken(),
            ["Input.Lesson"] = "demo/first",
            ["Input.Body"] = "확인 안 한 주소로 쓴 댓글",
        }));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("이메일 주소를 확인한 뒤에 댓글을 남길 수 있어요", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blocked_learner_cannot_post_and_is_shown_the_reason()
    {
        var user = await factory.CreateUserAsync("blocked-commenter@example.com");
        using var client = await factory.SignedInClientAsync("blocked-commenter@example.com");
        var page = await client.GetDocumentAsync(CommentsFactory.Lesson);
        await using (var db = factory.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u
                .SetProperty(x => x.BlockedUntil, DateTimeOffset.UtcNow.AddDays(3))
                .SetProperty(x => x.BlockReason, "도배"));
        }

        var response = await client.PostAsync("/comments/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = page.AntiforgeryToken(),
            ["Input.Lesson"] = "demo/first",
            ["Input.Body"] = "차단된 뒤에 쓴 댓글",
        }));

        // The block ends the session on the next request (SessionCheck); signing in again tells why.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Identity/Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var again = factory.CreateBrowser();
        var refused = await again.SubmitFormAsync("/Identity/Account/Login", "form#account", new Dictionary<string, string>
        {
            ["Input.Email"] = "blocked-commenter@example.com",
            ["Input.Password"] = TestUsers.Password,
        });
        Assert.Contains("이용이 제한되었어요. 사유: 도배", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var check = factory.CreateDbContext();
        Assert.False(await check.Set<Comment>().AnyAsync(c => c.AuthorId == user.Id));
    }

    [Fact]
    public async Task Commenting_and_being_answered_earn_the_community_achievements()
    {
        var asker = await factory.CreateUserAsync("asker@example.com");
        var helper = await factory.CreateUserAsync("helper@example.com");
        using var askerClient = await factory.SignedInClientAsync("asker@example.com");
        using var helperClient = await factory.SignedInClientAsync("helper@example.com");

        var question = await CommentsFactory.CommentAsync(askerClient, "LoRA rank는 어떻게 고르나요?");
        await CommentsFactory.CommentAsync(helperClient, "작게 시작해서 늘려 보세요.", replyTo: question);
        await CommentsFactory.CommentAsync(askerClient, "고마워요!", replyTo: question);

        await using var db = factory.CreateDbContext();
        var awards = await db.Set<Platform.Web.Features.Progress.AchievementAward>()
            .Where(a => a.UserId == asker.Id || a.UserId == helper.Id)
            .Select(a => new { a.UserId, a.AchievementId })
            .ToListAsync();
        Assert.Equal(["first-comment", "first-reply-received"],
            awards.Where(a => a.UserId == asker.Id).Select(a => a.AchievementId).Order().ToArray());
        // The helper answered but was not answered: their own reply in the thread is not "received".
        Assert.Equal(["first-comment"], awards.Where(a => a.UserId == helper.Id).Select(a => a.AchievementId).ToArray());
    }

    [Fact]
    public async Task Invalid_text_comes_back_in_the_form_with_a_Korean_message()
    {
        await factory.CreateUserAsync("wordy@example.com");
        using var client = await factory.SignedInClientAsync("wordy@example.com");
        var tooLong = "가나다라마바사" + new string('글', 4000);

        var response = await CommentsFactory.PostAsync(client, tooLong);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("댓글은 4,000자 이하로 써 주세요.", page.QuerySelector(".comment-problem")!.TextContent);
        Assert.Equal(tooLong, page.QuerySelector("#comment-form textarea")!.TextContent);

        var blank = await CommentsFactory.PostAsync(client, " \t \n ");
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.Equal("댓글 내용을 입력해 주세요.", (await blank.ParseAsync()).QuerySelector(".comment-problem")!.TextContent);

        // Control characters and direction overrides are refused before the page sees them (TextPolicy).
        var disguised = await CommentsFactory.PostAsync(client, "  제어\u0007 문자\u202E 없이  ");
        Assert.Equal(HttpStatusCode.BadRequest, disguised.StatusCode);
        Assert.Contains("쓸 수 없는 문자", await disguised.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sixth_comment_in_a_minute_gets_429_with_Retry_After_and_the_text_kept()
    {
        await factory.CreateUserAsync("chatty@example.com");
        using var client = await factory.SignedInClientAsync("chatty@example.com");
        for (var i = 1; i <= 5; i++)
        {
            await CommentsFactory.CommentAsync(client, $"댓글 {i}");
        }

        var response = await CommentsFactory.PostAsync(client, "여섯 번째 댓글");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        var page = await response.ParseAsync();
        Assert.Contains("댓글을 너무 자주 남기고 있어요", page.QuerySelector(".comment-problem")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("여섯 번째 댓글", page.QuerySelector("#comment-form textarea")!.TextContent);
        await using var db = factory.CreateDbContext();
        Assert.Equal(5, await db.Set<Comment>().CountAsync(c => c.Author.Email == "chatty@example.com"));
    }

    [Fact]
    public async Task The_limit_counts_comments_posted_through_another_app_instance()
    {
        await factory.CreateUserAsync("two-servers@example.com");
        await using var other = await AppInstance.StartAsync(factory.ConnectionString, [("Outbox:Enabled", "false")]);
        using var here = await factory.SignedInClientAsync("two-servers@example.com");
        using var there = await other.SignedInClientAsync("two-servers@example.com");
        for (var i = 1; i <= 3; i++)
        {
            await CommentsFactory.CommentAsync(here, $"여기 {i}");
        }
        for (var i = 1; i <= 2; i++)
        {
            await CommentsFactory.CommentAsync(there, $"저기 {i}");
        }

        var sixth = await CommentsFactory.PostAsync(there, "저기 3");

        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
    }

    [Fact]
    public async Task The_author_edits_within_fifteen_minutes_and_the_comment_shows_it_was_edited()
    {
        await factory.CreateUserAsync("editor-ok@example.com");
        using var client = await factory.SignedInClientAsync("editor-ok@example.com");
        var id = await CommentsFactory.CommentAsync(client, "오타가 있는 댓긇");

        var response = await client.SubmitFormAsync($"/comments/{id}/edit", "#edit-form",
            new Dictionary<string, string> { ["Input.Body"] = "오타를 고친 댓글" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await client.GetDocumentAsync(CommentsFactory.Lesson);
        var comment = page.QuerySelector($"#comment-{id}")!;
        Assert.Equal("오타를 고친 댓글", comment.QuerySelector(".comment-body")!.TextContent.Trim());
        Assert.Equal("(수정됨)", comment.QuerySelector(".comment-edited")!.TextContent);
    }

    [Fact]
    public async Task Editing_after_fifteen_minutes_is_refused_and_the_text_is_kept()
    {
        await factory.CreateUserAsync("editor-late@example.com");
        using var client = await factory.SignedInClientAsync("editor-late@example.com");
        var id = await CommentsFactory.CommentAsync(client, "오래된 댓글");
        var page = await client.GetDocumentAsync($"/comments/{id}/edit");
        await factory.ExecuteAsync("UPDATE comments SET created_at = now() - interval '16 minutes' WHERE id = @id", ("id", id));

        var late = await client.PostAsync($"/comments/{id}/edit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = page.AntiforgeryToken(),
            ["Input.Body"] = "너무 늦은 수정",
        }));

        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
        var refused = await late.ParseAsync();
        Assert.Equal("댓글은 작성하고 15분 안에만 고칠 수 있어요.", refused.QuerySelector(".comment-problem")!.TextContent);
        Assert.Equal("너무 늦은 수정", refused.QuerySelector(".comment-draft")!.TextContent);
        Assert.Equal("오래된 댓글", (await factory.CommentRowAsync(id)).BodyMarkdown);
        await client.GetDocumentAsync($"/comments/{id}/edit", HttpStatusCode.Forbidden);
        var lesson = await client.GetDocumentAsync(CommentsFactory.Lesson);
        Assert.Null(lesson.QuerySelector($"#comment-{id} a[href='/comments/{id}/edit']"));
    }

    [Fact]
    public async Task Another_learners_comment_cannot_be_edited_or_deleted()
    {
        await factory.CreateUserAsync("owner@example.com");
        await factory.CreateUserAsync("intruder@example.com");
        using var owner = await factory.SignedInClientAsync("owner@example.com");
        using var intruder = await factory.SignedInClientAsync("intruder@example.com");
        var id = await CommentsFactory.CommentAsync(owner, "내 댓글");
        var token = (await intruder.GetDocumentAsync(CommentsFactory.Lesson)).AntiforgeryToken();

        Assert.Equal(HttpStatusCode.Forbidden, (await intruder.GetAsync($"/comments/{id}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await intruder.GetAsync($"/comments/{id}/delete")).StatusCode);
        var edit = await intruder.PostAsync($"/comments/{id}/edit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.Body"] = "남의 댓글 고치기",
        }));
        var delete = await intruder.PostAsync($"/comments/{id}/delete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        Assert.Contains("접근 권한이 없어요", await edit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        var row = await factory.CommentRowAsync(id);
        Assert.Equal(("내 댓글", null), (row.BodyMarkdown, row.DeletedAt));
    }

    [Fact]
    public async Task A_deleted_comment_leaves_its_thread_with_a_placeholder()
    {
        await factory.CreateUserAsync("deleter@example.com");
        await factory.CreateUserAsync("deleter-friend@example.com");
        using var author = await factory.SignedInClientAsync("deleter@example.com");
        using var friend = await factory.SignedInClientAsync("deleter-friend@example.com");
        var id = await CommentsFactory.CommentAsync(author, "곧 지울 댓글");
        var reply = await CommentsFactory.CommentAsync(friend, "답글은 남아요", id);

        var response = await author.SubmitFormAsync($"/comments/{id}/delete", "#delete-form", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var visitor = factory.CreateClient();
        var page = await CommentsFactory.PageHoldingAsync(visitor, id);
        var comment = page.QuerySelector($"#comment-{id}")!;
        Assert.Equal("삭제된 댓글입니다", comment.QuerySelector(".comment-placeholder")!.TextContent);
        Assert.DoesNotContain("곧 지울 댓글", page.QuerySelector("#comments")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(comment.ParentElement!.QuerySelector($".comment-replies #comment-{reply}"));
    }

    [Fact]
    public async Task Three_flags_from_different_people_hide_a_comment_until_an_admin_restores_it()
    {
        await factory.CreateUserAsync("flagged-author@example.com");
        using var author = await factory.SignedInClientAsync("flagged-author@example.com");
        var id = await CommentsFactory.CommentAsync(author, "논란의 댓글");
        for (var i = 1; i <= 3; i++)
        {
            await factory.GiveStandingAsync((await factory.CreateUserAsync($"flagger{i}@example.com")).Id);
            using var flagger = await factory.SignedInClientAsync($"flagger{i}@example.com");
            var flagged = await flagger.SubmitFormAsync($"/comments/{id}/flag", "#flag-form",
                new Dictionary<string, string> { ["Input.Reason"] = "스팸·광고", ["Input.Detail"] = $"신고 {i}" });
            Assert.Equal(HttpStatusCode.OK, flagged.StatusCode);
            Assert.Contains("신고가 접수됐어요", (await flagged.ParseAsync()).QuerySelector(".comment-done")!.TextContent, StringComparison.Ordinal);
            if (i == 1)
            {
                var again = await flagger.SubmitFormAsync($"/comments/{id}/flag", "#flag-form",
                    new Dictionary<string, string> { ["Input.Reason"] = "기타" });
                Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
                Assert.Contains("이미 신고한 댓글이에요", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        using var visitor = factory.CreateClient();
        var seen = await CommentsFactory.PageHoldingAsync(visitor, id);
        Assert.Equal("관리자에 의해 숨겨진 댓글입니다", seen.QuerySelector($"#comment-{id} .comment-placeholder")!.TextContent);
        Assert.DoesNotContain("논란의 댓글", seen.QuerySelector("#comments")!.TextContent, StringComparison.Ordinal);
        var own = await CommentsFactory.PageHoldingAsync(author, id);
        Assert.Equal("논란의 댓글", own.QuerySelector($"#comment-{id} .comment-body")!.TextContent.Trim());
        Assert.NotNull(own.QuerySelector($"#comment-{id} .comment-hidden-note"));

        var moderation = factory.Services.GetRequiredService<CommentModeration>();
        await using (var db = factory.CreateDbContext())
        {
            var queued = Assert.Single(await moderation.FlagQueueAsync(db), q => q.CommentId == id);
            Assert.Equal(3, queued.FlagCount);
            Assert.Equal(["스팸·광고: 신고 1", "스팸·광고: 신고 2", "스팸·광고: 신고 3"], queued.Reasons);
            Assert.NotNull(queued.HiddenAt);
            var admin = await factory.CreateUserAsync("moderator@example.com", admin: true);
            Assert.True(await moderation.RestoreAsync(db, id, admin.Id));
            Assert.DoesNotContain(await moderation.FlagQueueAsync(db), q => q.CommentId == id);
        }
        var restored = await CommentsFactory.PageHoldingAsync(visitor, id);
        Assert.Equal("논란의 댓글", restored.QuerySelector($"#comment-{id} .comment-body")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_admin_hides_and_deletes_through_the_moderation_service()
    {
        await factory.CreateUserAsync("moderated@example.com");
        var admin = await factory.CreateUserAsync("moderator2@example.com", admin: true);
        using var author = await factory.SignedInClientAsync("moderated@example.com");
        var hidden = await CommentsFactory.CommentAsync(author, "숨길 댓글");
        var deleted = await CommentsFactory.CommentAsync(author, "지울 댓글");
        var moderation = factory.Services.GetRequiredService<CommentModeration>();

        await using (var db = factory.CreateDbContext())
        {
            Assert.True(await moderation.HideAsync(db, hidden, admin.Id, "광고"));
            Assert.True(await moderation.DeleteAsync(db, deleted, admin.Id));
            Assert.False(await moderation.HideAsync(db, long.MaxValue, admin.Id, "없는 댓글"));
        }

        var row = await factory.CommentRowAsync(hidden);
        Assert.Equal(("광고", admin.Id), (row.HiddenReason, row.HiddenById));
        using var visitor = factory.CreateClient();
        var page = await CommentsFactory.PageHoldingAsync(visitor, hidden);
        Assert.Equal("관리자에 의해 숨겨진 댓글입니다", page.QuerySelector($"#comment-{hidden} .comment-placeholder")!.TextContent);
        page = await CommentsFactory.PageHoldingAsync(visitor, deleted);
        Assert.Equal("삭제된 댓글입니다", page.QuerySelector($"#comment-{deleted} .comment-placeholder")!.TextContent);
    }

    [Fact]
    public async Task More_threads_than_a_page_holds_are_paged_with_a_link_that_needs_no_script()
    {
        var perPage = new CommentOptions().ThreadsPerPage;
        var user = await factory.CreateUserAsync("prolific@example.com");
        await using (var db = factory.CreateDbContext())
        {
            var lessonId = await db.Lessons.Where(l => l.Slug == "third").Select(l => l.Id).SingleAsync();
            var start = DateTimeOffset.UtcNow.AddDays(-2);
            for (var i = 1; i <= perPage + 1; i++)
            {
                db.Add(new Comment
                {
                    LessonId = lessonId,
                    AuthorId = user.Id,
                    BodyMarkdown = $"스레드 {i}",
                    BodyHtml = $"<p>스레드 {i}</p>",
                    CreatedAt = start.AddMinutes(i),
                });
            }
            await db.SaveChangesAsync();
        }
        using var visitor = factory.CreateClient();

        var first = await visitor.GetDocumentAsync("/courses/demo/third");
        var more = first.QuerySelector(".comments-pager a[rel=next]")!;
        Assert.Equal("더 보기 →", more.TextContent);
        var second = await visitor.GetDocumentAsync(more.GetAttribute("href")!.Split('#')[0]);

        Assert.Equal(perPage, first.QuerySelectorAll(".comment-thread").Length);
        Assert.StartsWith("스레드 1", first.QuerySelector(".comment-thread .comment-body")!.TextContent.Trim(), StringComparison.Ordinal);
        var last = Assert.Single(second.QuerySelectorAll(".comment-thread"));
        Assert.Equal($"스레드 {perPage + 1}", last.QuerySelector(".comment-body")!.TextContent.Trim());
        var lastId = long.Parse(last.QuerySelector("article")!.Id!["comment-".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var permalink = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync($"/comments/{lastId}");
        Assert.Equal($"/courses/demo/third?comments=2#comment-{lastId}", permalink.Headers.Location!.OriginalString);
    }
}
