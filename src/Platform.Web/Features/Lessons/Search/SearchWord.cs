using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.Web.Features.Lessons.Search;

/// A word that occurs in some lesson. A query word that matches no lesson is corrected to the
/// most similar of these by trigrams ("tokenzier" → "tokenizer") and the search runs again with
/// it: comparing one short word with each distinct word is far cheaper than comparing it with
/// every title and heading, and the corrected word is then found anywhere in a lesson.
public sealed class SearchWord
{
    public required string Word { get; set; }
}

internal sealed class SearchWordConfiguration : IEntityTypeConfiguration<SearchWord>
{
    public void Configure(EntityTypeBuilder<SearchWord> builder)
    {
        builder.ToTable("search_words");
        builder.HasKey(w => w.Word);
        builder.HasIndex(w => w.Word).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("ix_search_words_trigrams");
    }
}
