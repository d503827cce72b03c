using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;
using Platform.Web.Features.Lessons;
using Platform.Web.Infrastructure.Caching;

namespace Platform.Tests.Authoring;

/// The app with a small course imported at start, whose content folder stays: a test can change
/// a lesson file and import again, as an author would.
public class AuthoringFactory : PlatformFactory
{
    public ContentFolder Content { get; } = new();

    public const string ChoiceQuiz = """
        ```quiz
        id: pick-lora
        question: 원래 가중치를 얼려 두는 방법은?
        choices:
          - 전체 파인튜닝
          - LoRA
          - 처음부터 학습
        answer: 2
        explanation: LoRA는 **작은 행렬만** 학습해.
        ```

        """;

    public const string ShortQuiz = """
        ```quiz
        id: name-method
        question: 대화를 문자열로 바꾸는 메서드는?
        answers: [apply_chat_template]
        explanation: 해설 — 템플릿 메서드야.
        ```

        """;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Content.Course("demo", "데모 강좌", ("basics", "기초"), ("advanced", "심화"));
        Content.Lesson("demo", "basics", "intro", 1, title: "시작하기", body: ContentFolder.Body("intro").Replace(":::\n\n::: exercise\n", ":::\n\n::: exercise\n" + ChoiceQuiz + "\n", StringComparison.Ordinal));
        Content.Lesson("demo", "basics", "second", 2, title: "두 번째 걸음");
        Content.Lesson("demo", "advanced", "third", 1, title: "세 번째 걸음", body: ContentFolder.Body("third").Replace(":::\n\n::: exercise\n", ":::\n\n::: exercise\n" + ShortQuiz + "\n", StringComparison.Ordinal));
        _ = Services;
    }

    protected override IEnumerable<(string Key, string Value)> Settings() =>
    [
        ("Platform:ImportContentOnStart", "true"),
        ("Platform:ContentPath", Content.Root),
    ];

    /// Imports the content folder again and drops the cached pages, as the admin re-import does.
    public async Task<ContentImportReport> ReimportAsync()
    {
        var report = await WithScopeAsync(sp => sp.GetRequiredService<ContentImporter>().ImportAsync(Content.Root));
        await Services.GetRequiredService<PageCacheEviction>().AllLessonsChangedAsync();
        return report;
    }

    public async Task<int> LessonIdAsync(string slug)
    {
        await using var db = CreateDbContext();
        return await db.Lessons.Where(l => l.Course.Slug == "demo" && l.Slug == slug).Select(l => l.Id).SingleAsync();
    }

    protected override ValueTask OnDisposedAsync()
    {
        Content.Dispose();
        return ValueTask.CompletedTask;
    }
}
