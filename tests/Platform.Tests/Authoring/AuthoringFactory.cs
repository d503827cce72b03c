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

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Content.Course("demo", "데모 강좌", ("basics", "기초"), ("advanced", "심화"));
        Content.Lesson("demo", "basics", "intro", 1, title: "시작하기");
        Content.Lesson("demo", "basics", "second", 2, title: "두 번째 걸음");
        Content.Lesson("demo", "advanced", "third", 1, title: "세 번째 걸음");
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

    protected override ValueTask OnDisposedAsync()
    {
        Content.Dispose();
        return ValueTask.CompletedTask;
    }
}
