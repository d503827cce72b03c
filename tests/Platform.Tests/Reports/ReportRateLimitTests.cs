using System.Net;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Reports;

public sealed class ReportRateLimitTests(ReportRateLimitTests.Factory factory) : IClassFixture<ReportRateLimitTests.Factory>
{
    public sealed class Factory : PlatformFactory
    {
        protected override IEnumerable<(string Key, string Value)> Settings() => [("RateLimits:Reports:PermitLimit", "5")];
    }

    [Fact]
    public async Task The_sixth_report_within_an_hour_is_refused_with_429_and_the_text_kept()
    {
        using var client = factory.CreateBrowser();
        for (var i = 1; i <= 5; i++)
        {
            var accepted = await client.SubmitFormAsync("/report", "form#report-form", Fields($"{i}번째 신고 내용이에요."));
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        }

        var refused = await client.SubmitFormAsync("/report", "form#report-form", Fields("여섯 번째 신고 내용이에요."));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var page = await refused.ParseAsync();
        Assert.Contains("신고를 너무 자주 보냈어요.", page.QuerySelector(".field-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("여섯 번째 신고 내용이에요.", page.QuerySelector("textarea[name='Input.Description']")!.TextContent.Trim());
    }

    private static Dictionary<string, string> Fields(string description) => new()
    {
        ["Input.Category"] = "Typo",
        ["Input.Description"] = description,
    };
}
