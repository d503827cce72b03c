using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Web.Features.Account;

namespace Platform.Tests.Infrastructure;

/// Users made straight through Identity's UserManager (the real stores, the real database), and
/// signed in through the real sign-in page.
public static class TestUsers
{
    public const string Password = "correct horse battery";

    public static async Task<User> CreateUserAsync(
        this PlatformFactory factory, string email, bool confirmed = true, bool admin = false, string? displayName = null)
    {
        return await factory.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<User>>();
            var user = new User
            {
                UserName = email,
                Email = email,
                EmailConfirmed = confirmed,
                DisplayName = displayName ?? email.Split('@')[0],
            };
            var created = await users.CreateAsync(user, Password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            if (admin)
            {
                var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
                if (!await roles.RoleExistsAsync("Admin"))
                {
                    await roles.CreateAsync(new IdentityRole("Admin"));
                }
                await users.AddToRoleAsync(user, "Admin");
            }
            return user;
        });
    }

    /// Gives <paramref name="userId"/> standing (see CommentModeration.HasStanding): two days old and
    /// one lesson completed, so their flags count towards hiding a comment.
    public static async Task GiveStandingAsync(this PlatformFactory factory, string userId)
    {
        await using var db = factory.CreateDbContext();
        await db.Database.ExecuteSqlAsync($"UPDATE users SET created_at = now() - interval '2 days' WHERE id = {userId}");
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO lesson_completions (user_id, lesson_id, completed_at) SELECT {userId}, id, now() FROM lessons ORDER BY id LIMIT 1 ON CONFLICT DO NOTHING");
    }

    /// A client with its own cookie jar, signed in as <paramref name="email"/> through the sign-in form.
    public static async Task<HttpClient> SignedInClientAsync(this PlatformFactory factory, string email, string password = Password)
    {
        var client = factory.CreateBrowser();
        var response = await client.SubmitFormAsync("/Identity/Account/Login", "form#account", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Redirect,
            $"Sign-in as {email} failed: {(int)response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
        return client;
    }
}
