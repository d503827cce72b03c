using System.ComponentModel.DataAnnotations;

namespace Platform.Web.Features.Account;

/// The length rule for a password someone chooses (register, reset, change), checked on the form
/// with a message from SharedText (its numbers are written there). Identity checks the same numbers again when the password is set.
[AttributeUsage(AttributeTargets.Property)]
public sealed class NewPasswordAttribute : StringLengthAttribute
{
    public const int MinLength = 8;

    public NewPasswordAttribute()
        : base(MaxLengthPasswordValidator.MaxLength)
    {
        MinimumLength = MinLength;
        ErrorMessage = "Validation.NewPasswordLength";
    }
}
