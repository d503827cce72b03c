using Platform.Tests.Lessons;
using Platform.Web.Features.Lessons;

namespace Platform.Tests.Authoring;

public sealed class ExerciseImportTests
{
    private const string Rest = "\n\n::: links\n- [a](https://example.org)\n:::\n\n::: exercise\n풀어 봐.\n:::\n";

    public static TheoryData<string, int, string> BadBlocks => new()
    {
        // the lesson body (its first line is line 12 of the file), the line to report, what the message says
        { "```quiz\nid: a\nquestion: q\nanswers: [x]\nexplanation: e\nhint: h\n```", 17, "알 수 없는 항목 'hint'" },
        { "```quiz\nid: a\nquestion: q\nchoices: [x, y]\nanswer: 3\nexplanation: e\n```", 16, "1에서 2 사이" },
        { "```quiz\nid: a\nquestion: q\nexplanation: e\n```", 12, "정답이 없어요" },
        { "```quiz\nid: a\nquestion: q\nchoices: [x, y]\nanswer: 1\nanswers: [x]\nexplanation: e\n```", 12, "choices와 answers가 함께" },
        { "```quiz\nid: a\nquestion: q\nanswers: [x]\n```", 12, "explanation(해설)이 없어요" },
        { "```quiz\nid: Not Ok\nquestion: q\nanswers: [x]\nexplanation: e\n```", 13, "영문 소문자" },
        { "```quiz\nid: a\nquestion: x: y\nanswers: [x]\nexplanation: e\n```", 14, "YAML을 읽을 수 없어요" },
        { "```quiz\nid: a\nquestion: q\nanswers: [x]\nexplanation: e\n```\n\n```quiz\nid: a\nquestion: q2\nanswers: [y]\nexplanation: e\n```", 19, "두 번 나와요" },
    };

    [Theory]
    [MemberData(nameof(BadBlocks))]
    public async Task A_malformed_quiz_block_stops_the_import_naming_the_file_and_line(string body, int line, string expected)
    {
        using var content = new ContentFolder().Course("demo", "데모 강좌", ("basics", "기초"));
        content.Lesson("demo", "basics", "good", 1);
        var file = content.Lesson("demo", "basics", "quiz", 2, body: body + Rest);
        await using var database = await ImportDatabase.CreateAsync();

        await database.RefusesAsync(content.Root, file, line, expected);
    }

    [Fact]
    public async Task The_sample_courses_ask_questions_in_at_least_four_lessons()
    {
        var sample = Path.Combine(Platform.Web.Infrastructure.Data.RepositoryPaths.Root(AppContext.BaseDirectory), "content");
        await using var database = await ImportDatabase.CreateAsync();
        await database.ImportAsync(sample);

        await using var db = database.Context();
        var withQuestions = db.Lessons.Where(l => l.ExerciseIds.Count > 0 && l.Status == LessonStatus.Published).Select(l => l.Slug).ToList();
        Assert.True(withQuestions.Count >= 4, string.Join(", ", withQuestions));
        Assert.Contains(db.LessonRevisions.Select(r => r.ExercisesJson).ToList(), json => LessonExercise.Deserialize(json).Any(e => e.Answers.Contains("nf4")));
    }
}
