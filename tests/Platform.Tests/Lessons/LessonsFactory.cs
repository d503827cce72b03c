using Platform.Tests.Infrastructure;

namespace Platform.Tests.Lessons;

/// The app with a small course imported at start.
public sealed class LessonsFactory : PlatformFactory
{
    private readonly ContentFolder _content = new();

    public static string LongBody { get; } = string.Concat(Enumerable.Range(1, 120).Select(i =>
        $"## 긴 절 {i}\n\n문단 {i}. [링크 {i}](https://example.org/{i})\n\n| a | b |\n|---|---|\n| {i} | {i * 2} |\n\n```python title=\"코드 {i}\"\nprint({i})\n```\n\n"))
        + "::: links\n- [문서](https://example.org/docs)\n:::\n\n::: exercise\n긴 연습.\n:::\n";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _content.Course("demo", "데모 강좌", ("basics", "기초"), ("advanced", "심화"));
        _content.Lesson("demo", "basics", "intro", 1, title: "시작하기", minutes: 12, tags: ["alpha", "beta"]);
        _content.Lesson("demo", "basics", "second", 2, title: "두 번째 걸음", minutes: 18, tags: ["beta", "chat-template"]);
        _content.Lesson("demo", "basics", "third", 3, title: "세 번째 걸음", minutes: 9, tags: ["gamma"]);
        _content.Lesson("demo", "basics", "secret", 4, title: "준비 중인 레슨", minutes: 7, tags: ["beta"], status: "draft");
        _content.Lesson("demo", "advanced", "long-one", 1, title: "아주 긴 레슨", minutes: 40, tags: ["gamma"], body: LongBody);
        _content.Course("other", "다른 강좌", ("only", "유일한 모듈"));
        _content.Lesson("other", "only", "elsewhere", 1, title: "다른 곳의 베타", minutes: 5, tags: ["beta"]);
        // Starting the host runs the import; the folder is not needed after that.
        _ = Services;
        _content.Dispose();
    }

    protected override IEnumerable<(string Key, string Value)> Settings() =>
    [
        ("Platform:ImportContentOnStart", "true"),
        ("Platform:ContentPath", _content.Root),
    ];
}
