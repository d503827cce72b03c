namespace Platform.Web.Features.Account;

/// Marker for AccountText.resx (Korean) and AccountText.en.resx: the account pages' and mails' words.
public sealed class AccountText;
