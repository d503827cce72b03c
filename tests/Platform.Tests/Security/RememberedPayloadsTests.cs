using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;
using Platform.Web.Infrastructure.Security;

namespace Platform.Tests.Security;

/// The antiforgery tokens' payloads are read by the key ring once and then remembered for a few
/// minutes; nothing else is (the sign-in cookie is remembered as a ticket: RememberedTicketsTests),
/// and nothing the key ring refuses.
public sealed class RememberedPayloadsTests
{
    private const string Cookies = "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware";
    private const string Antiforgery = "Microsoft.AspNetCore.Antiforgery.AntiforgeryToken.v1";

    private readonly ManualClock clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly CountingProvider keyRing = new(new EphemeralDataProtectionProvider());

    private RememberedPayloads Provider() => new(keyRing, clock);

    [Fact]
    public void A_token_is_read_by_the_key_ring_once_then_remembered_until_its_lifetime_ends()
    {
        var protector = Provider().CreateProtector(Antiforgery).CreateProtector("sub-purpose");
        var payload = protector.Protect(Encoding.UTF8.GetBytes("ticket"));

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("ticket", Encoding.UTF8.GetString(protector.Unprotect(payload)));
        }
        Assert.Equal(1, keyRing.Unprotects);

        // What a reader is handed is its own: clearing it does not change what the next one reads.
        Array.Clear(protector.Unprotect(payload));
        Assert.Equal("ticket", Encoding.UTF8.GetString(protector.Unprotect(payload)));
        Assert.Equal(1, keyRing.Unprotects);

        clock.Advance(RememberedPayloads.Lifetime);
        Assert.Equal("ticket", Encoding.UTF8.GetString(protector.Unprotect(payload)));
        Assert.Equal(2, keyRing.Unprotects);
    }

    [Fact]
    public void A_payload_the_key_ring_refuses_is_refused_every_time_and_never_remembered()
    {
        var protector = Provider().CreateProtector(Antiforgery);
        var payload = protector.Protect(Encoding.UTF8.GetBytes("token"));
        Assert.Equal("token", Encoding.UTF8.GetString(protector.Unprotect(payload)));

        var tampered = (byte[])payload.Clone();
        tampered[^1] ^= 1;
        for (var i = 0; i < 3; i++)
        {
            Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(tampered));
        }
        Assert.Equal(4, keyRing.Unprotects);
        // The genuine payload is still remembered.
        Assert.Equal("token", Encoding.UTF8.GetString(protector.Unprotect(payload)));
        Assert.Equal(4, keyRing.Unprotects);
    }

    [Fact]
    public void The_same_bytes_under_another_purpose_are_another_payload()
    {
        var provider = Provider();
        var cookies = provider.CreateProtector(Cookies);
        var payload = cookies.Protect(Encoding.UTF8.GetBytes("ticket"));
        cookies.Unprotect(payload);

        Assert.ThrowsAny<CryptographicException>(() => provider.CreateProtector(Antiforgery).Unprotect(payload));
        Assert.ThrowsAny<CryptographicException>(() => cookies.CreateProtector("another").Unprotect(payload));
    }

    [Fact]
    public void Other_purposes_such_as_e_mail_tokens_and_the_cookies_payloads_go_to_the_key_ring_every_time()
    {
        foreach (var purpose in new[] { "DataProtectorTokenProvider", Cookies })
        {
            var protector = Provider().CreateProtector(purpose);
            var payload = protector.Protect(Encoding.UTF8.GetBytes("confirm"));
            protector.Unprotect(payload);
            protector.Unprotect(payload);
            Assert.IsNotType<RememberingProtector>(protector);
        }
        Assert.Equal(4, keyRing.Unprotects);
    }

    [Fact]
    public void It_remembers_at_most_its_capacity()
    {
        var protector = (RememberingProtector)Provider().CreateProtector(Antiforgery);
        for (var i = 0; i < RememberedPayloads.Capacity + 10; i++)
        {
            protector.Unprotect(protector.Protect(BitConverter.GetBytes(i)));
        }
        Assert.InRange(protector.Count, 1, RememberedPayloads.Capacity);
    }

    /// The key ring, counting what it is asked to read.
    private sealed class CountingProvider(IDataProtectionProvider inner) : IDataProtectionProvider
    {
        private int unprotects;

        public int Unprotects => unprotects;

        public IDataProtector CreateProtector(string purpose) => new Counting(inner.CreateProtector(purpose), this);

        private sealed class Counting(IDataProtector inner, CountingProvider owner) : IDataProtector
        {
            public IDataProtector CreateProtector(string purpose) => new Counting(inner.CreateProtector(purpose), owner);

            public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

            public byte[] Unprotect(byte[] protectedData)
            {
                Interlocked.Increment(ref owner.unprotects);
                return inner.Unprotect(protectedData);
            }
        }
    }
}

/// In the app: the sign-in cookie, the antiforgery cookie and the request tokens go through the
/// remembering provider, and a signed-in learner's pages and writes work through it, again and again.
public sealed class RememberedPayloadsInTheAppTests(LessonsFactory factory) : IClassFixture<LessonsFactory>
{
    [Fact]
    public async Task A_learner_s_cookies_and_tokens_are_read_through_the_remembered_payloads()
    {
        Assert.IsType<RememberedPayloads>(factory.Services.GetRequiredService<IDataProtectionProvider>());
        var email = $"remembered-{Guid.NewGuid():N}@example.com";
        await factory.CreateUserAsync(email);
        using var client = await factory.SignedInClientAsync(email);

        var token = (await client.GetFromJsonAsync<TokenResponse>("/api/antiforgery"))!.Token;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me")).StatusCode);
            using var complete = new HttpRequestMessage(HttpMethod.Post, "/api/progress/complete") { Content = JsonContent.Create(new { lesson = "demo/intro" }) };
            complete.Headers.Add("RequestVerificationToken", token);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(complete)).StatusCode);
        }
        // A token changed by one character is refused, after the genuine one was read.
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/api/progress/complete") { Content = JsonContent.Create(new { lesson = "demo/intro" }) };
        forged.Headers.Add("RequestVerificationToken", token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1]);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(forged)).StatusCode);
    }

    private sealed record TokenResponse(string Token);
}
