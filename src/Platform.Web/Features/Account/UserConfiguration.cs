using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Features.Account;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(50).IsRequired();
        builder.Property(u => u.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(u => u.TimeZone).HasMaxLength(64).HasDefaultValue(User.DefaultTimeZone);
        builder.Property(u => u.Language).HasMaxLength(8).HasDefaultValue(Languages.Korean);
        builder.Ignore(u => u.IsDeleted);
        builder.Property(u => u.BlockReason).HasMaxLength(Blocks.ReasonMaxLength);
        // One account per address is a product rule, so the database holds it too (Identity's
        // own index on it is not unique). Deleted accounts have no address: NULLs do not collide.
        builder.HasIndex(u => u.NormalizedEmail).IsUnique();
    }
}
