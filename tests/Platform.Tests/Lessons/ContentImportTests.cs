using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Lessons;
using Platform.Web.Infrastructure.Data;

namespace Platform.Tests.Lessons;

public sealed class ContentImportTests
{
    private static ContentFolder TwoLessonCourse()
    {
        var content = new ContentFolder().Course("demo", "데모 강좌", ("basics", "기초"), ("advanced", "심화"));
        content.Lesson("demo", "basics", "first", 1);
        content.Lesson("demo", "basics", "second", 2);
        content.Lesson("demo", "advanced", "third", 1);
        return content;
    }

    [Fact]
    public async Task Importing_the_same_content_twice_adds_no_revision_and_changes_nothing()
    {
        using var content = TwoLessonCourse();
        await using var database = await ImportDatabase.CreateAsync();

        var first = await database.ImportAsync(content.Root);
        var afterFirst = await database.SnapshotAsync();
        var second = await database.ImportAsync(content.Root);

        Assert.Equal((1, 3), (first.CoursesAdded, first.LessonsAdded));
        Assert.Equal(new ContentImportReport(0, 0, 0, 0, 0, 3, 0, 0), second);
        Assert.Equal(afterFirst, await database.SnapshotAsync());
    }

    [Fact]
    public async Task Changing_one_file_adds_exactly_one_revision_and_keeps_the_old_one()
    {
        using var content = TwoLessonCourse();
        await using var database = await ImportDatabase.CreateAsync();
        await database.ImportAsync(content.Root);

        content.Lesson("demo", "basics", "second", 2, title: "고친 제목", body: ContentFolder.Body("second", "새로 쓴 문단."));
        var report = await database.ImportAsync(content.Root);

        Assert.Equal((1, 2, 0), (report.LessonsChanged, report.LessonsUnchanged, report.LessonsAdded));
        await using var db = database.Context();
        var revisions = await db.LessonRevisions.AsNoTracking()
            .Where(r => r.Lesson.Slug == "second").OrderBy(r => r.Number).ToListAsync();
        Assert.Equal([1, 2], revisions.Select(r => r.Number));
        Assert.DoesNotContain("새로 쓴 문단", revisions[0].BodyHtml, StringComparison.Ordinal);
        Assert.Contains("새로 쓴 문단", revisions[1].BodyHtml, StringComparison.Ordinal);
        var lesson = await db.Lessons.AsNoTracking().SingleAsync(l => l.Slug == "second");
        Assert.Equal((2, "고친 제목"), (lesson.RevisionNumber, lesson.Title));
        Assert.Equal(2, await db.LessonRevisions.CountAsync(r => r.Lesson.Slug != "second"));
    }

    [Fact]
    public async Task Removing_a_file_unpublishes_its_lesson_but_keeps_it_and_its_revisions()
    {
        using var content = TwoLessonCourse();
        await using var database = await ImportDatabase.CreateAsync();
        await database.ImportAsync(content.Root);
        int id;
        await using (var db = database.Context())
        {
            id = (await db.Lessons.SingleAsync(l => l.Slug == "third")).Id;
        }

        content.Delete("demo/advanced/01-third.md");
        var report = await database.ImportAsync(content.Root);

        Assert.Equal((1, 2), (report.LessonsUnpublished, report.LessonsUnchanged));
        await using (var db = database.Context())
        {
            var lesson = await db.Lessons.AsNoTracking().SingleAsync(l => l.Slug == "third");
            Assert.Equal((id, LessonStatus.Unpublished), (lesson.Id, lesson.Status));
            Assert.Equal(1, await db.LessonRevisions.CountAsync(r => r.LessonId == id));
        }

        content.Lesson("demo", "advanced", "third", 1);
        var back = await database.ImportAsync(content.Root);
        Assert.Equal(1, back.LessonsRestored);
        await using (var db = database.Context())
        {
            var lesson = await db.Lessons.AsNoTracking().SingleAsync(l => l.Slug == "third");
            Assert.Equal((id, LessonStatus.Published, 1), (lesson.Id, lesson.Status, lesson.RevisionNumber));
        }
    }

    [Fact]
    public async Task Removing_a_course_folder_unpublishes_the_course_and_its_lessons()
    {
        using var content = TwoLessonCourse();
        content.Course("other", "다른 강좌", ("only", "유일한 모듈"));
        content.Lesson("other", "only", "lonely", 1);
        await using var database = await ImportDatabase.CreateAsync();
        await database.ImportAsync(content.Root);

        Directory.Delete(Path.Combine(content.Root, "other"), recursive: true);
        var report = await database.ImportAsync(content.Root);

        Assert.Equal((1, 1), (report.CoursesUnpublished, report.LessonsUnpublished));
        await using var db = database.Context();
        Assert.False((await db.Courses.SingleAsync(c => c.Slug == "other")).IsPublished);
        Assert.Equal(LessonStatus.Unpublished, (await db.Lessons.SingleAsync(l => l.Slug == "lonely")).Status);
    }

    public static TheoryData<string, int?, string> BadFiles => new()
    {
        // front matter with one fault, the line it should be reported at, and what the message says
        { "slug: \"\"\ntitle: x\nmodule: basics\norder: 3\nminutes: 5\ntags: [a]\nstatus: published", 2, "slug가 없어요" },
        { "title: x\nmodule: basics\norder: 3\nminutes: 5\ntags: [a]\nstatus: published", null, "slug가 없어요" },
        { "slug: first\ntitle: x\nmodule: basics\norder: 3\nminutes: 5\ntags: [a]\nstatus: published", 2, "demo/basics/01-first.md" },
        { "slug: bad\ntitle: x\nmodule: nowhere\norder: 3\nminutes: 5\ntags: [a]\nstatus: published", 4, "'nowhere'" },
        { "slug: bad\ntitle: x\nmodule: basics\norder: 3\nminutes: 열다섯\ntags: [a]\nstatus: published", 6, "minutes는 1 이상의 정수" },
        { "slug: bad\ntitle: x\nmodule: basics\norder: 3\nminutes: 5\ntags: [a\nstatus: published", null, "YAML을 읽을 수 없어요" },
        { "slug: bad\ntitle: x: y\nmodule: basics\norder: 3\nminutes: 5\ntags: [a]\nstatus: published", 3, "YAML을 읽을 수 없어요" },
        { "slug: bad\ntitle: x\nmodule: basics\norder: 3\nminutes: 5\ntags: [a]\nstatus: maybe", 8, "status는 published 또는 draft" },
        { "slug: bad\ntitle: x\nmodule: basics\norder: 3\nminutes: 5\ntags: [a]\nstatus: published\nlang: fr", 9, "lang은 ko 또는 en" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_stops_the_import_naming_the_file_and_line_and_nothing_changes(
        string frontMatter, int? line, string expected)
    {
        using var content = TwoLessonCourse();
        await using var database = await ImportDatabase.CreateAsync();
        await database.ImportAsync(content.Root);
        var before = await database.SnapshotAsync();

        // A good change and a new good lesson ride along: neither may land.
        content.Lesson("demo", "basics", "second", 2, title: "바뀐 제목");
        content.Lesson("demo", "advanced", "fourth", 2);
        content.Write("demo/basics/03-bad.md", $"---\n{frontMatter}\n---\n\n{ContentFolder.Body("bad")}");

        var error = await Assert.ThrowsAsync<ContentImportException>(() => database.ImportAsync(content.Root));

        Assert.Equal("content/demo/basics/03-bad.md", error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("content/demo/basics/03-bad.md", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await database.SnapshotAsync());
    }

    public static TheoryData<string, int, string> BadFrames => new()
    {
        // a lesson file whose front matter frame is wrong, the line to report, what the message says
        { "# 제목\n\n본문\n", 1, "front matter가 없어요" },
        { "---\nslug: bad\ntitle: x\n", 1, "front matter가 닫히지 않았어요" },
        { "\n---\nslug: bad\n---\n", 1, "front matter가 없어요" },
        { "---\nslug: bad\n\ntitle: x\nmodule: basics\norder: 3\nminutes: 5\nstatus: published\nextra: 1\n---\n", 9, "알 수 없는 항목 'extra'" },
        { "---\nslug: bad\ntitle: x\nmodule: basics\norder: 3\nminutes: 0\nstatus: published\n...\n", 6, "minutes는 1 이상의 정수" },
    };

    [Theory]
    [MemberData(nameof(BadFrames))]
    public async Task A_lesson_with_a_missing_or_unclosed_front_matter_is_refused_at_its_line(string text, int line, string expected)
    {
        using var content = TwoLessonCourse();
        content.Write("demo/basics/03-bad.md", text);
        await using var database = await ImportDatabase.CreateAsync();

        await database.RefusesAsync(content.Root, "demo/basics/03-bad.md", line, expected);
    }

    [Fact]
    public async Task A_lesson_without_an_exercise_section_is_refused()
    {
        using var content = TwoLessonCourse();
        content.Write("demo/basics/03-no-exercise.md",
            ContentFolder.LessonText("no-exercise", "basics", 3, "연습 없음", 5, ["a"], "published",
                "## 본문\n\n내용.\n\n::: links\n- [a](https://example.org)\n:::\n"));
        await using var database = await ImportDatabase.CreateAsync();

        var error = await Assert.ThrowsAsync<ContentImportException>(() => database.ImportAsync(content.Root));

        Assert.Equal("content/demo/basics/03-no-exercise.md", error.File);
        Assert.Contains("::: exercise", error.Message, StringComparison.Ordinal);
        Assert.Empty(await database.SnapshotAsync());
    }

    [Fact]
    public async Task The_sample_content_imports_with_its_courses_modules_and_draft()
    {
        var sample = Path.Combine(RepositoryPaths.Root(AppContext.BaseDirectory), "content");
        await using var database = await ImportDatabase.CreateAsync();

        var report = await database.ImportAsync(sample);

        await using var db = database.Context();
        Assert.True(report.CoursesAdded >= 2, report.ToString());
        Assert.True(await db.Lessons.CountAsync() >= 16);
        Assert.True(await db.Lessons.AnyAsync(l => l.Status == LessonStatus.Draft));
        Assert.True(await db.CourseModules.AnyAsync(m => m.Lessons.Count == 7));
        Assert.Equal(0, await db.LessonRevisions.CountAsync(r => r.LinksHtml == "" || r.ExerciseHtml == ""));
    }
}
