using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;
using Platform.Web.Infrastructure.Security;

namespace Platform.Tests.Security;

/// A sign-in cookie's ticket is read (decrypted, authenticated, deserialized) once and then copied
/// for a few minutes; every reader gets a copy of its own; nothing refused is remembered.
public sealed class RememberedTicketsTests
{
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly CountingFormat format = new(new TicketDataFormat(new EphemeralDataProtectionProvider().CreateProtector("tickets")));

    private static AuthenticationTicket Ticket(string userId) =>
        new(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, "학습자")], "Identity.Application")),
            new AuthenticationProperties { ExpiresUtc = new DateTimeOffset(2026, 12, 14, 12, 0, 0, TimeSpan.Zero) },
            "Identity.Application");

    [Fact]
    public void A_cookie_s_ticket_is_read_once_then_copied_until_its_lifetime_ends()
    {
        var tickets = new RememberedTickets(format, clock);
        var cookie = tickets.Protect(Ticket("learner-1"));

        var first = tickets.Unprotect(cookie)!;
        var second = tickets.Unprotect(cookie)!;
        Assert.Equal(1, format.Reads);
        Assert.Equal("learner-1", second.Principal.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal(first.Properties.ExpiresUtc, second.Properties.ExpiresUtc);

        // Each reader's copy is its own: what one request does to its principal and properties
        // (a claim added, a renewal) is not what the next request reads.
        ((ClaimsIdentity)second.Principal.Identity!).AddClaim(new Claim(ClaimTypes.Role, "Admin"));
        second.Properties.ExpiresUtc = null;
        var third = tickets.Unprotect(cookie)!;
        Assert.False(third.Principal.IsInRole("Admin"));
        Assert.NotNull(third.Properties.ExpiresUtc);
        Assert.NotSame(second.Principal, third.Principal);
        Assert.Equal(1, format.Reads);

        clock.Advance(RememberedPayloads.Lifetime);
        Assert.Equal("learner-1", tickets.Unprotect(cookie)!.Principal.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal(2, format.Reads);
    }

    [Fact]
    public void A_cookie_the_key_ring_refuses_is_read_every_time_and_never_remembered()
    {
        var tickets = new RememberedTickets(format, clock);
        var cookie = tickets.Protect(Ticket("learner-2"));
        var forged = cookie[..^2] + (cookie[^2] == 'A' ? 'B' : 'A') + cookie[^1];

        for (var i = 0; i < 3; i++)
        {
            Assert.Null(tickets.Unprotect(forged));
        }
        Assert.Equal(3, format.Reads);
        Assert.Equal(0, tickets.Count);
        Assert.Null(tickets.Unprotect(null));
    }

    [Fact]
    public void Two_cookies_are_two_tickets_and_a_purpose_bound_read_is_not_remembered()
    {
        var tickets = new RememberedTickets(format, clock);
        var one = tickets.Protect(Ticket("learner-3"));
        var other = tickets.Protect(Ticket("learner-4"));

        Assert.Equal("learner-3", tickets.Unprotect(one)!.Principal.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal("learner-4", tickets.Unprotect(other)!.Principal.FindFirstValue(ClaimTypes.NameIdentifier));
        var bound = tickets.Protect(Ticket("learner-5"), "tls-binding");
        tickets.Unprotect(bound, "tls-binding");
        tickets.Unprotect(bound, "tls-binding");
        Assert.Equal(4, format.Reads);
        Assert.Equal(2, tickets.Count);
    }

    [Fact]
    public void It_remembers_at_most_its_capacity()
    {
        var tickets = new RememberedTickets(format, clock);
        for (var i = 0; i < RememberedPayloads.Capacity + 10; i++)
        {
            tickets.Unprotect(tickets.Protect(Ticket($"learner-{i}")));
        }
        Assert.InRange(tickets.Count, 1, RememberedPayloads.Capacity);
    }

    /// The ticket format, counting the cookies it is asked to read.
    private sealed class CountingFormat(ISecureDataFormat<AuthenticationTicket> inner) : ISecureDataFormat<AuthenticationTicket>
    {
        private int reads;

        public int Reads => reads;

        public string Protect(AuthenticationTicket data) => inner.Protect(data);

        public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Interlocked.Increment(ref reads);
            return inner.Unprotect(protectedText, purpose);
        }
    }
}

/// In the app: Identity's cookies read their tickets through the remembered tickets, and a learner
/// whose session is revoked is refused on the next request although their ticket is remembered.
public sealed class RememberedTicketsInTheAppTests(LessonsFactory factory) : IClassFixture<LessonsFactory>
{
    [Fact]
    public async Task The_sign_in_cookie_is_remembered_and_the_session_check_still_runs_on_every_request()
    {
        var cookies = factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>();
        var formats = new[] { IdentityConstants.ApplicationScheme, IdentityConstants.ExternalScheme, IdentityConstants.TwoFactorUserIdScheme }
            .Select(scheme => cookies.Get(scheme).TicketDataFormat).ToList();
        Assert.All(formats, f => Assert.IsType<RememberedTickets>(f));

        var email = $"ticket-{Guid.NewGuid():N}@example.com";
        await factory.CreateUserAsync(email);
        using var client = await factory.SignedInClientAsync(email);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me")).StatusCode);
        }
        Assert.InRange(((RememberedTickets)formats[0]).Count, 1, int.MaxValue);

        // Signing out everywhere rotates the stamp: the remembered ticket no longer signs anyone in.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Platform.Web.Features.Account.User>>();
            await users.UpdateSecurityStampAsync((await users.FindByEmailAsync(email))!);
        }
        using var after = await client.GetAsync("/me");
        var landed = after.StatusCode == HttpStatusCode.Redirect ? new Uri(client.BaseAddress!, after.Headers.Location!) : after.RequestMessage!.RequestUri!;
        Assert.Equal("/Identity/Account/Login", landed.AbsolutePath);
    }
}
