using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection;

namespace Platform.Web.Infrastructure.Security;

/// The data protection every request's antiforgery tokens go through, remembering what it has read.
/// A signed-in browser sends the same antiforgery cookie with every request, and a page's forms
/// post its request token back as often as they are used: each payload is decrypted and
/// authenticated (AES and HMACs, with a key derived for it) once, and then read from here for
/// <see cref="Lifetime"/>. With the sign-in cookie (now remembered whole, as a ticket:
/// <see cref="RememberedTickets"/>) that was a tenth of a comment POST's CPU (three payloads).
///
/// Only the purposes in <see cref="Remembered"/> remember: the antiforgery tokens.
/// E-mail and password tokens, and anything else, go to the key ring every time. A payload the key
/// ring refuses is never remembered, so a forged or tampered one costs its full check each time.
/// What a payload says cannot change (it is authenticated), and its readers still check what it
/// says about time (a ticket's expiry, the session check) on every request.
internal sealed class RememberedPayloads(IDataProtectionProvider inner, TimeProvider clock) : IDataProtectionProvider
{
    /// How long a read payload is remembered. The key ring itself is re-read only every few hours,
    /// so a key revoked meanwhile is honoured a few minutes later at most, as it would be anyway.
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// Payloads remembered per protector, and tickets per cookie scheme: a few hundred bytes to
    /// 4 KiB each (a sign-in cookie and its ticket), so at most 16 MiB for each; when full, what
    /// has expired goes, or everything.
    public const int Capacity = 4096;

    /// The first purpose of the protectors that remember: antiforgery (its cookie and its request
    /// tokens). The cookies of authentication are remembered a step later, as tickets.
    public static readonly IReadOnlySet<string> Remembered = new HashSet<string>(StringComparer.Ordinal)
    {
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
    private readonly Remembered<byte[], byte[]> read = new(PayloadComparer.Instance, clock);

    public int Count => read.Count;

    public IDataProtector CreateProtector(string purpose) => new RememberingProtector(inner.CreateProtector(purpose), clock);

    public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

    // Throws for a payload the key ring refuses: nothing is remembered then. What is kept and what
    // each reader is handed are copies: a reader may keep or clear what it is given.
    public byte[] Unprotect(byte[] protectedData) =>
        read.Read(protectedData, static (data, inner) => inner.Unprotect(data), inner, static bytes => (byte[])bytes.Clone(), static data => (byte[])data.Clone())!;

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

/// What an authenticated read gave, remembered for <see cref="RememberedPayloads.Lifetime"/> under
/// what was read, at most <see cref="RememberedPayloads.Capacity"/> of them. A read that throws
/// (a payload or cookie the key ring refuses) or gives nothing is never remembered, so a forged one
/// costs its full check every time.
internal sealed class Remembered<TKey, TValue>(IEqualityComparer<TKey> comparer, TimeProvider clock)
    where TKey : notnull
    where TValue : class
{
    private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset Until)> read = new(comparer);

    public int Count => read.Count;

    /// <paramref name="copy"/> makes what is kept and what each reader gets their own;
    /// <paramref name="keep"/> the key as kept (the caller's may be reused).
    public TValue? Read<TState>(TKey key, Func<TKey, TState, TValue?> readFresh, TState state, Func<TValue, TValue> copy, Func<TKey, TKey> keep)
    {
        var now = clock.GetUtcNow();
        if (read.TryGetValue(key, out var known) && now < known.Until)
        {
            return copy(known.Value);
        }
        if (readFresh(key, state) is not { } value)
        {
            return null;
        }
        if (read.Count >= RememberedPayloads.Capacity)
        {
            Forget(now);
        }
        read[keep(key)] = (copy(value), now + RememberedPayloads.Lifetime);
        return value;
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, known) in read)
        {
            if (known.Until <= now)
            {
                read.TryRemove(key, out _);
            }
        }
        if (read.Count >= RememberedPayloads.Capacity)
        {
            read.Clear();
        }
    }
}
