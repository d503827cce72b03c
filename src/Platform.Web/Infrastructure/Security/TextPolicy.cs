using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Infrastructure.Security;

/// What text may contain before it reaches the database or another reader's screen. One rule for
/// every path, query parameter, form field, JSON string and stored header: no NUL or other control
/// characters (tab and line breaks excepted), no direction overrides or isolates (they disguise
/// text, in mail subjects too), no unpaired surrogates, no non-characters. PostgreSQL refuses 0x00
/// in text; the rest would reach other people's screens.
public static class TextPolicy
{
    /// In the request's language (request localization runs before the policy).
    public static string RefusalMessage => Localized.Text<SharedText>("Refusal.BadCharacters");

    public static bool IsAllowed(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }
                return false;
            }
            if (char.IsLowSurrogate(c) || IsRefused(c))
            {
                return false;
            }
        }
        return true;
    }

    /// The request headers a feature stores (a report keeps the browser and the page it came from).
    public static bool AllowsStoredHeaders(HttpRequest request) =>
        IsAllowed(request.Headers.UserAgent) && IsAllowed(request.Headers.Referer);

    /// Also no line breaks or tabs: for names and other one-line fields.
    public static bool IsSingleLine(string? text) => IsAllowed(text) && (text is null || text.IndexOfAny(['\n', '\r', '\t']) < 0);

    private static bool IsRefused(char c) => c switch
    {
        '\t' or '\n' or '\r' => false,
        < '\u0020' => true,
        >= '\u007F' and <= '\u009F' => true,
        >= '\u202A' and <= '\u202E' => true,
        >= '\u2066' and <= '\u2069' => true,
        '\uFFFE' or '\uFFFF' => true,
        _ => false,
    };
}

/// Applies <see cref="TextPolicy"/> to the whole request before any page or endpoint sees it: the
/// path, the query, form fields, JSON strings and the headers a feature stores (User-Agent,
/// Referer). A refusal is a 400 with <see cref="TextPolicy.RefusalMessage"/> (a problem document
/// for JSON, the error page otherwise). Runs after <see cref="RequestBodyLimit"/>, so what it reads is bounded.
internal sealed class TextPolicyMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (RequestRefusal.IsReExecution(context) || await IsAllowedAsync(context.Request))
        {
            await next(context);
            return;
        }
        await RequestRefusal.WriteAsync(context, StatusCodes.Status400BadRequest, TextPolicy.RefusalMessage);
    }

    private static async Task<bool> IsAllowedAsync(HttpRequest request)
    {
        if (!TextPolicy.IsAllowed(request.Path.Value) || !TextPolicy.IsAllowed(request.PathBase.Value))
        {
            return false;
        }
        foreach (var (key, values) in request.Query)
        {
            if (!TextPolicy.IsAllowed(key) || values.Any(v => !TextPolicy.IsAllowed(v)))
            {
                return false;
            }
        }
        if (!TextPolicy.AllowsStoredHeaders(request))
        {
            return false;
        }
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            }
            catch (InvalidDataException)
            {
                // Too many fields, a field too long, a broken multipart body: the form's own limits.
                return false;
            }
            return form.All(f => TextPolicy.IsAllowed(f.Key) && f.Value.All(TextPolicy.IsAllowed))
                && form.Files.All(f => TextPolicy.IsAllowed(f.FileName) && TextPolicy.IsAllowed(f.Name));
        }
        if (request.HasJsonContentType())
        {
            return await IsJsonAllowedAsync(request);
        }
        return true;
    }

    private static async Task<bool> IsJsonAllowedAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        var reader = new Utf8JsonReader(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && !TextPolicy.IsAllowed(reader.GetString()))
                {
                    return false;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the endpoint answers that with its own 400.
        }
        catch (InvalidOperationException)
        {
            // A string that is not valid UTF-16 (an escaped lone surrogate).
            return false;
        }
        return true;
    }
}

/// A request refused before it reaches a page: the status, a Korean message, and for JSON clients a
/// problem document. Browsers get the error page (re-executed by the status-code pages), which shows
/// the message kept in <see cref="HttpContext.Items"/>.
public static class RequestRefusal
{
    private const string MessageKey = "platform:refusal";

    public static string? MessageOf(HttpContext context) => context.Items[MessageKey] as string;

    public static bool IsReExecution(HttpContext context) =>
        context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null;

    public static async Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Items[MessageKey] = message;
        if (WantsJson(context.Request))
        {
            await Results.Problem(title: message, statusCode: status).ExecuteAsync(context);
        }
    }

    private static bool WantsJson(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.HasJsonContentType()
        || request.Headers.Accept.Any(a => a is not null && a.Contains("application/json", StringComparison.OrdinalIgnoreCase));
}

/// A one-line field (a display name): <see cref="TextPolicy.IsSingleLine"/>, checked in the model state.
[AttributeUsage(AttributeTargets.Property)]
public sealed class SingleLineAttribute : System.ComponentModel.DataAnnotations.ValidationAttribute
{
    /// In the request's language. A custom attribute has no adapter, so MVC would not look an
    /// ErrorMessage key up in SharedText; it asks for the message here instead.
    public override string FormatErrorMessage(string name) => Localized.Text<SharedText>("Validation.SingleLine");

    public override bool IsValid(object? value) => value is not string text || TextPolicy.IsSingleLine(text);
}
