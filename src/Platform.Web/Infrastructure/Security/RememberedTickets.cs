using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Platform.Web.Infrastructure.Security;

/// A cookie scheme's tickets, remembered by the cookie that carried them. A signed-in browser sends
/// the same sign-in cookie with every request; its ticket (the learner's claims and the cookie's
/// times) is decrypted, authenticated and deserialized once, then copied from here for
/// <see cref="RememberedPayloads.Lifetime"/>. Deserializing alone (the claims' strings, a stream and
/// a reader) was about 3 % of a comment POST's CPU in the app.
///
/// Every reader gets a copy of its own (<see cref="AuthenticationTicket.Clone"/>): the cookie
/// handler and the session check may replace the principal or renew the properties. The handler
/// still checks the ticket's expiry on every request, and the session check (<c>SessionCheck</c>)
/// still checks the account's stamp, blocks and deletion. A cookie the key ring refuses is never
/// remembered; a ticket read under a TLS binding purpose is not either.
internal sealed class RememberedTickets(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider clock) : ISecureDataFormat<AuthenticationTicket>
{
    private readonly Remembered<string, AuthenticationTicket> read = new(StringComparer.Ordinal, clock);

    public int Count => read.Count;

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose) =>
        protectedText is null || purpose is not null
            ? inner.Unprotect(protectedText, purpose)
            : read.Read(protectedText, static (text, inner) => inner.Unprotect(text), inner, static ticket => ticket.Clone(), static text => text);

    /// Every cookie scheme's ticket format (Identity's sign-in, external and two-factor cookies),
    /// wrapped once it is set up.
    public static void Register(IServiceCollection services) =>
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>>(sp => new WrapFormat(sp.GetRequiredService<TimeProvider>()));

    private sealed class WrapFormat(TimeProvider clock) : IPostConfigureOptions<CookieAuthenticationOptions>
    {
        public void PostConfigure(string? name, CookieAuthenticationOptions options)
        {
            if (options.TicketDataFormat is not null and not RememberedTickets)
            {
                options.TicketDataFormat = new RememberedTickets(options.TicketDataFormat, clock);
            }
        }
    }
}
