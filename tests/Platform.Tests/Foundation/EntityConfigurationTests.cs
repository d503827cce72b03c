using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Platform.Tests.Lessons;
using Platform.Web.Infrastructure.Data;

namespace Platform.Tests.Foundation;

/// One rule for entity configurations: each entity's IEntityTypeConfiguration sits in the entity's
/// own file, in the feature that owns it; and the model they build is the one the last migration
/// describes (a configuration change without its migration fails here, not in production).
public sealed partial class EntityConfigurationTests
{
    private static readonly string Source = Path.Combine(RepositoryPaths.Root(AppContext.BaseDirectory), "src");

    [GeneratedRegex(@"IEntityTypeConfiguration<(\w+)>")]
    private static partial Regex Configuration();

    [Fact]
    public void Every_entity_configuration_sits_in_the_file_of_its_entity()
    {
        var configured = new List<string>();
        var misplaced = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Source, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            foreach (Match match in Configuration().Matches(text))
            {
                var entity = match.Groups[1].Value;
                configured.Add(entity);
                if (Path.GetFileNameWithoutExtension(file) != entity || !Regex.IsMatch(text, $@"\bclass {entity}\b"))
                {
                    misplaced.Add($"{Path.GetRelativePath(Source, file)} configures {entity}");
                }
            }
        }
        Assert.Contains("Lesson", configured);
        Assert.Contains("Comment", configured);
        Assert.True(misplaced.Count == 0, "Put each configuration in its entity's file: " + string.Join("; ", misplaced));
    }

    [Fact]
    public async Task The_model_is_the_one_the_last_migration_describes()
    {
        await using var database = await ImportDatabase.CreateAsync();
        await using var db = database.Context();
        Assert.NotEmpty(db.Model.GetEntityTypes());
        Assert.False(db.Database.HasPendingModelChanges(),
            "The entity configurations changed the model without a migration: add one (see README, Migrations).");
    }
}
