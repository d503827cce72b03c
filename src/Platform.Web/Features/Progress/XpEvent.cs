using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Progress;

/// One line of the append-only XP ledger. <see cref="Source"/> names what earned it
/// (`lesson:{id}`, `achievement:{id}`, `exercise:{lesson id}/{question id}`); each source pays a learner once, ever.
public sealed class XpEvent
{
    public const string LessonSourcePrefix = "lesson:";
    public const string AchievementSourcePrefix = "achievement:";
    public const string ExerciseSourcePrefix = "exercise:";

    public long Id { get; set; }

    public required string UserId { get; set; }

    public required string Source { get; set; }

    public int Xp { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public static string ForLesson(int lessonId) => LessonSourcePrefix + lessonId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string ForAchievement(string achievementId) => AchievementSourcePrefix + achievementId;

    public static string ForExercise(int lessonId, string exerciseId) =>
        ExerciseSourcePrefix + lessonId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + exerciseId;
}

internal sealed class XpEventConfiguration : IEntityTypeConfiguration<XpEvent>
{
    public void Configure(EntityTypeBuilder<XpEvent> builder)
    {
        builder.ToTable("xp_events", t => t.HasCheckConstraint("ck_xp_events_xp_positive", "xp > 0"));
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.UserId).HasMaxLength(450);
        builder.Property(e => e.Source).HasMaxLength(120);
        builder.HasIndex(e => new { e.UserId, e.Source }).IsUnique();
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
