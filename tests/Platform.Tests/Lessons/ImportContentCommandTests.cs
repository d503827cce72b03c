using Microsoft.EntityFrameworkCore;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Lessons;

namespace Platform.Tests.Lessons;

public sealed class ImportContentCommandTests
{
    [Fact]
    public async Task Import_content_command_imports_a_folder_and_refuses_a_bad_one_naming_the_file()
    {
        using var content = new ContentFolder().Course("demo", "데모 강좌", ("basics", "기초"));
        content.Lesson("demo", "basics", "first", 1);
        await using var database = await ImportDatabase.CreateAsync();

        var good = await MigratorProcess.RunAsync(database.ConnectionString, "import-content", content.Root);
        Assert.True(good.ExitCode == 0, good.Output);
        Assert.Contains("lessons: 1 added", good.Output, StringComparison.Ordinal);

        content.Write("demo/basics/02-broken.md", ContentFolder.LessonText("broken", "basics", 2, "깨진 레슨", 5, ["a"], "published", ContentFolder.Body("broken"))
            .Replace("minutes: 5", "minutes: five", StringComparison.Ordinal));
        var bad = await MigratorProcess.RunAsync(database.ConnectionString, "import-content", content.Root);

        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("content/demo/basics/02-broken.md:6", bad.Output, StringComparison.Ordinal);
        Assert.Contains("minutes는 1 이상의 정수여야 해요 ('five'는 숫자가 아니에요)", bad.Output, StringComparison.Ordinal);

        // An author who reads English asks for it; the file and line stay.
        var english = await MigratorProcess.RunAsync(database.ConnectionString, "import-content", content.Root, "--lang", "en");
        Assert.NotEqual(0, english.ExitCode);
        Assert.Contains("content/demo/basics/02-broken.md:6: minutes must be a whole number of 1 or more ('five' is not)", english.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("정수", english.Output, StringComparison.Ordinal);
        await using var db = database.Context();
        Assert.Equal(["first"], await db.Lessons.Select(l => l.Slug).ToListAsync());
        Assert.Equal(LessonStatus.Published, (await db.Lessons.SingleAsync()).Status);
    }

}
