using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.Web.Infrastructure.Security;

/// One client's count of attempts at one limit in one fixed window. Kept in PostgreSQL so every
/// app instance counts into the same row: two instances do not double a limit.
public sealed class RateLimitWindow
{
    public string Name { get; set; } = "";

    public string Client { get; set; } = "";

    public DateTimeOffset EndsAt { get; set; }

    public int Hits { get; set; }
}

internal sealed class RateLimitWindowConfiguration : IEntityTypeConfiguration<RateLimitWindow>
{
    public void Configure(EntityTypeBuilder<RateLimitWindow> builder)
    {
        builder.ToTable("rate_limit_windows");
        builder.HasKey(w => new { w.Name, w.Client, w.EndsAt });
        builder.Property(w => w.Name).HasMaxLength(50);
        builder.Property(w => w.Client).HasMaxLength(100);
        // The sweep deletes windows that have ended.
        builder.HasIndex(w => w.EndsAt);
    }
}
