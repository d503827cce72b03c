using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Web.Features.Account;
using Platform.Web.Features.Lessons;

namespace Platform.Web.Features.Progress;

/// A quiz question a learner answered right, the first time (later answers change nothing).
public sealed class ExerciseSolution
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    public int LessonId { get; set; }

    public Lesson Lesson { get; set; } = null!;

    public required string ExerciseId { get; set; }

    public required string Answer { get; set; }

    public DateTimeOffset SolvedAt { get; set; }
}

internal sealed class ExerciseSolutionConfiguration : IEntityTypeConfiguration<ExerciseSolution>
{
    public void Configure(EntityTypeBuilder<ExerciseSolution> builder)
    {
        builder.ToTable("exercise_solutions");
        builder.Property(s => s.Id).UseIdentityAlwaysColumn();
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.Property(s => s.ExerciseId).HasMaxLength(60);
        builder.Property(s => s.Answer).HasMaxLength(LessonExercise.AnswerMaxLength);
        builder.HasIndex(s => new { s.UserId, s.LessonId, s.ExerciseId }).IsUnique();
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Lesson).WithMany().HasForeignKey(s => s.LessonId).OnDelete(DeleteBehavior.Restrict);
    }
}
