using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Tests.Lessons;
using Platform.Web.Features.Account;
using Platform.Web.Features.Comments;
using Platform.Web.Features.Reports;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Tests.Localization;

/// Interface words the code used to store in Korean (a deleted account's name, the automatic hiding
/// reason, flag reasons, report history) become codes: rows written before are converted, read in
/// either language, and come back exactly on the way down.
public sealed class StoredTextMigrationTests
{
    [Fact]
    public async Task Korean_words_stored_before_become_codes_that_read_in_either_language_and_come_back_on_the_way_down()
    {
        using var content = new ContentFolder().Course("demo", "데모 강좌", ("basics", "기초"));
        content.Lesson("demo", "basics", "first", 1);
        await using var database = await ImportDatabase.CreateAsync();
        await database.ImportAsync(content.Root);
        string before;
        await using (var db = database.Context())
        {
            var migrations = db.Database.GetMigrations().ToList();
            before = migrations[migrations.FindIndex(m => m.EndsWith("_StoredTextLanguageNeutral", StringComparison.Ordinal)) - 1];
            await db.GetService<IMigrator>().MigrateAsync(before);
        }

        var now = DateTimeOffset.UtcNow;
        long[] comments;
        int report;
        string[] people;
        await using (var db = database.Context())
        {
            var users = new[]
            {
                new User { DisplayName = "탈퇴한 사용자", DeletedAt = now },
                new User { UserName = "a@example.com", Email = "a@example.com", DisplayName = "탈퇴한 사용자" },
                new User { UserName = "b@example.com", Email = "b@example.com", DisplayName = "B" },
                new User { UserName = "c@example.com", Email = "c@example.com", DisplayName = "C" },
            };
            db.Users.AddRange(users);
            var lessonId = await db.Lessons.Select(l => l.Id).SingleAsync();
            var auto = new Comment { LessonId = lessonId, AuthorId = users[2].Id, BodyMarkdown = "x", BodyHtml = "<p>x</p>", CreatedAt = now, HiddenAt = now, HiddenReason = "신고가 여러 건 접수되어 관리자가 확인할 때까지 숨김" };
            var byAdmin = new Comment { LessonId = lessonId, AuthorId = users[2].Id, BodyMarkdown = "y", BodyHtml = "<p>y</p>", CreatedAt = now, HiddenAt = now, HiddenReason = "스팸", HiddenById = users[3].Id };
            db.AddRange(auto, byAdmin);
            var problem = new ProblemReport { PageUrl = "/courses/demo/first", Description = "둘째 문단에 오타가 있어요.", CreatedAt = now, UpdatedAt = now };
            db.Add(problem);
            await db.SaveChangesAsync();
            db.AddRange(
                new CommentFlag { CommentId = auto.Id, UserId = users[0].Id, Reason = "스팸·광고", CreatedAt = now },
                new CommentFlag { CommentId = auto.Id, UserId = users[1].Id, Reason = "욕설·괴롭힘: 신고 1", CreatedAt = now },
                new CommentFlag { CommentId = auto.Id, UserId = users[3].Id, Reason = "기타: 기타 등등", CreatedAt = now },
                new CommentFlag { CommentId = byAdmin.Id, UserId = users[0].Id, Reason = "주제와 관계없는 말", CreatedAt = now },
                new ReportEvent { ReportId = problem.Id, ActorName = "방문자", Change = "created", After = "새 신고", At = now },
                new ReportEvent { ReportId = problem.Id, ActorId = users[3].Id, ActorName = "C", Change = "status", Before = "새 신고", After = "분류됨", At = now },
                new ReportEvent { ReportId = problem.Id, ActorId = users[3].Id, ActorName = "C", Change = "status", Before = "분류됨", After = "중복 (#7)", At = now },
                new ReportEvent { ReportId = problem.Id, ActorId = users[3].Id, ActorName = "C", Change = "note", After = "수정됨", At = now });
            await db.SaveChangesAsync();
            comments = [auto.Id, byAdmin.Id];
            report = problem.Id;
            people = [users[0].Id, users[1].Id];
        }
        var original = await StoredAsync(database, comments, report, people);

        await using (var db = database.Context())
        {
            await db.Database.MigrateAsync();
        }
        var converted = await StoredAsync(database, comments, report, people);
        Assert.Equal(
        [
            "", "탈퇴한 사용자",
            CommentModeration.AutoHiddenReason, "스팸",
            "spam", "abuse: 신고 1", "other: 기타 등등", "주제와 관계없는 말",
            "created  New", "status New Triaged", "status Triaged Duplicate:7", "note  수정됨", "actors  C C C",
        ], converted);

        // What a reader sees of them, in each language.
        using (Languages.Use(Languages.English))
        {
            Assert.Equal("Deleted user", AccountNames.Shown(converted[0]));
            Assert.Equal("Hidden after several flags until an admin reviews it", CommentModeration.ShownReason(converted[2]));
            Assert.Equal("Abuse or harassment: 신고 1", FlagReasons.Shown(converted[5]));
            Assert.Equal("Duplicate (#7)", ReportLabels.ShownHistory("status", "Duplicate:7"));
            Assert.Equal("수정됨", ReportLabels.ShownHistory("note", "수정됨"));
        }
        using (Languages.Use(Languages.Korean))
        {
            // In Korean, exactly what the rows said before.
            Assert.Equal(original[0], AccountNames.Shown(converted[0]));
            Assert.Equal(original[2], CommentModeration.ShownReason(converted[2]));
            Assert.Equal(original[4..8], converted[4..8].Select(FlagReasons.Shown));
            Assert.Equal("중복 (#7)", ReportLabels.ShownHistory("status", "Duplicate:7"));
            Assert.Equal("새 신고", ReportLabels.ShownHistory("created", "New"));
        }

        await using (var db = database.Context())
        {
            await db.GetService<IMigrator>().MigrateAsync(before);
        }
        Assert.Equal(original, await StoredAsync(database, comments, report, people));
    }

    /// The stored values, in a fixed order.
    private static async Task<List<string>> StoredAsync(ImportDatabase database, long[] comments, int report, string[] people)
    {
        await using var db = database.Context();
        var names = new List<string>();
        foreach (var id in people)
        {
            names.Add(await db.Users.Where(u => u.Id == id).Select(u => u.DisplayName).SingleAsync());
        }
        var reasons = new List<string>();
        foreach (var id in comments)
        {
            reasons.Add(await db.Set<Comment>().Where(c => c.Id == id).Select(c => c.HiddenReason!).SingleAsync());
        }
        var flags = await db.Set<CommentFlag>().Where(f => comments.Contains(f.CommentId)).OrderBy(f => f.Id).Select(f => f.Reason).ToListAsync();
        var events = await db.Set<ReportEvent>().Where(e => e.ReportId == report).OrderBy(e => e.Id).ToListAsync();
        return
        [
            .. names, .. reasons, .. flags,
            .. events.Select(e => $"{e.Change} {e.Before} {e.After}"),
            "actors " + string.Join(' ', events.Select(e => e.ActorName)),
        ];
    }
}
