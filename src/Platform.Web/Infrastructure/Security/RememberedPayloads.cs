using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection;

namespace Platform.Web.Infrastructure.Security;

/// The data protection every request's cookies go through, remembering what it has read. A
/// signed-in browser sends the same sign-in cookie and the same antiforgery cookie with every
/// request, and a page's forms post its request token back as often as they are used: each payload
/// is decrypted and authenticated (AES and HMACs, with a key derived for it) once, and then read
/// from here for <see cref="Lifetime"/>. That was a tenth of a comment POST's CPU (three payloads).
///
/// Only the purposes in <see cref="Remembered"/> remember: the cookies and the antiforgery tokens.
/// E-mail and password tokens, and anything else, go to the key ring every time. A payload the key
/// ring refuses is never remembered, so a forged or tampered one costs its full check each time.
/// What a payload says cannot change (it is authenticated), and its readers still check what it
/// says about time (a ticket's expiry, the session check) on every request.
internal sealed class RememberedPayloads(IDataProtectionProvider inner, TimeProvider clock) : IDataProtectionProvider
{
    /// How long a read payload is remembered. The key ring itself is re-read only every few hours,
    /// so a key revoked meanwhile is honoured a few minutes later at most, as it would be anyway.
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// Payloads remembered per protector (the sign-in cookies' and the antiforgery tokens'): about
    /// 1.5 KiB each, so at most 6 MiB for each; when full, what has expired goes, or everything.
    public const int Capacity = 4096;

    /// The first purpose of the protectors that remember: cookie authentication (the sign-in and
    /// two-factor cookies) and antiforgery (its cookie and its request tokens).
    public static readonly IReadOnlySet<string> Remembered = new HashSet<string>(StringComparer.Ordinal)
    {
        "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware",
        "Microsoft.AspNetCore.Antiforgery.AntiforgeryToken.v1",
    };

    public IDataProtector CreateProtector(string purpose) =>
        Remembered.Contains(purpose)
            ? new RememberingProtector(inner.CreateProtector(purpose), clock)
            : inner.CreateProtector(purpose);

    /// Replaces the registered provider with one that wraps it (after AddDataProtection).
    public static void Register(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IDataProtectionProvider));
        services.Remove(original);
        services.AddSingleton<IDataProtectionProvider>(sp => new RememberedPayloads(
            (IDataProtectionProvider)(original.ImplementationInstance
                ?? original.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!)),
            sp.GetRequiredService<TimeProvider>()));
    }
}

/// One purpose's protector with its own memory (the same bytes under another purpose are another
/// payload). Its sub-purposes remember too, each in its own.
internal sealed class RememberingProtector(IDataProtector inner, TimeProvider clock) : IDataProtector
{
    private readonly ConcurrentDictionary<byte[], (byte[] Plaintext, DateTimeOffset Until)> read = new(PayloadComparer.Instance);

    public int Count => read.Count;

    public IDataProtector CreateProtector(string purpose) => new RememberingProtector(inner.CreateProtector(purpose), clock);

    public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

    public byte[] Unprotect(byte[] protectedData)
    {
        var now = clock.GetUtcNow();
        if (read.TryGetValue(protectedData, out var known) && now < known.Until)
        {
            // A copy: the reader may keep or clear what it is given.
            return (byte[])known.Plaintext.Clone();
        }
        // Throws for a payload the key ring refuses: nothing is remembered then.
        var plaintext = inner.Unprotect(protectedData);
        if (read.Count >= RememberedPayloads.Capacity)
        {
            Forget(now);
        }
        read[(byte[])protectedData.Clone()] = ((byte[])plaintext.Clone(), now + RememberedPayloads.Lifetime);
        return plaintext;
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (payload, known) in read)
        {
            if (known.Until <= now)
            {
                read.TryRemove(payload, out _);
            }
        }
        if (read.Count >= RememberedPayloads.Capacity)
        {
            read.Clear();
        }
    }

    private sealed class PayloadComparer : IEqualityComparer<byte[]>
    {
        public static readonly PayloadComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        // HashCode's seed differs in every process: payloads cannot be chosen to collide.
        public int GetHashCode(byte[] payload)
        {
            var hash = new HashCode();
            hash.AddBytes(payload);
            return hash.ToHashCode();
        }
    }
}
