using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Progress;

namespace Platform.Tests.Progress;

/// A learner's client for the progress API: signed in, antiforgery header set.
internal static class ProgressApi
{
    public static async Task<HttpClient> LearnerAsync(PlatformFactory factory, string email)
    {
        await factory.CreateUserAsync(email);
        return await SignInWithTokenAsync(factory, email);
    }

    /// Another device of the same learner: a new sign-in, its own cookies and token.
    public static async Task<HttpClient> SignInWithTokenAsync(PlatformFactory factory, string email)
    {
        var client = await factory.SignedInClientAsync(email);
        await AddTokenAsync(client);
        return client;
    }

    public static async Task AddTokenAsync(HttpClient client)
    {
        var token = await client.GetFromJsonAsync<JsonElement>("/api/antiforgery");
        client.DefaultRequestHeaders.Add("RequestVerificationToken", token.GetProperty("token").GetString());
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> CompleteAsync(this HttpClient client, string lesson)
    {
        var response = await client.PostAsJsonAsync("/api/progress/complete", new { lesson });
        return await OkJsonAsync(response);
    }

    public static async Task<JsonElement> MergeAsync(this HttpClient client, params (string Lesson, string CompletedAt)[] items)
    {
        var response = await client.PostAsJsonAsync("/api/progress/merge",
            new { completions = items.Select(i => new { lesson = i.Lesson, completedAt = i.CompletedAt }) });
        return await OkJsonAsync(response);
    }

    public static async Task<JsonElement> ProgressAsync(this HttpClient client) =>
        await OkJsonAsync(await client.GetAsync("/api/progress"));

    public static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static string[] Lessons(this JsonElement progress) =>
        progress.GetProperty("completed").EnumerateArray().Select(c => c.GetProperty("lesson").GetString()!).Order(StringComparer.Ordinal).ToArray();

    public static string[] AchievementIds(this JsonElement progress) =>
        progress.GetProperty("achievements").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToArray();

    public static int Xp(this JsonElement progress) => progress.GetProperty("xp").GetInt32();

    /// Rows of the learner's ledger tables, straight from the database.
    public static async Task<(int Completions, int XpEvents, int Awards, int Activities)> RowsAsync(PlatformFactory factory, string email)
    {
        await using var db = factory.CreateDbContext();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return (
            await db.Set<LessonCompletion>().CountAsync(c => c.UserId == userId),
            await db.Set<XpEvent>().CountAsync(e => e.UserId == userId),
            await db.Set<AchievementAward>().CountAsync(a => a.UserId == userId),
            await db.Set<LearnerActivity>().CountAsync(a => a.UserId == userId));
    }
}
