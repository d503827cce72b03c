namespace Platform.BrowserTests;

public sealed class SiteShellJourney(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Fact]
    public async Task A_visitor_opens_the_site_and_an_unknown_page_without_script_or_policy_errors()
    {
        var (context, page, errors) = await site.NewVisitorAsync();
        await using (context)
        {
            var response = await page.GotoAsync("/");
            Assert.Equal(200, response!.Status);
            Assert.Equal("C.W.K. Stream", await page.Locator(".site-header .brand").InnerTextAsync());

            var missing = await page.GotoAsync("/courses/no-such-course");
            Assert.Equal(404, missing!.Status);
            Assert.Contains("페이지를 찾을 수 없어요", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            // The 404 of the document itself is reported by Chromium too; nothing else may be.
            Assert.DoesNotContain(errors, e => !e.Contains("/courses/no-such-course", StringComparison.Ordinal));
        }
    }
}
