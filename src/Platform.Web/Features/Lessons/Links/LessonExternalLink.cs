using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.Web.Features.Lessons.Links;

/// Which lesson (its current revision) links to which address.
public sealed class LessonExternalLink
{
    public int LessonId { get; set; }

    public long LinkId { get; set; }

    public ExternalLink Link { get; set; } = null!;
}

internal sealed class LessonExternalLinkConfiguration : IEntityTypeConfiguration<LessonExternalLink>
{
    public void Configure(EntityTypeBuilder<LessonExternalLink> builder)
    {
        builder.ToTable("lesson_external_links");
        builder.HasKey(l => new { l.LessonId, l.LinkId });
        builder.HasIndex(l => l.LinkId);
        builder.HasOne<Lesson>().WithMany().HasForeignKey(l => l.LessonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(l => l.Link).WithMany().HasForeignKey(l => l.LinkId).OnDelete(DeleteBehavior.Cascade);
    }
}
