using System.Text.RegularExpressions;
using System.Xml.Linq;
using Platform.Web.Features.Progress;
using Platform.Web.Infrastructure.Data;

namespace Platform.Tests.Localization;

/// The interface's words live in .resx files beside their marker class: Name.resx (Korean, the
/// neutral language) and Name.en.resx (English). These tests read the source tree.
public sealed partial class ResourceTests
{
    private static readonly string Root = RepositoryPaths.Root(AppContext.BaseDirectory);
    private static readonly string Web = Path.Combine(Root, "src", "Platform.Web");

    private static Dictionary<string, string> Keys(string resx) =>
        XDocument.Load(resx).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    private static IEnumerable<string> Resx() =>
        Directory.EnumerateFiles(Web, "*.resx", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [Fact]
    public void Every_key_exists_in_Korean_and_in_English()
    {
        var all = Resx().ToList();
        var korean = all.Where(f => !f.EndsWith(".en.resx", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(korean);
        var problems = new List<string>();
        foreach (var neutral in korean)
        {
            var english = neutral[..^".resx".Length] + ".en.resx";
            if (!File.Exists(english))
            {
                problems.Add($"{Path.GetRelativePath(Web, neutral)} has no English file");
                continue;
            }
            var ko = Keys(neutral);
            var en = Keys(english);
            problems.AddRange(ko.Keys.Except(en.Keys).Select(k => $"{Path.GetRelativePath(Web, english)} lacks '{k}'"));
            problems.AddRange(en.Keys.Except(ko.Keys).Select(k => $"{Path.GetRelativePath(Web, neutral)} lacks '{k}'"));
            problems.AddRange(ko.Where(p => p.Value.Length == 0).Select(p => $"{Path.GetRelativePath(Web, neutral)}: '{p.Key}' is empty"));
            problems.AddRange(en.Where(p => p.Value.Length == 0).Select(p => $"{Path.GetRelativePath(Web, english)}: '{p.Key}' is empty"));
            // A placeholder in one language must be in the other, or an argument goes missing.
            problems.AddRange(ko.Where(p => en.TryGetValue(p.Key, out var e) && !Placeholders(p.Value).SetEquals(Placeholders(e)))
                .Select(p => $"{Path.GetRelativePath(Web, neutral)}: '{p.Key}' has other placeholders than in English"));
        }
        problems.AddRange(all.Where(f => f.EndsWith(".en.resx", StringComparison.Ordinal) && !File.Exists(f[..^".en.resx".Length] + ".resx"))
            .Select(f => $"{Path.GetRelativePath(Web, f)} has no Korean file"));
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void The_Korean_level_and_achievement_names_are_those_of_the_progress_rules()
    {
        var ko = Keys(Path.Combine(Web, "Features", "Progress", "ProgressText.resx"));
        foreach (var level in ProgressRules.Levels)
        {
            Assert.Equal(level.Name, ko[$"Level.{level.Number}"]);
        }
        foreach (var achievement in ProgressRules.Achievements)
        {
            Assert.Equal(achievement.Name, ko[$"Achievement.{achievement.Id}.Name"]);
            Assert.Equal(achievement.Description, ko[$"Achievement.{achievement.Id}.Description"]);
        }
    }

    /// Every view and script: a person reads no Hangul from them, only from the .resx files (issue
    /// 14 emptied the list of files still waiting for their conversion; it stays empty).
    [Fact]
    public void Views_and_scripts_show_no_Hangul_outside_resources()
    {
        var files = Directory.EnumerateFiles(Web, "*.cshtml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Web, "wwwroot", "js"), "*.js", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);
        var withHangul = files
            .Where(f => Hangul().IsMatch(WithoutComments(f)))
            .Select(f => Path.GetRelativePath(Web, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(withHangul.Count == 0,
            "Hangul outside resources (move the text into the feature's .resx, see docs/localization.md):\n" + string.Join('\n', withHangul));
    }

    /// What a reader can see: Razor and HTML comments removed from views, comments from scripts.
    private static string WithoutComments(string path)
    {
        var text = File.ReadAllText(path);
        if (path.EndsWith(".js", StringComparison.Ordinal))
        {
            text = BlockComment().Replace(text, "");
            return LineComment().Replace(text, "");
        }
        text = RazorComment().Replace(text, "");
        text = HtmlComment().Replace(text, "");
        return CodeLineComment().Replace(text, "");
    }

    private static HashSet<string> Placeholders(string value) =>
        Placeholder().Matches(value).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7A3]")]
    private static partial Regex Hangul();

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex RazorComment();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    // C# comments in a view's code blocks: "//" at the start of a line's code.
    [GeneratedRegex(@"^\s*//.*$", RegexOptions.Multiline)]
    private static partial Regex CodeLineComment();

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"(?<![:""'\\])//.*$", RegexOptions.Multiline)]
    private static partial Regex LineComment();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
