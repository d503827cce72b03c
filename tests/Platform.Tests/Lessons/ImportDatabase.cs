using Microsoft.EntityFrameworkCore;
using Platform.Migrations;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Lessons;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Tests.Lessons;

/// A fresh migrated database of one test's own, and the importer run against it.
public sealed class ImportDatabase : IAsyncDisposable
{
    private ImportDatabase(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public static async Task<ImportDatabase> CreateAsync() => new(await TestPostgres.CreateDatabaseAsync());

    public PlatformDbContext Context() => MigrationsDbContextFactory.Create(ConnectionString);

    /// In Korean whatever the machine's LANG, as the CLI speaks by default: the tests read the
    /// messages (ContentText) in Korean.
    public async Task<ContentImportReport> ImportAsync(string contentPath)
    {
        using var language = Languages.Use(Languages.Korean);
        await using var db = Context();
        return await new ContentImporter(db, new LessonMarkdown("http://localhost:5080"), TimeProvider.System).ImportAsync(contentPath);
    }

    /// Imports into this empty database expecting a refusal at <paramref name="file"/> (relative to
    /// the content folder) and <paramref name="line"/>, with <paramref name="expected"/> in the
    /// message; nothing may be written.
    public async Task RefusesAsync(string contentPath, string file, int line, string expected)
    {
        var error = await Assert.ThrowsAsync<ContentImportException>(() => ImportAsync(contentPath));

        Assert.Equal(("content/" + file, line), (error.File, error.Line));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(await SnapshotAsync());
    }

    /// Every lesson and revision, as rows to compare before and after.
    public async Task<List<string>> SnapshotAsync()
    {
        await using var db = Context();
        var lessons = (await db.Lessons.AsNoTracking().OrderBy(l => l.Id).ToListAsync())
            .Select(l => $"lesson {l.Id} {l.Slug} {l.Status} {l.ContentHash} r{l.RevisionNumber} {l.Title} {l.Minutes} {l.UpdatedAt:O}");
        var revisions = (await db.LessonRevisions.AsNoTracking().OrderBy(r => r.Id).ToListAsync())
            .Select(r => $"revision {r.Id} {r.LessonId} {r.Number} {r.ContentHash}");
        var courses = (await db.Courses.AsNoTracking().OrderBy(c => c.Id).ToListAsync())
            .Select(c => $"course {c.Id} {c.Slug} {c.Title} {c.IsPublished} {c.UpdatedAt:O}");
        return [.. courses, .. lessons, .. revisions];
    }

    public async ValueTask DisposeAsync() => await TestPostgres.DropDatabaseAsync(ConnectionString);
}
