using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Comments;
using Platform.Web.Infrastructure.Caching;

namespace Platform.Tests.Accounts;

/// A learner's kept page is never served past their sign-in cookie's expiry, not even in the
/// moment an aged-out copy is being renewed by another request (<see cref="PageCopies.RenewalGrace"/>).
public sealed class LearnerPageCookieEndTests(LearnerPageCookieEndTests.Factory factory) : IClassFixture<LearnerPageCookieEndTests.Factory>
{
    public sealed class Factory : CommentsFactory
    {
        /// Far shorter than a kept page's lifetime, so the cookie's expiry is what ends the copy.
        public static readonly TimeSpan CookieLifetime = TimeSpan.FromSeconds(4);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.PostConfigure<CookieAuthenticationOptions>(
                IdentityConstants.ApplicationScheme,
                o => (o.ExpireTimeSpan, o.SlidingExpiration) = (CookieLifetime, false)));
        }
    }

    [Fact]
    public async Task A_learners_kept_page_ends_with_their_sign_in_cookie()
    {
        var (learner, _) = await factory.LearnerAsync("cookie-end");
        using var _l = learner;
        // The ticket was issued before this, so it expires before this plus its lifetime.
        var signedIn = DateTimeOffset.UtcNow;
        Assert.Contains("cookie-end", await learner.GetStringAsync(CommentsFactory.Lesson), StringComparison.Ordinal);
        Assert.Contains("cookie-end", await learner.GetStringAsync(CommentsFactory.Lesson), StringComparison.Ordinal);

        await Task.Delay(signedIn + Factory.CookieLifetime + TimeSpan.FromMilliseconds(500) - DateTimeOffset.UtcNow);

        // The browser still sends the (session) cookie; its ticket has expired. The first request
        // renders (and would renew the copy); none after it may be served the learner's copy.
        for (var i = 0; i < 3; i++)
        {
            var page = await learner.GetStringAsync(CommentsFactory.Lesson);
            Assert.DoesNotContain("cookie-end", page, StringComparison.Ordinal);
            Assert.Contains("/Identity/Account/Login", page, StringComparison.Ordinal);
        }
    }
}
