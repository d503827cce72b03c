using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Platform.Web.Features.Account;

/// Identity's messages in the reader's language (AccountText, Identity.*). The user name is the
/// e-mail address, so both duplicate errors say the same thing (and the page shows it once).
internal sealed class IdentityErrors(IStringLocalizer<AccountText> text) : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Error(nameof(DefaultError), text["Identity.DefaultError"]);

    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), text["Identity.ConcurrencyFailure"]);

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), text["Identity.PasswordMismatch"]);

    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), text["Identity.InvalidToken"]);

    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), text["Identity.InvalidEmail"]);

    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), text["Identity.InvalidEmail"]);

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateEmail), text["Identity.DuplicateEmail"]);

    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), text["Identity.DuplicateEmail"]);

    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), text["Identity.PasswordTooShort", length]);

    public override IdentityError UserAlreadyInRole(string role) => Error(nameof(UserAlreadyInRole), text["Identity.UserAlreadyInRole", role]);

    public override IdentityError UserNotInRole(string role) => Error(nameof(UserNotInRole), text["Identity.UserNotInRole", role]);

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };
}

/// Identity has a minimum length but no maximum; very long inputs only cost hashing time.
internal sealed class MaxLengthPasswordValidator(IStringLocalizer<AccountText> text) : IPasswordValidator<User>
{
    public const int MaxLength = 128;

    public Task<IdentityResult> ValidateAsync(UserManager<User> manager, User user, string? password) =>
        Task.FromResult(password is { Length: > MaxLength }
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordTooLong", Description = text["Identity.PasswordTooLong", MaxLength] })
            : IdentityResult.Success);
}
