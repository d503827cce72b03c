using System.ComponentModel.DataAnnotations;

namespace Platform.Web.Features.Account;

/// The length rule for a password someone chooses (register, reset, change), checked on the form
/// with a Korean message. Identity checks the same numbers again when the password is set.
[AttributeUsage(AttributeTargets.Property)]
public sealed class NewPasswordAttribute : StringLengthAttribute
{
    public const int MinLength = 8;

    public NewPasswordAttribute()
        : base(MaxLengthPasswordValidator.MaxLength)
    {
        MinimumLength = MinLength;
        ErrorMessage = $"비밀번호는 {MinLength}자 이상 {MaxLengthPasswordValidator.MaxLength}자 이하여야 해요.";
    }
}
