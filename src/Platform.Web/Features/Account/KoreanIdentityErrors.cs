using Microsoft.AspNetCore.Identity;

namespace Platform.Web.Features.Account;

/// Identity's messages, in Korean. The user name is the e-mail address, so both duplicate
/// errors say the same thing (and the page shows it once).
internal sealed class KoreanIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Error(nameof(DefaultError), "알 수 없는 오류가 생겼어요. 다시 시도해 주세요.");

    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), "다른 곳에서 계정이 바뀌었어요. 다시 시도해 주세요.");

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), "비밀번호가 올바르지 않아요.");

    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), "링크가 만료되었거나 올바르지 않아요. 새 메일을 요청해 주세요.");

    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), "이메일 주소 형식이 올바르지 않아요.");

    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), "이메일 주소 형식이 올바르지 않아요.");

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateEmail), "이미 가입된 이메일 주소예요.");

    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), "이미 가입된 이메일 주소예요.");

    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), $"비밀번호는 {length}자 이상이어야 해요.");

    public override IdentityError UserAlreadyInRole(string role) => Error(nameof(UserAlreadyInRole), $"이미 {role} 역할이 있어요.");

    public override IdentityError UserNotInRole(string role) => Error(nameof(UserNotInRole), $"{role} 역할이 없어요.");

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };
}

/// Identity has a minimum length but no maximum; very long inputs only cost hashing time.
internal sealed class MaxLengthPasswordValidator : IPasswordValidator<User>
{
    public const int MaxLength = 128;

    public Task<IdentityResult> ValidateAsync(UserManager<User> manager, User user, string? password) =>
        Task.FromResult(password is { Length: > MaxLength }
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordTooLong", Description = $"비밀번호는 {MaxLength}자 이하여야 해요." })
            : IdentityResult.Success);
}
