using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Features.Lessons;

/// One question of a lesson, from a ```` ```quiz ```` block: multiple choice (`choices` and the
/// 1-based `answer`) or short answer (`answers`, any of which is right). The answers stay on the
/// server: the page shows the question and the choices only, and the explanation after a right
/// answer.
public sealed record LessonExercise(
    string Id,
    string QuestionHtml,
    IReadOnlyList<string> ChoicesHtml,
    int? Answer,
    IReadOnlyList<string> Answers,
    string ExplanationHtml)
{
    public const string FenceInfo = "quiz";
    public const int AnswerMaxLength = 200;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool IsChoice => ChoicesHtml.Count > 0;

    /// Whether <paramref name="answer"/> (the choice's number, or the text typed) is right. Short
    /// answers are compared without case, outer spaces, runs of spaces or Unicode width forms.
    public bool Check(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer) || answer.Length > AnswerMaxLength)
        {
            return false;
        }
        if (IsChoice)
        {
            return int.TryParse(answer.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n == Answer;
        }
        var given = Normalize(answer);
        return Answers.Any(a => Normalize(a) == given);
    }

    public static string Normalize(string text) =>
        string.Join(' ', text.Normalize(NormalizationForm.FormKC).ToLowerInvariant()
            .Split((char[])[' ', '\t', '\n', '\r', '\u00a0', '\u3000'], StringSplitOptions.RemoveEmptyEntries));

    /// `course/lesson/exercise`: how the browser's store and the API name one question.
    public static string Key(string lessonKey, string id) => $"{lessonKey}/{id}";

    public static string Serialize(IReadOnlyList<LessonExercise> exercises) => JsonSerializer.Serialize(exercises, Json);

    public static IReadOnlyList<LessonExercise> Deserialize(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<LessonExercise>>(json, Json) ?? [];
}

/// A malformed quiz block; <see cref="Line"/> counts from the start of the Markdown (0-based).
public sealed class LessonExerciseException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}

/// Reads ```` ```quiz ```` blocks (YAML inside) and renders each as a form that asks the server.
internal static partial class LessonExerciseBlocks
{
    private static readonly string[] Fields = ["id", "question", "choices", "answer", "answers", "explanation"];
    private const int MaxChoices = 8;

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    public static LessonExercise Parse(FencedCodeBlock block, MarkdownPipeline pipeline)
    {
        // The YAML's first line is the line after the fence.
        var fenceLine = block.Line;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(block.Lines.ToString()));
        }
        catch (YamlException e)
        {
            throw new LessonExerciseException(fenceLine + (int)e.Start.Line, Localized.Text<ContentText>("Quiz.BadYaml", e.Message));
        }
        catch (InvalidOperationException)
        {
            throw new LessonExerciseException(fenceLine, Localized.Text<ContentText>("Quiz.UnclosedYaml"));
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new LessonExerciseException(fenceLine, Localized.Text<ContentText>("Quiz.Fields"));
        }
        int LineOf(YamlNode node) => fenceLine + (int)node.Start.Line;
        foreach (var key in root.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } name } || !Fields.Contains(name, StringComparer.Ordinal))
            {
                throw new LessonExerciseException(LineOf(key), Localized.Text<ContentText>("Quiz.UnknownField", (key as YamlScalarNode)?.Value ?? "", string.Join(", ", Fields)));
            }
        }
        string? Scalar(string key)
        {
            if (!root.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                return null;
            }
            if (node is not YamlScalarNode scalar)
            {
                throw new LessonExerciseException(LineOf(node), Localized.Text<ContentText>("Quiz.NotScalar", key));
            }
            return string.IsNullOrWhiteSpace(scalar.Value) ? null : scalar.Value.Trim();
        }
        List<string>? List(string key)
        {
            if (!root.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                return null;
            }
            if (node is not YamlSequenceNode sequence || sequence.Children.Any(c => c is not YamlScalarNode { Value.Length: > 0 }))
            {
                throw new LessonExerciseException(LineOf(node), Localized.Text<ContentText>("Quiz.NotList", key));
            }
            return sequence.Children.Select(c => ((YamlScalarNode)c).Value!.Trim()).ToList();
        }

        var id = Scalar("id") ?? throw new LessonExerciseException(fenceLine, Localized.Text<ContentText>("Quiz.NoId"));
        if (!IdPattern().IsMatch(id) || id.Length > 60)
        {
            throw new LessonExerciseException(LineOf(root.Children[new YamlScalarNode("id")]), Localized.Text<ContentText>("Quiz.BadId", id));
        }
        var question = Scalar("question") ?? throw new LessonExerciseException(fenceLine, Localized.Text<ContentText>("Quiz.NoQuestion", id));
        var explanation = Scalar("explanation") ?? throw new LessonExerciseException(fenceLine, Localized.Text<ContentText>("Quiz.NoExplanation", id));
        var choices = List("choices");
        var answers = List("answers");
        var answerText = Scalar("answer");
        int? answer = null;
        if (choices is not null)
        {
            if (answers is not null)
            {
                throw new LessonExerciseException(fenceLine, Localized.Text<ContentText>("Quiz.ChoicesAndAnswers", id));
            }
            if (choices.Count is < 2 or > MaxChoices)
            {
                throw new LessonExerciseException(LineOf(root.Children[new YamlScalarNode("choices")]), Localized.Text<ContentText>("Quiz.ChoiceCount", id, MaxChoices));
            }
            if (answerText is null || !int.TryParse(answerText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > choices.Count)
            {
                throw new LessonExerciseException(
                    answerText is null ? fenceLine : LineOf(root.Children[new YamlScalarNode("answer")]),
                    Localized.Text<ContentText>("Quiz.AnswerNumber", id, choices.Count));
            }
            answer = n;
        }
        else if (answers is not null)
        {
            if (answerText is not null)
            {
                throw new LessonExerciseException(LineOf(root.Children[new YamlScalarNode("answer")]), Localized.Text<ContentText>("Quiz.ShortAnswerOnly", id));
            }
            if (answers.Count == 0 || answers.Any(a => a.Length > LessonExercise.AnswerMaxLength))
            {
                throw new LessonExerciseException(LineOf(root.Children[new YamlScalarNode("answers")]), Localized.Text<ContentText>("Quiz.AnswersEmpty", id, LessonExercise.AnswerMaxLength));
            }
        }
        else
        {
            throw new LessonExerciseException(fenceLine, Localized.Text<ContentText>("Quiz.NoAnswer", id));
        }
        return new LessonExercise(
            id,
            Inline(question, pipeline),
            choices?.Select(c => Inline(c, pipeline)).ToList() ?? [],
            answer,
            answers ?? [],
            Markdown.ToHtml(explanation, pipeline));
    }

    /// The question as the page shows it: a form that sends the answer to /exercise (a page with
    /// the antiforgery token), or, with exercises.js, to the JSON API in place.
    public static string RenderForm(LessonExercise exercise, string? lessonKey)
    {
        var key = LessonMarkdown.Html(LessonExercise.Key(lessonKey ?? "", exercise.Id));
        var id = LessonMarkdown.Html("quiz-" + exercise.Id);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<form class=\"quiz\" id=\"{id}\" method=\"get\" action=\"/exercise\" data-exercise=\"{key}\">");
        html.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"key\" value=\"{key}\">");
        html.Append("<fieldset><legend class=\"quiz-question\">").Append(exercise.QuestionHtml).Append("</legend>");
        if (exercise.IsChoice)
        {
            for (var i = 0; i < exercise.ChoicesHtml.Count; i++)
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<label class=\"check quiz-choice\"><input type=\"radio\" name=\"answer\" value=\"{i + 1}\" required> <span>{exercise.ChoicesHtml[i]}</span></label>");
            }
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<label class=\"quiz-short\">{LessonWords.Marker("Quiz.Answer")} <input type=\"text\" name=\"answer\" maxlength=\"{LessonExercise.AnswerMaxLength}\" autocomplete=\"off\" required></label>");
        }
        html.Append("</fieldset>");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"quiz-actions\"><button type=\"submit\" class=\"primary\">{LessonWords.Marker("Quiz.Check")}</button></div>");
        html.Append("<div class=\"quiz-result\" role=\"status\" aria-live=\"polite\"></div>");
        html.Append("</form>");
        return html.ToString();
    }

    /// Markdown of one line (a question, a choice) without its paragraph.
    private static string Inline(string markdown, MarkdownPipeline pipeline)
    {
        var html = Markdown.ToHtml(markdown, pipeline).Trim();
        return html.StartsWith("<p>", StringComparison.Ordinal) && html.EndsWith("</p>", StringComparison.Ordinal)
            && html.IndexOf("<p>", 3, StringComparison.Ordinal) < 0
            ? html[3..^4]
            : html;
    }
}
