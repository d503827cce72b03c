using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Features.Account;

/// How a person's name reads on a page or in mail. A deleted account keeps no name (its display
/// name is stored empty, see <see cref="User.DeletedDisplayName"/>) and reads "탈퇴한 사용자" or
/// "Deleted user" in the reader's language. Names are turned into words where they are shown,
/// never when read from the database: comment pages are shared by readers of both languages.
public static class AccountNames
{
    public static string Shown(string? displayName) =>
        string.IsNullOrEmpty(displayName) ? Localized.Text<AccountText>("Id.DeletedName") : displayName;
}
