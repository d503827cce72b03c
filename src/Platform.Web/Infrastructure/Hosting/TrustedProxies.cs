using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Platform.Web.Infrastructure.Hosting;

/// Which peers may tell the app the real client address (X-Forwarded-For) and scheme
/// (X-Forwarded-Proto): loopback always (nginx on the same machine), plus the addresses in
/// `ForwardedHeaders:KnownProxies` and the CIDR networks in `ForwardedHeaders:KnownNetworks`.
/// From anyone else the headers are ignored, so a client cannot pick its own address to dodge
/// the per-client rate limits.
public static class TrustedProxies
{
    public const string Section = "ForwardedHeaders";

    public static void Configure(ForwardedHeadersOptions options, IConfiguration configuration)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        // Unwound right to left, one hop per trusted proxy: a load balancer in front of nginx is
        // two hops, and the first untrusted hop ends the walk whatever the limit.
        options.ForwardLimit = null;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Add(IPAddress.Loopback);
        options.KnownProxies.Add(IPAddress.IPv6Loopback);
        options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse("127.0.0.0/8"));
        foreach (var (key, value) in Values(configuration, "KnownProxies"))
        {
            options.KnownProxies.Add(IPAddress.TryParse(value, out var address)
                ? address
                : throw new InvalidOperationException($"{key} is not an IP address: '{value}'."));
        }
        foreach (var (key, value) in Values(configuration, "KnownNetworks"))
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(value, out var network)
                ? network
                : throw new InvalidOperationException($"{key} is not a network in CIDR notation (like 10.0.0.0/8): '{value}'."));
        }
    }

    private static IEnumerable<(string Key, string Value)> Values(IConfiguration configuration, string name)
    {
        var section = configuration.GetSection(Section).GetSection(name);
        // One value or an array (`ForwardedHeaders:KnownProxies:0`); a comma-separated list is
        // what an environment variable can carry most easily.
        var entries = section.Value is { } single ? [(section.Path, single)] : section.GetChildren().Select(c => (c.Path, c.Value ?? ""));
        return entries.SelectMany(e => e.Item2.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => (e.Item1, v)));
    }
}
