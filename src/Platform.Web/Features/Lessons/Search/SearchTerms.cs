using System.Text;

namespace Platform.Web.Features.Lessons.Search;

/// How text becomes search terms, the same for the index and for a query: words are runs of
/// letters and digits, split where Hangul meets another script ("LoRA로" → "lora", "로"), and
/// lower-cased. PostgreSQL has no Korean dictionary, so a Korean word keeps its particles in the
/// index ("모델을"); the query side strips them ("모델을" → "모델") and matches by prefix
/// ("모델:*" finds 모델, 모델을, 모델은), which is how a stem meets every inflected form.
public static class SearchTerms
{
    public const int MaxQueryLength = 200;
    public const int MaxQueryWords = 8;

    // Longest first: "에서는" must win over "는". Particles and a few common endings.
    private static readonly string[] Suffixes =
    [
        "으로부터", "에서부터", "에서는", "으로는", "으로서", "으로써", "에게서", "이라고", "이에요", "입니다",
        "적으로", "에서", "에게", "한테", "까지", "부터", "처럼", "보다", "이나", "이랑", "하고", "으로", "라고",
        "에는", "에도", "와의", "과의", "로서", "로써", "로는", "하는", "하기", "하면", "해서", "한다", "적인",
        "이다", "예요", "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도", "만", "로", "랑",
    ];

    private static readonly HashSet<string> Particles = new(Suffixes, StringComparer.Ordinal);

    /// The words of a text, normalised (lower case, split at script changes).
    public static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        var wordIsHangul = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsLetterOrDigit(rune))
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
                continue;
            }
            var isHangul = IsHangul(rune);
            if (word.Length > 0 && isHangul != wordIsHangul)
            {
                yield return word.ToString();
                word.Clear();
            }
            wordIsHangul = isHangul;
            word.Append(Rune.ToLowerInvariant(rune).ToString());
        }
        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    /// The words of a text joined by spaces: what the index's tsvector is built from, so
    /// PostgreSQL's parser sees exactly the words a query will look for.
    public static string Normalize(string text) => string.Join(' ', Words(text));

    /// A Korean word without its particle or ending ("데이터셋으로" → "데이터셋"); at least two
    /// syllables stay, so "평가" is not cut to "평".
    public static string Stem(string word)
    {
        if (word.Length < 3 || !word.EnumerateRunes().All(IsHangul))
        {
            return word;
        }
        foreach (var suffix in Suffixes)
        {
            if (word.Length - suffix.Length >= 2 && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                return word[..^suffix.Length];
            }
        }
        return word;
    }

    /// The stems a query looks for, in order, without repeats. A word that is only a particle
    /// ("로" split from "LoRA로") is dropped, unless it is all there is.
    public static IReadOnlyList<string> QueryStems(string query)
    {
        var words = Words(query).ToList();
        var meaningful = words.Where(w => !Particles.Contains(w)).ToList();
        return (meaningful.Count > 0 ? meaningful : words)
            .Select(Stem)
            .Distinct(StringComparer.Ordinal)
            .Take(MaxQueryWords)
            .ToList();
    }

    /// A tsquery in PostgreSQL's input syntax: every stem as a quoted prefix, all required (or,
    /// joined with " | ", any of them). Stems are letters and digits only, so quoting cannot be
    /// broken out of.
    public static string TsQuery(IReadOnlyList<string> stems, string join = " & ") =>
        string.Join(join, stems.Select(s => $"'{s}':*"));

    /// Edits (insert, delete, replace, or swap two neighbours) that turn one word into the other.
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }

    private static bool IsHangul(Rune rune) =>
        rune.Value is (>= 0xAC00 and <= 0xD7A3) or (>= 0x1100 and <= 0x11FF) or (>= 0x3130 and <= 0x318F);
}
