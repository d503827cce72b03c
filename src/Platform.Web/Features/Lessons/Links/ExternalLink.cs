using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.Web.Features.Lessons.Links;

public enum LinkOutcome
{
    /// Found in a lesson, not checked yet.
    Unchecked,
    Ok,
    /// The server answered 4xx or 5xx (to HEAD and then to GET).
    Broken,
    Timeout,
    /// More redirects than allowed, or a redirect back to an address already visited.
    TooManyRedirects,
    /// No answer at all: DNS, refused connection, TLS, or a redirect to something that is not http(s).
    Unreachable,
}

/// An external address some lesson links to, with the result of its last check. One row per
/// address, whatever the number of lessons linking to it, so an address is fetched at most once
/// per <see cref="LinkCheckOptions.Interval"/>.
public sealed class ExternalLink
{
    public const int UrlMaxLength = 2000;

    public long Id { get; set; }

    public required string Url { get; set; }

    public required string Host { get; set; }

    public LinkOutcome Outcome { get; set; }

    /// The status of the last answer (after redirects); null when none came.
    public int? StatusCode { get; set; }

    public string? Detail { get; set; }

    public DateTimeOffset? CheckedAt { get; set; }

    /// Due for a check from then on: a day after the last one, or now when an admin asked.
    public DateTimeOffset NextCheckAt { get; set; }
}

internal sealed class ExternalLinkConfiguration : IEntityTypeConfiguration<ExternalLink>
{
    public void Configure(EntityTypeBuilder<ExternalLink> builder)
    {
        builder.ToTable("external_links");
        builder.Property(l => l.Id).UseIdentityAlwaysColumn();
        builder.Property(l => l.Url).HasMaxLength(ExternalLink.UrlMaxLength);
        builder.Property(l => l.Host).HasMaxLength(300);
        builder.Property(l => l.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.Detail).HasMaxLength(500);
        builder.HasIndex(l => l.Url).IsUnique();
        builder.HasIndex(l => l.NextCheckAt);
    }
}
