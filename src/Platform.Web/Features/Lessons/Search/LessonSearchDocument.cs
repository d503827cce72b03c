using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;

namespace Platform.Web.Features.Lessons.Search;

/// A lesson's whole text as one weighted vector: the search ranks lessons on these (one row per
/// lesson) and only then picks the best section of each hit. Ranking the sections themselves
/// meant ranking eight rows per lesson; over 1,000 lessons a common word like "모델" matched
/// most of them and the query took four times as long.
public sealed class LessonSearchDocument
{
    public int LessonId { get; set; }

    public Lesson Lesson { get; set; } = null!;

    /// Built by <see cref="SearchIndex"/> from the lesson's sections: title A, meta B, body D.
    /// Kept in the row, not in TOAST (the migration sets STORAGE MAIN): every search reads them all.
    public NpgsqlTsVector Document { get; set; } = null!;
}

internal sealed class LessonSearchDocumentConfiguration : IEntityTypeConfiguration<LessonSearchDocument>
{
    public void Configure(EntityTypeBuilder<LessonSearchDocument> builder)
    {
        builder.ToTable("lesson_search_documents");
        builder.HasKey(d => d.LessonId);
        builder.Property(d => d.LessonId).ValueGeneratedNever();
        builder.HasIndex(d => d.Document).HasMethod("gin");
        builder.HasOne(d => d.Lesson).WithOne().HasForeignKey<LessonSearchDocument>(d => d.LessonId).OnDelete(DeleteBehavior.Cascade);
    }
}
