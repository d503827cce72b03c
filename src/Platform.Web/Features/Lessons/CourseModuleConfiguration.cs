using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.Web.Features.Lessons;

internal sealed class CourseModuleConfiguration : IEntityTypeConfiguration<CourseModule>
{
    public void Configure(EntityTypeBuilder<CourseModule> builder)
    {
        builder.ToTable("course_modules");
        builder.Property(m => m.Slug).HasMaxLength(100);
        builder.Property(m => m.Title).HasMaxLength(200);
        builder.HasIndex(m => new { m.CourseId, m.Slug }).IsUnique();
        builder.HasOne(m => m.Course).WithMany(c => c.Modules).HasForeignKey(m => m.CourseId).OnDelete(DeleteBehavior.Restrict);
    }
}
