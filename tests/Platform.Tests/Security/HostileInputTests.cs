using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Admin;
using Platform.Tests.Infrastructure;
using Platform.Web.Infrastructure.Security;

namespace Platform.Tests.Security;

/// Hostile input through every route value, query parameter, form field and JSON field that a
/// visitor, a learner and an admin can reach. The pages and their inputs are read from the app
/// itself (every Razor page's route, handler parameters and bound properties; every minimal-API
/// route), so a new page or field is covered without touching this test.
public sealed class HostileInputTests(HostileInputTests.Factory factory) : IClassFixture<HostileInputTests.Factory>
{
    public sealed class Factory : AdminFactory
    {
        protected override IEnumerable<(string Key, string Value)> Settings() =>
        [
            .. base.Settings(),
            // The point is to reach the code behind the limits, not the limits themselves.
            ("Comments:PerMinute", "100000"),
            ("Comments:PerHour", "100000"),
            ("Comments:FlagsPerHour", "100000"),
            ($"RateLimits:{Platform.Web.Features.Comments.HelpfulToggleModel.RateLimit}:PermitLimit", "100000"),
            ("Mail:PerAccountPerHour", "100000"),
            ("Mail:PerAddressPerHour", "100000"),
        ];
    }

    public static readonly IReadOnlyList<string> Payloads =
    [
        "", " ", "\0", "a\0b", "\u0001\u0007\u001b", "\u007f\u0085", "\u202Eevil\u202C", "\u2066x\u2069", "\uD800", "x\uDC00y",
        "\uFFFF", "😀👍🏽 가나다", new string('a', 5000), new string('가', 3000), "0", "-1", "-2147483648", "2147483647",
        "2147483648", "50000000", "9223372036854775807", "99999999999999999999999", "1e309", "NaN", "1.5", "abc", "0x10",
        "2026-13-45", "0001-01-01", "9999-12-31T23:59:59Z", "2026-02-30T25:61:00+99:00", "../../../../etc/passwd",
        "..%2f..%2fetc%2fpasswd", "//evil.example/x", "https://evil.example/", "javascript:alert(1)", "' OR 1=1 --",
        "'; DROP TABLE users; --", "\" onmouseover=\"alert(1)", "{{7*7}}", "${7*7}", "@(1+1)",
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "<javascript:alert(1)>",
        "%", "%zz", "\r\nSet-Cookie: x=1", "a\tb\nc", "\u200B", "true", "[]", "{}", "null",
    ];

    private static readonly string[] Core = ["\0", "\u202Eevil\u202C", "\uD800", new string('가', 3000), "2147483648", "-1", " "];

    private const int Rotation = 3;

    private sealed record Target(string Role, string Method, string Url, string Field, string Where);

    [Fact]
    public async Task No_input_anywhere_gets_a_5xx_or_stores_what_a_reader_would_see_live()
    {
        Assert.True(Payloads.Count >= 50);
        var learnerEmail = $"learner-{Guid.NewGuid():N}@example.com";
        var learner = await factory.CreateUserAsync(learnerEmail);
        var victim = await factory.CreateUserAsync($"victim-{Guid.NewGuid():N}@example.com");
        var adminEmail = $"admin-{Guid.NewGuid():N}@example.com";
        await factory.CreateUserAsync(adminEmail, admin: true, displayName: "관리자");
        var commentId = await factory.SeedCommentAsync("다른 사람의 댓글");
        var ownComment = await factory.SeedCommentAsync("내 댓글", authorId: learner.Id);
        var reportId = await factory.SeedReportAsync();
        var lessonId = await factory.LessonIdAsync("demo", "intro");
        var routeValues = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["course"] = "demo",
            ["lesson"] = "intro",
            ["tag"] = "intro",
            ["number"] = "1",
        };
        string IdFor(string template) =>
            template.StartsWith("admin/users", StringComparison.Ordinal) ? victim.Id
            : template.StartsWith("admin/reports", StringComparison.Ordinal) ? reportId.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : template.StartsWith("admin/lessons", StringComparison.Ordinal) ? lessonId.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : template.Contains("edit", StringComparison.OrdinalIgnoreCase) || template.Contains("delete", StringComparison.OrdinalIgnoreCase)
                ? ownComment.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : commentId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var targets = await TargetsAsync(routeValues, IdFor);
        // Every page of the app is reached, and enough inputs with it.
        Assert.True(targets.Select(t => t.Url).Distinct().Count() >= 30, string.Join("\n", targets.Select(t => t.Url).Distinct()));
        Assert.True(targets.Count * Payloads.Count >= 300);

        using var visitor = factory.Visitor();
        using var learnerClient = await factory.SignedInClientAsync(learnerEmail);
        using var adminClient = await factory.SignedInClientAsync(adminEmail);
        var clients = new Dictionary<string, HttpClient> { ["visitor"] = visitor, ["learner"] = learnerClient, ["admin"] = adminClient };
        var tokens = new Dictionary<string, string>();
        foreach (var (role, client) in clients)
        {
            tokens[role] = (await client.GetFromJsonAsync<TokenResponse>("/api/antiforgery"))!.Token;
        }

        var failures = new ConcurrentBag<string>();
        var refusedWithoutMessage = new ConcurrentBag<string>();
        var sent = 0;
        // Each input gets the payloads that broke something once, and a share of the rest in turn,
        // so every payload reaches every page while the run stays short.
        var work = targets.SelectMany((t, i) => Core.Concat(Enumerable.Range(0, Rotation).Select(k => Payloads[(i * Rotation + k) % Payloads.Count]))
            .Distinct().Select(p => (Target: t, Payload: p))).ToList();
        Assert.True(work.Count >= 300);
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, ct) =>
        {
            var (target, payload) = item;
            if (target.Where == "route" && payload.Contains('\0', StringComparison.Ordinal))
            {
                // No server takes NUL in a path: Kestrel answers 400 before the app, the test host will not send it.
                return;
            }
            using var request = Build(target, payload, tokens[target.Role]);
            using var response = await clients[target.Role].SendAsync(request, ct);
            Interlocked.Increment(ref sent);
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                var body = await response.Content.ReadAsStringAsync(ct);
                failures.Add($"{status} {target.Role} {target.Method} {target.Url} [{target.Where} {target.Field}] = {Show(payload)}\n{body[..Math.Min(body.Length, 400)]}");
            }
            else if (status is 400 or 413 && await response.Content.ReadAsStringAsync(ct) is { Length: 0 })
            {
                refusedWithoutMessage.Add($"{status} {target.Method} {target.Url} [{target.Field}] = {Show(payload)}");
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} of {sent} requests answered 5xx:\n" + string.Join("\n\n", failures.Take(25)));
        Assert.True(refusedWithoutMessage.IsEmpty, "Refused without a message:\n" + string.Join("\n", refusedWithoutMessage.Take(25)));

        // Nothing that the text policy refuses was stored anywhere a reader sees it.
        await using (var db = factory.CreateDbContext())
        {
            var names = await db.Users.Select(u => u.DisplayName).ToListAsync();
            var comments = await db.Set<Platform.Web.Features.Comments.Comment>().Select(c => c.BodyMarkdown).ToListAsync();
            var reports = await db.Set<Platform.Web.Features.Reports.ProblemReport>().Select(r => r.Description + r.SelectedText + r.PageUrl + r.UserAgent).ToListAsync();
            Assert.All(names, n => Assert.True(TextPolicy.IsSingleLine(n), Show(n)));
            Assert.All(comments.Concat(reports), t => Assert.True(TextPolicy.IsAllowed(t), Show(t)));
        }
        // What readers and admins see renders no live script or link from what was sent.
        foreach (var (role, url) in new[] { ("visitor", "/courses/demo/intro"), ("learner", "/courses/demo/intro"), ("admin", "/admin/comments"), ("admin", "/admin/reports"), ("admin", "/admin/users") })
        {
            var html = await clients[role].GetStringAsync(url);
            Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("onerror=alert", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Refused_text_gets_a_Korean_400_and_is_not_stored()
    {
        var email = $"nul-{Guid.NewGuid():N}@example.com";
        await factory.CreateUserAsync(email, displayName: "원래 이름");
        using var client = await factory.SignedInClientAsync(email);

        foreach (var name in new[] { "a\0b", "관리자\u202Egnp.exe", "벨\u0007" })
        {
            var response = await client.SubmitFormAsync("/Identity/Account/Manage", "form#profile", new Dictionary<string, string> { ["Input.DisplayName"] = name });
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
            Assert.Contains(TextPolicy.RefusalMessage, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var multiline = await client.SubmitFormAsync("/Identity/Account/Manage", "form#profile", new Dictionary<string, string> { ["Input.DisplayName"] = "둘째\n줄" });
        Assert.Contains("줄바꿈", await multiline.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var token = (await client.GetFromJsonAsync<TokenResponse>("/api/antiforgery"))!.Token;
        foreach (var escaped in new[] { "\\u0000", "\\ud800", "\\u202e" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/progress/complete")
            {
                Content = new StringContent("{\"lesson\":\"demo/intro" + escaped + "\"}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(JsonAntiforgery.HeaderName, token);
            var json = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
            Assert.Contains("쓸 수 없는 문자", await json.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var db = factory.CreateDbContext();
        Assert.Equal("원래 이름", await db.Users.Where(u => u.Email == email).Select(u => u.DisplayName).SingleAsync());
    }

    private async Task<List<Target>> TargetsAsync(Dictionary<string, string> routeValues, Func<string, string> idFor)
    {
        var services = factory.Services;
        var loader = services.GetRequiredService<PageLoader>();
        var targets = new List<Target>();
        foreach (var page in services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items.OfType<PageActionDescriptor>())
        {
            var template = page.AttributeRouteInfo?.Template;
            if (template is null || page.ViewEnginePath is "/Account/Logout" or "/Error")
            {
                continue;
            }
            var compiled = await loader.LoadAsync(page, Microsoft.AspNetCore.Http.EndpointMetadataCollection.Empty);
            var pattern = RoutePatternFactory.Parse(template);
            var routeNames = pattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            string Url(string? hostileName = null, string? hostile = null)
            {
                var path = "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternParameterPart parameter => Uri.EscapeDataString(parameter.Name == hostileName ? hostile! :
                        routeValues.TryGetValue(parameter.Name, out var value) ? value : parameter.Name == "id" ? idFor(template) : "1"),
                    _ => "",
                }))));
                return path;
            }
            var role = template == "admin" || template.StartsWith("admin/", StringComparison.Ordinal) ? "admin" : "learner";
            var bound = compiled.BoundProperties.SelectMany(p => FieldNames(p.Name, p.ParameterType)).ToList();
            foreach (var handler in compiled.HandlerMethods)
            {
                var query = handler.Name is null ? "" : $"?handler={handler.Name}";
                var parameters = handler.Parameters
                    .Where(p => !routeNames.Contains(p.Name) && p.ParameterType != typeof(CancellationToken))
                    .SelectMany(p => FieldNames(p.Name, p.ParameterType)).ToList();
                var isPost = handler.HttpMethod == "POST";
                foreach (var name in routeNames)
                {
                    targets.Add(new Target(role, handler.HttpMethod, Url(name, "{payload}") + query, name, "route"));
                }
                foreach (var name in parameters.Concat(isPost ? bound : []).Append("handler").Distinct())
                {
                    targets.Add(new Target(role, handler.HttpMethod, Url() + query, name, isPost ? "form" : "query"));
                }
                if (!isPost)
                {
                    // Read straight from the query by a part of the page (the lesson page's comment pager).
                    foreach (var name in new[] { "comments", "pageIndex", "sort" }.Except(parameters))
                    {
                        targets.Add(new Target(role, "GET", Url() + query, name, "query"));
                    }
                }
                if (!isPost && role == "learner")
                {
                    foreach (var name in parameters.Append("returnUrl").Append("comments").Append("sort").Distinct())
                    {
                        targets.Add(new Target("visitor", "GET", Url() + query, name, "query"));
                    }
                }
            }
        }
        // The minimal-API endpoints: their route values and JSON fields.
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is null && e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor>() is null))
        {
            var raw = endpoint.RoutePattern.RawText ?? "";
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                var url = "/" + raw.TrimStart('/');
                foreach (var parameter in endpoint.RoutePattern.Parameters)
                {
                    targets.Add(new Target("learner", method, url.Replace("{" + parameter.Name + (parameter.ParameterPolicies.Count > 0 ? ":" + string.Join(":", parameter.ParameterPolicies.Select(p => p.Content)) : "") + "}", "{payload}", StringComparison.Ordinal), parameter.Name, "route"));
                }
                if (method == "POST")
                {
                    foreach (var field in new[] { "lesson", "completions.lesson", "completions.completedAt", "completions", "exercise", "answer" })
                    {
                        targets.Add(new Target("learner", method, url, field, "json"));
                    }
                }
                else
                {
                    targets.Add(new Target("visitor", method, url, "q", "query"));
                }
            }
        }
        return targets;
    }

    private static IEnumerable<string> FieldNames(string name, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime)
            || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(Guid) || type == typeof(TimeSpan))
        {
            return [name];
        }
        if (type.IsArray || (type.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(type)))
        {
            return [name, name + "[0]"];
        }
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .SelectMany(p => FieldNames($"{name}.{p.Name}", p.PropertyType));
    }

    private static HttpRequestMessage Build(Target target, string payload, string token)
    {
        var url = target.Where == "route" ? target.Url.Replace("%7Bpayload%7D", Uri.EscapeDataString(payload), StringComparison.Ordinal).Replace("{payload}", Uri.EscapeDataString(payload), StringComparison.Ordinal) : target.Url;
        if (target.Where == "query")
        {
            url += (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + Uri.EscapeDataString(target.Field) + "=" + Uri.EscapeDataString(payload);
        }
        var request = new HttpRequestMessage(new HttpMethod(target.Method), url);
        if (target.Method == "POST")
        {
            request.Headers.Add(JsonAntiforgery.HeaderName, token);
            if (target.Where == "json")
            {
                var json = target.Field switch
                {
                    "lesson" => $"{{\"lesson\":{Json(payload)}}}",
                    "completions.lesson" => $"{{\"completions\":[{{\"lesson\":{Json(payload)},\"completedAt\":\"2026-01-01T00:00:00Z\"}}]}}",
                    "completions.completedAt" => $"{{\"completions\":[{{\"lesson\":\"demo/intro\",\"completedAt\":{Json(payload)}}}]}}",
                    "exercise" => $"{{\"exercise\":{Json(payload)},\"answer\":\"1\"}}",
                    "answer" => $"{{\"exercise\":\"demo/intro/1\",\"answer\":{Json(payload)}}}",
                    _ => $"{{\"completions\":{payload}}}",
                };
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }
            else
            {
                var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token) };
                if (target.Where == "form")
                {
                    fields.Add(new(target.Field, payload));
                }
                request.Content = new FormUrlEncodedContent(fields);
            }
        }
        return request;
    }

    // Lone surrogates written as JSON escapes, the way a hostile client would send them.
    private static string Json(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c is '"' or '\\' || c < ' ' || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }
        return builder.Append('"').ToString();
    }

    private static string Show(string? value) =>
        value is null ? "null" : value.Length > 60 ? $"({value.Length} chars)" : string.Concat(value.Select(c => c < ' ' || c > '~' && c < '\u00A0' || char.IsSurrogate(c) || c is >= '\u202A' and <= '\u202E' ? $"\\u{(int)c:X4}" : c.ToString()));

    private sealed record TokenResponse(string Token);
}
