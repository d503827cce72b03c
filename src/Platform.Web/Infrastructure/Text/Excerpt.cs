namespace Platform.Web.Infrastructure.Text;

/// The one rule for shortening what a person wrote: whitespace collapsed to single spaces, cut to
/// at most the given length with "…" as its last character. The lengths used across the site are
/// named here, so a quote, a table row and a mail line are cut the same way everywhere.
public static class Excerpt
{
    /// A quote above a form (flag, delete, reply) and a line in a mail.
    public const int Quote = 200;

    /// A line in a list (notifications, the flag queue).
    public const int Line = 140;

    /// A cell in an admin table.
    public const int Cell = 100;

    public static string Of(string text, int maxLength)
    {
        var line = string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= maxLength ? line : line[..(maxLength - 1)].TrimEnd() + "…";
    }
}
