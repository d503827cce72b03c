using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Platform.Tests.Comments;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;
using Platform.Web.Features.Comments;
using Platform.Web.Features.Reports;
using Platform.Web.Infrastructure.Data;

namespace Platform.Tests.Localization;

/// A site whose content (course, lesson, comments, report, names) is written in English, so that
/// every Hangul character on an English page is interface text that escaped the resources.
public sealed class EnglishContentFactory : MailFactory
{
    private readonly ContentFolder _content = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _content.Write("demo/course.yml", "slug: demo\ntitle: \"Demo course\"\ndescription: A course for the language test\nmodules:\n  - slug: basics\n    title: Basics\n");
        for (var order = 1; order <= 2; order++)
        {
            var slug = order == 1 ? "first" : "second";
            _content.Write($"demo/basics/0{order}-{slug}.md", $"""
                ---
                slug: {slug}
                title: "Lesson {slug}"
                module: basics
                order: {order}
                minutes: 12
                tags: [demo]
                status: published
                summary: The {slug} lesson in a sentence.
                ---

                ## Getting started

                The body of the {slug} lesson, about a model.

                ```python title="Example code"
                print("hello")
                ```

                ::: links
                - [Official docs](https://example.org/docs/{slug})
                :::

                ::: exercise
                Solve the {slug} exercise.

                {Quiz(order)}
                :::
                """);
        }
        _ = Services;
    }

    /// A multiple-choice question in the first lesson, a short answer in the second: the exercise
    /// page and the lesson's question form show every interface word of both kinds.
    private static string Quiz(int order) => order == 1
        ? "```quiz\nid: pick-one\nquestion: Which number is even?\nchoices:\n  - \"3\"\n  - \"4\"\nanswer: 2\nexplanation: Four is divisible by two.\n```"
        : "```quiz\nid: name-it\nquestion: Which method turns a chat into one string?\nanswers: [apply_chat_template]\nexplanation: The tokenizer's template method.\n```";

    protected override IEnumerable<(string Key, string Value)> Settings() =>
    [
        .. base.Settings(),
        ("Platform:ImportContentOnStart", "true"),
        ("Platform:ContentPath", _content.Root),
        ("Notifications:DigestEnabled", "false"),
    ];

    /// Writes a file into the content folder for the length of one test (removed on dispose).
    public IDisposable ContentFile(string relativePath, string text)
    {
        _content.Write(relativePath, text);
        return new Removal(Path.Combine(_content.Root, relativePath));
    }

    private sealed class Removal(string path) : IDisposable
    {
        public void Dispose() => File.Delete(path);
    }

    protected override async ValueTask OnDisposedAsync()
    {
        await base.OnDisposedAsync();
        _content.Dispose();
    }
}

/// Every page type rendered in English and in Korean: in English no Hangul is left outside the
/// language switch (which names Korean in Korean); in Korean no sentence of the English resources
/// shows up. Lesson and user content here is English on purpose (see EnglishContentFactory).
public sealed partial class EveryPageInBothLanguagesTests(EnglishContentFactory factory) : IClassFixture<EnglishContentFactory>
{
    private static readonly string[] VisitorPages =
    [
        "/", "/courses/demo", "/courses/demo/first", "/courses/demo/second", "/tags/demo", "/search", "/search?q=model", "/search?q=zzqqxx",
        "/achievements", "/report?lesson=demo/first", "/report/thanks", "/feedback?lesson=demo/first&helpful=true",
        "/Identity/Account/Login", "/Identity/Account/Register", "/Identity/Account/ForgotPassword",
        "/Identity/Account/ForgotPasswordConfirmation", "/Identity/Account/ResendEmailConfirmation",
        "/Identity/Account/Lockout", "/Identity/Account/ResetPasswordConfirmation",
        "/Identity/Account/Logout",
        "/exercise?key=demo/first/pick-one", "/exercise?key=demo/first/pick-one&answer=2&checked=true",
        "/exercise?key=demo/first/pick-one&answer=1&checked=true", "/exercise?key=demo/second/name-it",
        "/exercise?key=demo/second/name-it&answer=apply_chat_template&checked=true",
    ];

    private static readonly string[] LearnerPages =
    [
        "/me", "/notifications", "/notifications/preferences", "/courses/demo/first",
        "/Identity/Account/Manage", "/Identity/Account/Manage/Email", "/Identity/Account/Manage/ChangePassword",
        "/Identity/Account/Manage/PersonalData", "/Identity/Account/Manage/DeletePersonalData",
    ];

    private static readonly string[] AdminPages =
    [
        "/admin", "/admin/reports?status=all", "/admin/comments", "/admin/comments?view=hidden", "/admin/users", "/admin/mail", "/admin/audit",
        "/admin/lessons", "/admin/lessons/health", "/admin/lessons/health?sort=dropoff",
    ];

    private sealed record Site(HttpClient Visitor, HttpClient Learner, HttpClient Admin, IReadOnlyList<string> Pages);

    private async Task<Site> SiteAsync(string language)
    {
        var visitor = factory.CreateBrowser();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await factory.CreateUserAsync($"learner-{suffix}@example.com", displayName: $"Learner{suffix}");
        await factory.CreateUserAsync($"other-{suffix}@example.com", displayName: $"Other{suffix}");
        await factory.CreateUserAsync($"admin-{suffix}@example.com", admin: true, displayName: $"Admin{suffix}");
        var learner = await factory.SignedInClientAsync($"learner-{suffix}@example.com");
        var other = await factory.SignedInClientAsync($"other-{suffix}@example.com");
        var admin = await factory.SignedInClientAsync($"admin-{suffix}@example.com");
        foreach (var client in new[] { visitor, learner, other, admin })
        {
            client.DefaultRequestHeaders.Add("Accept-Language", language);
        }

        await using (var languages = factory.CreateDbContext())
        {
            await languages.Users.Where(u => u.Email!.EndsWith($"{suffix}@example.com")).ExecuteUpdateAsync(u => u.SetProperty(x => x.Language, language));
        }
        var mine = await CommentsFactory.CommentAsync(learner, $"My question about the model {suffix}.", lesson: "/courses/demo/first");
        var theirs = await CommentsFactory.CommentAsync(other, $"An answer {suffix}.", mine, lesson: "/courses/demo/first");
        // Words the site stores with what people do: a flag's reason, the automatic hiding reason,
        // a deleted account's name. They are stored as codes and read in the page's language.
        var flagged = await other.SubmitFormAsync($"/comments/{mine}/flag", "form#flag-form", new Dictionary<string, string>
        {
            ["Input.Reason"] = "spam",
            ["Input.Detail"] = $"Posted twice {suffix}",
        });
        Assert.Equal(HttpStatusCode.OK, flagged.StatusCode);
        await factory.CreateUserAsync($"gone-{suffix}@example.com", displayName: $"Gone{suffix}");
        using (var gone = await factory.SignedInClientAsync($"gone-{suffix}@example.com"))
        {
            var hidden = await CommentsFactory.CommentAsync(gone, $"A comment hidden by flags {suffix}.", lesson: "/courses/demo/first");
            await CommentsFactory.CommentAsync(gone, $"A comment whose author left {suffix}.", lesson: "/courses/demo/first");
            await using (var moderation = factory.CreateDbContext())
            {
                await moderation.Set<Comment>().Where(c => c.Id == hidden).ExecuteUpdateAsync(c => c
                    .SetProperty(x => x.HiddenAt, DateTimeOffset.UtcNow).SetProperty(x => x.HiddenReason, CommentModeration.AutoHiddenReason));
            }
            var deleted = await gone.SubmitFormAsync("/Identity/Account/Manage/DeletePersonalData", "form#delete-account",
                new Dictionary<string, string> { ["Input.Password"] = TestUsers.Password });
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        }
        var description = $"A typo in the second paragraph {suffix}.";
        await visitor.SubmitFormAsync("/report?lesson=demo/first", "form#report-form", new Dictionary<string, string>
        {
            ["Input.Category"] = "Typo",
            ["Input.Description"] = description,
        });
        await using var db = factory.CreateDbContext();
        var report = await db.Set<ProblemReport>().Where(r => r.Description == description).Select(r => r.Id).SingleAsync();
        var learnerId = await db.Users.Where(u => u.Email == $"learner-{suffix}@example.com").Select(u => u.Id).SingleAsync();
        var lesson = await db.Lessons.Where(l => l.Slug == "first").Select(l => new { l.Id, l.RevisionNumber }).SingleAsync();
        return new Site(visitor, learner, admin,
        [
            .. VisitorPages.Select(p => "visitor " + p),
            .. LearnerPages.Select(p => "learner " + p),
            $"learner /comments/{mine}/edit", $"learner /comments/{mine}/delete", $"learner /comments/{theirs}/flag",
            $"learner /comments/{mine}/replies",
            .. AdminPages.Select(p => "admin " + p),
            $"admin /admin/reports/{report}", $"admin /admin/users/{learnerId}",
            $"admin /admin/lessons/{lesson.Id}/revisions/{lesson.RevisionNumber}",
        ]);
    }

    private static async Task<(string Page, IHtmlDocument Document)[]> RenderAsync(Site site) =>
        await Task.WhenAll(site.Pages.Select(async entry =>
        {
            var (who, url) = (entry.Split(' ')[0], entry.Split(' ')[1]);
            var client = who switch { "visitor" => site.Visitor, "learner" => site.Learner, _ => site.Admin };
            return (entry, await client.GetDocumentAsync(url));
        }));

    /// What a reader reads: the body's text and the attributes people see or hear, without the
    /// language switch (it names each language in that language).
    private static string Readable(IHtmlDocument page)
    {
        page.QuerySelector("#language-switch")?.Remove();
        // Also data, not interface: the account-language choice (each language in itself) and mail
        // subjects (stored as sent, in each recipient's language). A report's history, flag reasons
        // and a deleted account's name are stored as codes and read in the page's language.
        foreach (var data in page.QuerySelectorAll("#account-language option, #mail-list tbody td:nth-child(4)").ToList())
        {
            data.Remove();
        }
        foreach (var script in page.QuerySelectorAll("script, style").ToList())
        {
            script.Remove();
        }
        var attributes = page.QuerySelectorAll("[title], [placeholder], [aria-label], [alt]")
            .SelectMany(e => new[] { "title", "placeholder", "aria-label", "alt" }.Select(e.GetAttribute))
            .OfType<string>();
        var templates = page.QuerySelectorAll("template").Select(t => ((IHtmlTemplateElement)t).Content.TextContent);
        return string.Join('\n', [page.Title ?? "", page.Body!.TextContent, .. attributes, .. templates]);
    }

    [Fact]
    public async Task Every_page_type_reads_entirely_in_English_for_an_English_reader()
    {
        var site = await SiteAsync("en");
        var problems = new List<string>();
        foreach (var (page, document) in await RenderAsync(site))
        {
            if (document.DocumentElement.GetAttribute("lang") != "en")
            {
                problems.Add($"{page}: <html lang> is {document.DocumentElement.GetAttribute("lang")}");
            }
            var text = Readable(document);
            problems.AddRange(Hangul().Matches(text).Select(m => $"{page}: …{Around(text, m.Index)}…").Distinct().Take(3));
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [InlineData("en", "Deleted user", "Spam or advertising: Posted twice", "Hidden after several flags until an admin reviews it")]
    [InlineData("ko", "탈퇴한 사용자", "스팸·광고: Posted twice", "신고가 여러 건 접수되어 관리자가 확인할 때까지 숨김")]
    public async Task Stored_words_read_in_the_readers_language(string language, string deletedName, string flagReason, string autoHidden)
    {
        var site = await SiteAsync(language);
        var lesson = await site.Learner.GetDocumentAsync("/courses/demo/first");
        Assert.Contains(deletedName, lesson.QuerySelectorAll(".comment-author").Select(a => a.TextContent));
        var queue = await site.Admin.GetDocumentAsync("/admin/comments");
        Assert.Contains(queue.QuerySelectorAll(".moderation-reasons li"), li => li.TextContent.StartsWith(flagReason, StringComparison.Ordinal));
        var hidden = await site.Admin.GetDocumentAsync("/admin/comments?view=hidden");
        Assert.Contains(hidden.QuerySelectorAll("#hidden-comments tbody tr"), row => row.TextContent.Contains(autoHidden, StringComparison.Ordinal));
        var users = await site.Admin.GetDocumentAsync("/admin/users");
        Assert.Contains(deletedName, users.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_page_type_reads_in_Korean_for_a_Korean_reader_with_no_English_interface_sentence()
    {
        var site = await SiteAsync("ko");
        var english = EnglishOnlySentences();
        Assert.NotEmpty(english);
        var problems = new List<string>();
        foreach (var (page, document) in await RenderAsync(site))
        {
            if (document.DocumentElement.GetAttribute("lang") != "ko")
            {
                problems.Add($"{page}: <html lang> is {document.DocumentElement.GetAttribute("lang")}");
            }
            var text = Readable(document);
            if (!Hangul().IsMatch(text))
            {
                problems.Add($"{page}: no Korean at all");
            }
            problems.AddRange(english.Where(s => text.Contains(s, StringComparison.Ordinal)).Select(s => $"{page}: “{s}”"));
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Status_pages_are_in_the_readers_language()
    {
        using var english = factory.CreateBrowser();
        english.DefaultRequestHeaders.Add("Accept-Language", "en");
        foreach (var (url, status) in new[] { ("/no-such-page", HttpStatusCode.NotFound), ("/Identity/Account/AccessDenied", HttpStatusCode.Forbidden) })
        {
            var page = await english.GetDocumentAsync(url, status);
            Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
            Assert.DoesNotMatch(Hangul(), Readable(page));
        }

        using var korean = factory.CreateBrowser();
        var missing = await korean.GetDocumentAsync("/no-such-page", HttpStatusCode.NotFound);
        Assert.Equal("ko", missing.DocumentElement.GetAttribute("lang"));
        Assert.Matches(Hangul(), missing.QuerySelector("h1")!.TextContent);
    }

    [Theory]
    [InlineData("en", "The import failed. Nothing was changed.", "minutes must be a whole number of 1 or more ('soon' is not).")]
    [InlineData("ko", "가져오기에 실패했어요. 아무것도 바뀌지 않았어요.", "minutes는 1 이상의 정수여야 해요 ('soon'는 숫자가 아니에요).")]
    public async Task A_refused_import_names_the_file_and_line_in_the_admins_language(string language, string failed, string problem)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await factory.CreateUserAsync($"importer-{suffix}@example.com", admin: true, displayName: $"Importer{suffix}");
        var admin = await factory.SignedInClientAsync($"importer-{suffix}@example.com");
        admin.DefaultRequestHeaders.Add("Accept-Language", language);
        using var broken = factory.ContentFile($"demo/basics/09-broken-{suffix}.md",
            "---\nslug: broken\ntitle: Broken\nmodule: basics\norder: 9\nminutes: soon\n---\n\nText.\n");

        var response = await admin.SubmitFormAsync("/admin/lessons", "form#import-form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal(failed, page.QuerySelector("#import-error strong")!.TextContent);
        Assert.EndsWith($"demo/basics/09-broken-{suffix}.md:6: {problem}", page.QuerySelector("#import-error pre")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusals_before_the_page_are_in_the_readers_language_too()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await factory.CreateUserAsync($"refused-{suffix}@example.com", displayName: $"Refused{suffix}");
        using var client = await factory.SignedInClientAsync($"refused-{suffix}@example.com");
        client.DefaultRequestHeaders.Add("Accept-Language", "en");

        var control = await client.SubmitFormAsync("/Identity/Account/Manage", "form#profile", new Dictionary<string, string> { ["Input.DisplayName"] = "a\0b" });
        Assert.Equal(HttpStatusCode.BadRequest, control.StatusCode);
        var refusal = await control.ParseAsync();
        Assert.Contains("contains characters that cannot be used", refusal.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotMatch(Hangul(), Readable(refusal));

        var multiline = await (await client.SubmitFormAsync("/Identity/Account/Manage", "form#profile",
            new Dictionary<string, string> { ["Input.DisplayName"] = "two\nlines" })).ParseAsync();
        Assert.True(multiline.Body!.TextContent.Contains("Line breaks, tabs, control characters", StringComparison.Ordinal), multiline.Body.OuterHtml);

        using var tooLarge = new StringContent(new string('a', 200_000));
        var large = await client.PostAsync("/Identity/Account/Manage", tooLarge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Contains("What you sent is too large", await large.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Check the answer", "Answer")]
    [InlineData("ko", "정답 확인", "답")]
    public async Task A_lessons_question_form_is_labelled_in_the_readers_language_from_one_stored_revision(string language, string check, string answer)
    {
        using var reader = factory.CreateBrowser();
        reader.DefaultRequestHeaders.Add("Accept-Language", language);
        var choice = await reader.GetDocumentAsync("/courses/demo/first");
        Assert.Equal(check, choice.QuerySelector("form.quiz button[type=submit]")!.TextContent);
        var shortAnswer = await reader.GetDocumentAsync("/courses/demo/second");
        Assert.Equal(answer, shortAnswer.QuerySelector("form.quiz .quiz-short")!.TextContent.Trim());
        Assert.Equal(check, shortAnswer.QuerySelector("form.quiz button[type=submit]")!.TextContent);

        await using var db = factory.CreateDbContext();
        var stored = await db.LessonRevisions.Where(r => r.Lesson.Slug == "first").Select(r => r.ExerciseHtml).FirstAsync();
        Assert.DoesNotMatch(Hangul(), stored);
        Assert.DoesNotContain("Check the answer", stored, StringComparison.Ordinal);
    }

    /// The pieces of English resource values (between placeholders and markup) that are whole
    /// sentences of their own: long enough, with a space, and not the same in Korean.
    private static List<string> EnglishOnlySentences()
    {
        var web = Path.Combine(RepositoryPaths.Root(AppContext.BaseDirectory), "src", "Platform.Web");
        var pieces = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(web, "*.en.resx", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var korean = Values(file[..^".en.resx".Length] + ".resx");
            foreach (var (key, value) in Values(file))
            {
                if (key.StartsWith("Language.", StringComparison.Ordinal) || key.Contains("Format", StringComparison.Ordinal)
                    || (korean.TryGetValue(key, out var ko) && ko == value))
                {
                    continue;
                }
                foreach (var piece in Splitter().Split(value).Select(p => p.Trim()).Where(p => p.Length >= 14 && p.Contains(' ', StringComparison.Ordinal)))
                {
                    pieces.Add(piece);
                }
            }
        }
        return pieces.ToList();
    }

    private static Dictionary<string, string> Values(string resx) =>
        XDocument.Load(resx).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    private static string Around(string text, int index) =>
        text.Substring(Math.Max(0, index - 30), Math.Min(60, text.Length - Math.Max(0, index - 30))).ReplaceLineEndings(" ");

    [GeneratedRegex(@"[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7A3]")]
    private static partial Regex Hangul();

    // Placeholders and markup split a value into the sentences a reader sees whole.
    [GeneratedRegex(@"\{\d+\}|<[^>]+>")]
    private static partial Regex Splitter();
}
