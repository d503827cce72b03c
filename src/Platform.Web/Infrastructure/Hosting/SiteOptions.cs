namespace Platform.Web.Infrastructure.Hosting;

public sealed class SiteOptions
{
    public const string Section = "Platform";

    public string SiteName { get; set; } = "C.W.K. Stream";

    public string PublicUrl { get; set; } = "http://localhost:5080";

    public string[] Admins { get; set; } = [];

    public string ContentPath { get; set; } = "content";
}
